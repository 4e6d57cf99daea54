import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "~/env.server";
import { openDatabase, type Database } from "./client";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the deployment's database from the environment. The embedded PGlite lives in one process only:
 * a lock file turns a second process (say `npm run jobs` beside `npm start`) into a clear error instead of
 * a corrupted data folder.
 */
export async function openAppDatabase(env: Env, role: string): Promise<Database> {
  if (env.DATABASE_URL) return openDatabase({ url: env.DATABASE_URL });
  mkdirSync(env.DATA_DIR, { recursive: true });
  const lock = path.join(env.DATA_DIR, "pglite.lock");
  if (existsSync(lock)) {
    const [pidText, holder] = readFileSync(lock, "utf8").split("\n");
    const pid = Number(pidText);
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new Error(
        `the embedded database in ${env.DATA_DIR} is in use by process ${pid} (${holder ?? "unknown"}); ` +
          "run web and jobs together with `npm start`, or set DATABASE_URL to run them apart",
      );
    }
  }
  writeFileSync(lock, `${process.pid}\n${role}\n`);
  const database = await openDatabase({ dataDir: env.DATA_DIR });
  return {
    ...database,
    close: async () => {
      await database.close();
      rmSync(lock, { force: true });
    },
  };
}
