/**
 * Rows written with COPY … FROM STDIN on whichever driver holds the transaction. PostgreSQL reads COPY's
 * text format for about two thirds of what INSERT … SELECT FROM json_to_recordset costs it per row, which is
 * most of the database's share of a collection's first batch.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "./client";

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const escape = (c: string) => ESCAPES[c]!;

/**
 * One field of a COPY text line. Null, undefined and non-finite numbers are NULL, as JSON.stringify makes
 * them null, so a row reads the same whichever way it was sent.
 */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "\\N";
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, escape) : value;
}

interface PostgresJsQuery extends Promise<unknown> {
  writable(): Promise<NodeJS.WritableStream>;
  reject(error: unknown): void;
}

interface PostgresJsClient {
  unsafe(query: string): PostgresJsQuery;
}

// Drizzle keeps the driver's own transaction on its session; COPY needs that, since Drizzle has no COPY.
const driverClient = (tx: Db) => (tx as unknown as { session?: { client?: unknown } }).session?.client as Partial<PostgresJsClient & Pick<PGlite, "query">> | undefined;

/**
 * Whether COPY costs less than an insert of the same rows in this transaction: over a connection to
 * PostgreSQL it does; in PGlite, whose COPY reads through a virtual file, a batch of a few hundred rows took
 * longer than the insert.
 */
export function copyPaysOff(tx: Db): boolean {
  return typeof driverClient(tx)?.unsafe === "function";
}

/**
 * Sends `lines` (fields made with copyField, tab-separated, each line ending in "\n") into `columns` of
 * `table`, as part of the transaction `tx`: a failure rolls back with the rest of it.
 */
export async function copyRows(tx: Db, table: string, columns: readonly string[], lines: string): Promise<void> {
  const client = driverClient(tx);
  const target = `${table} (${columns.join(", ")})`;
  if (typeof client?.unsafe === "function") {
    const query = client.unsafe(`copy ${target} from stdin`);
    // When the server refuses the data after its end, postgres.js (3.4) settles neither the stream nor the
    // query it already resolved with that stream, but still hands the server's error to
    // the query's reject: it is heard there.
    const refused = new Promise<never>((_, reject) => {
      const original = query.reject;
      query.reject = (error) => {
        reject(error);
        original(error);
      };
    });
    refused.catch(() => {});
    const stream = await query.writable();
    const finished = new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", () => resolve());
    });
    stream.end(lines);
    await Promise.race([finished, refused]);
    return;
  }
  if (typeof client?.query === "function") {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([lines]) });
    return;
  }
  throw new Error("expected a transaction of postgres.js or PGlite to copy rows into, got neither");
}
