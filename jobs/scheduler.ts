import { hostname } from "node:os";
import cron from "node-cron";
import type { Db } from "~/db/client";
import { claimDueSources, listPushesSince } from "~/models/sources.server";
import { purgeExpiredAccessRows } from "~/models/users.server";
import { createDbPoliteness } from "./db-politeness";
import { guardedFetch } from "./fetch/guarded-fetch";
import { detectIncidents } from "./detect-incidents";
import { collectSource, DEFAULT_LEASE_MS, describeError, WorkerStopping } from "./pipeline";
import type { Env } from "~/env.server";
import { createReadPool, defaultReadThreads } from "./read-pool";

export interface SchedulerOptions {
  db: Db;
  cron: string;
  allowHosts: string[];
  workerId?: string;
  /** Sources claimed per tick; the rest wait for the next one. */
  batchSize?: number;
  /** Collections at once (default 4): a slow host holds up one lane, not the whole tick. */
  concurrency?: number;
  /** Threads that read fetched pages (extract → match → score); 0 (default) reads on the event loop. */
  readThreads?: number;
  /** Minimum spacing of requests to one host, across all workers (default 1 s). */
  politenessMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

const LEASE_MS = DEFAULT_LEASE_MS;

/**
 * Collects every due source once per tick. Ticks never overlap inside one process, and leases keep
 * several processes from collecting the same source.
 */
/** What a process that collects (`npm start`, `npm run jobs`) schedules with, from its environment. */
export function schedulerOptionsFromEnv(db: Db, env: Env): SchedulerOptions {
  return {
    db,
    cron: env.SCHEDULER_CRON,
    allowHosts: env.FETCH_ALLOWLIST,
    workerId: env.WORKER_ID,
    concurrency: env.COLLECT_CONCURRENCY,
    readThreads: env.COLLECT_THREADS ?? defaultReadThreads(),
  };
}

export function startScheduler(options: SchedulerOptions) {
  const now = options.now ?? (() => new Date());
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? ((line: string) => console.log(line));
  const politeness = createDbPoliteness(options.db, { now, minIntervalMs: options.politenessMs });
  // Stopping aborts what is being fetched, so a shutdown does not wait for a slow site: the run is recorded
  // as stopped and the source is collected again by the next worker.
  const stopping = new AbortController();
  const fetch: typeof guardedFetch = (url, fetchOptions) =>
    guardedFetch(url, { allowHosts: options.allowHosts, politeness, ...fetchOptions });
  let running: Promise<void> | null = null;
  let stopped = false;
  const lanes = Math.max(1, options.concurrency ?? 4);
  // More threads than lanes would never be used.
  const reader = createReadPool(Math.min(options.readThreads ?? 0, lanes));

  // Mentions pushed in through CSV imports and the API (stored by the web process) are judged on the next
  // tick, like collected ones, instead of waiting for the hourly run.
  // Each pushed source's latest push that was judged, in the database's clock: a push whose transaction was
  // still open during one tick is simply newer than what was judged, and is seen by the next tick. Pushes
  // from the hour before this process started are caught up on its first tick.
  const pushesSince = new Date(now().getTime() - 3_600_000);
  const judgedPush = new Map<number, number>();
  const tick = async () => {
    for (const push of await listPushesSince(options.db, pushesSince)) {
      if (push.at.getTime() <= (judgedPush.get(push.sourceId) ?? 0)) continue;
      judgedPush.set(push.sourceId, push.at.getTime());
      requestDetection(push.brandId);
    }
    // Each lane claims one source just before collecting it, so a lease cannot run out while earlier sources
    // of the same tick are still being fetched, and stopping leaves nothing claimed. While one lane waits on
    // a slow host or the database, the others fetch, parse and score.
    const batchSize = options.batchSize ?? 20;
    let taken = 0;
    const lane = async (laneIndex: number) => {
      // Each lane holds its leases under a name of its own: were one lane's lease to run out and a sibling
      // to take the source, the first lane's renewals must fail rather than pass as the same owner's.
      const owner = `${workerId}#${laneIndex + 1}`;
      while (taken < batchSize && !stopped) {
        taken++;
        const [source] = await claimDueSources(options.db, { owner, now: now(), leaseMs: LEASE_MS, limit: 1 });
        if (!source) return;
        const run = await collectSource(options.db, source, { now, fetch, workerId: owner, leaseMs: LEASE_MS, signal: stopping.signal, reader });
        // Judged as soon as its mentions are in, not when the whole tick is over: a busy tick can take minutes.
        if ((run.itemsNew > 0 || run.itemsUpdated > 0) && !stopped) requestDetection(source.brandId);
        log(
          `earshot[${workerId}]: collected source ${source.id} (${source.kind}) → ${run.status}: ` +
            `${run.itemsSeen} seen, ${run.itemsNew} new, ${run.itemsUpdated} updated` +
            (run.error ? `; ${run.error}` : ""),
        );
      }
    };
    // Every lane ends before the tick does, even when one fails, so ticks still never overlap.
    const ends = await Promise.allSettled(Array.from({ length: lanes }, (_, i) => lane(i)));
    const failed = ends.find((e): e is PromiseRejectedResult => e.status === "rejected");
    if (failed) throw failed.reason;
    await detecting.catch(() => undefined);
  };

  // Brands with new mentions wait here while a detection runs; the next detection takes them all at once.
  const waiting = new Set<number>();
  const requestDetection = (brandId: number) => {
    const first = waiting.size === 0;
    waiting.add(brandId);
    if (!first) return;
    void detect(() => {
      const ids = [...waiting];
      waiting.clear();
      return ids;
    }).catch((error: unknown) => log(`earshot: detection failed: ${describeError(error)}`));
  };

  // Detection after a tick and the hourly run can meet at :00; in one process they take turns.
  let detecting: Promise<void> = Promise.resolve();
  const detect = (brandIds?: number[] | (() => number[])) => {
    detecting = detecting.catch(() => undefined).then(async () => {
      // Read when its turn comes, so brands that arrive while an earlier detection runs join this one.
      const ids = typeof brandIds === "function" ? brandIds() : brandIds;
      if (ids && ids.length === 0) return;
      for (const outcome of await detectIncidents(options.db, { brandIds: ids, now: now() })) {
        if (outcome.action !== "none") log(`earshot[${workerId}]: incident ${outcome.incidentId} of brand ${outcome.brandId}: ${outcome.action} — ${outcome.reason}`);
      }
    });
    return detecting;
  };

  const runTick = () => {
    if (running || stopped) return running;
    running = tick()
      .catch((error: unknown) => log(`earshot: scheduler tick failed: ${describeError(error)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };

  if (!cron.validate(options.cron)) throw new Error(`SCHEDULER_CRON: expected a cron expression, got ${JSON.stringify(options.cron)}`);
  const task = cron.schedule(options.cron, () => void runTick(), { noOverlap: true });
  // Hourly, every brand: incidents must also close when nothing new comes in. And the housekeeping of
  // sessions, links and sign-in failures that can no longer be used.
  const hourly = cron.schedule("0 * * * *", () => {
    detect().catch((error: unknown) => log(`earshot: hourly detection failed: ${describeError(error)}`));
    purgeExpiredAccessRows(options.db, { now: now() }).catch((error: unknown) =>
      log(`earshot: hourly clean-up failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, { noOverlap: true });
  void runTick();

  return {
    workerId,
    /** Runs one tick now (tests and "collect --all"); resolves when it is done. */
    tick: async () => {
      await running;
      await runTick();
    },
    stop: async () => {
      stopped = true;
      stopping.abort(new WorkerStopping("expected to finish this collection, but the worker was stopping; the next run collects it again"));
      await task.stop();
      await hourly.stop();
      await running;
      await detecting.catch(() => undefined);
      await reader.close();
    },
  };
}
