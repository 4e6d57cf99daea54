/**
 * `npm run jobs`: the scheduler on its own, for deployments on PostgreSQL where web and jobs scale apart.
 * Any number of these can run against one database; leases keep them from collecting a source twice.
 */
import { fileURLToPath } from "node:url";
import { openAppDatabase } from "~/db/open.server";
import { getEnv } from "~/env.server";
import { schedulerOptionsFromEnv, startScheduler } from "./scheduler";

export async function startWorker() {
  const env = getEnv();
  const database = await openAppDatabase(env, "jobs");
  const scheduler = startScheduler(schedulerOptionsFromEnv(database.db, env));
  console.log(`earshot: jobs worker ${scheduler.workerId} running (${database.kind}, schedule "${env.SCHEDULER_CRON}")`);
  return {
    scheduler,
    stop: async () => {
      await scheduler.stop();
      await database.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  startWorker().then(
    ({ stop }) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
          console.log(`earshot: ${signal}, finishing the current collection…`);
          stop().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
        });
      }
    },
    (error: unknown) => {
      console.error(`earshot: could not start the jobs worker: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
