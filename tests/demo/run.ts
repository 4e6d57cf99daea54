/**
 * `npm run demo`: Earshot against the demo world on loopback. The world's pace is set by DEMO_* variables
 * (see README); the app's data goes to ./data/demo, wiped at each start unless `--keep` is given.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { demoOptionsFromEnv, startDemoWorld } from "./world";
import { setUpDemoBrand, setUpDemoOwner } from "./setup-brand";

const keep = process.argv.includes("--keep");

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .listen(port, process.env.HOST ?? "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
// The demo writes a demo owner and wipes its data at start: it must never touch a real deployment.
if (process.env.DATABASE_URL) {
  console.error("demo: refusing to run with DATABASE_URL set; the demo uses its own embedded database in ./data/demo");
  process.exit(2);
}
process.env.DATA_DIR = "./data/demo";
process.env.SCHEDULER_CRON ??= "*/5 * * * * *";
process.env.FETCH_ALLOWLIST = [process.env.FETCH_ALLOWLIST, "127.0.0.1"].filter(Boolean).join(",");
if (!keep) {
  const lock = path.resolve(process.env.DATA_DIR, "pglite.lock");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8").split("\n")[0]);
    try {
      process.kill(pid, 0);
      console.error(`demo: another demo (process ${pid}) is using ./data/demo; stop it first`);
      process.exit(2);
    } catch {
      // A stale lock from a demo that was killed: nothing holds the data.
    }
  }
  rmSync(path.resolve(process.env.DATA_DIR, "pglite"), { recursive: true, force: true });
}

// `npm start` may well be running on 3000 already: the demo then takes a free port instead of failing.
if (process.env.PORT === undefined && !(await portIsFree(3000))) {
  console.log("demo: port 3000 is in use (is `npm start` running?), so the demo takes a free port");
  process.env.PORT = "0";
}

const world = await startDemoWorld(demoOptionsFromEnv(), Number(process.env.DEMO_PORT ?? 0));
console.log(`demo world: ${world.url} (crisis in ${Math.round(world.options.crisisAfterMs / 1000)} s)`);
const { startServer } = await import("../../app/server");
const app = await startServer({ withJobs: true }).catch(async (error: unknown) => {
  console.error(`demo: could not start Earshot: ${error instanceof Error ? error.message : String(error)}`);
  await world.close();
  process.exit(1);
});
const { brand } = await setUpDemoBrand(app.database.db, world, { intervalSeconds: Number(process.env.DEMO_SOURCE_EVERY_S ?? 10) });
const owner = await setUpDemoOwner(app.database.db);
console.log(`demo: open http://localhost:${app.port}/brands/${brand.id} — new reviews every few seconds, a crisis after about ${Math.round(world.options.crisisAfterMs / 1000)} s`);
console.log(`demo: sign in as ${owner.email} with the password ${owner.password}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    console.log(`demo: ${signal}, stopping…`);
    await app.stop();
    await world.close();
    process.exit(0);
  });
}
