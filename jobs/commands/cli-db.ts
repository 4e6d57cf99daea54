import type { Database } from "~/db/client";
import { openAppDatabase } from "~/db/open.server";
import { getEnv } from "~/env.server";

/** The deployment's database, as the server would open it; closed when `fn` is done. */
export async function withCliDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openAppDatabase(getEnv(), "cli");
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export function writeJson(out: NodeJS.WritableStream, value: unknown) {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export class UsageError extends Error {}
