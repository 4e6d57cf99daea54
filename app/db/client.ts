import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The common ground of both drivers: everything in app/models takes this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; without it the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder; omitted → in-memory (tests). */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
}

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const client = connectPostgres(options.url, { max: options.max ?? 10 });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    try {
      await migratePostgres(db as never, { migrationsFolder });
    } catch (error) {
      await client.end({ timeout: 1 });
      const reason = driverError(error);
      throw new Error(`could not migrate the PostgreSQL database at ${redact(options.url)}: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: error });
    }
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  let client: PGlite;
  if (options.dataDir) {
    const dir = path.join(options.dataDir, "pglite");
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return { db, kind: "pglite", close: () => client.close() };
}

/** A postgres.js client for `url` as Earshot opens them: sockets without Nagle's delay, notices dropped. */
function connectPostgres(url: string, { max }: { max: number }): postgres.Sql {
  // `socket` is in postgres.js's documented options but not in its types.
  return postgres(url, { max, onnotice: () => {}, ...({ socket: socketsWithoutDelay() } as object) });
}

interface SocketOptions {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * postgres.js's connections, but with Nagle's algorithm off, as libpq has them: with it on, the small message
 * that ends a COPY waits for the acknowledgement of the data before it, which the server delays by some 40 ms.
 * The socket is handed over while it connects (it queues what is written meanwhile), so postgres.js's own
 * connect timeout, errors and reconnects apply as before; the URL's hosts take turns as in postgres.js.
 */
function socketsWithoutDelay(): (options: SocketOptions) => net.Socket {
  let next = 0;
  return (options) => {
    if (options.path) return net.connect({ path: options.path });
    const at = next++ % options.host.length;
    const host = options.host[at]!;
    const port = options.port[at] ?? options.port[0] ?? 5432;
    // postgres.js names the server by `host` for TLS.
    return Object.assign(net.connect({ host, port, noDelay: true }), { host, port });
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** Rows of a raw `db.execute`: postgres.js answers with an array, PGlite with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The driver's own error under Drizzle's "Failed query: …" wrappers: the reason (a refused connection, a
 * broken constraint) rather than the statement with all its parameters.
 */
export function driverError(error: unknown): unknown {
  let e: unknown = error;
  while (e instanceof Error && e.message.startsWith("Failed query") && e.cause instanceof Error) e = e.cause;
  return e;
}

// A connection that went away under a statement: a restart, a failover, a terminated backend, a reset
// network. Not the ones our own end() causes (CONNECTION_ENDED, CONNECTION_DESTROYED).
const CONNECTION_LOST = new Set(["CONNECTION_CLOSED", "ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03"]);

/** True when a statement failed because its connection was lost, so the same statement may well succeed on the next one. */
export function isConnectionLost(error: unknown): boolean {
  const code = (driverError(error) as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_LOST.has(code);
}

/** True for PostgreSQL's unique_violation, however the driver wrapped it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (e && typeof e === "object"); e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
    if (!(e as { cause?: unknown }).cause) break;
  }
  return false;
}
