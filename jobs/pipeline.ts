import { summariseAggregate } from "~/core/extract/aggregate";
import { isMatched } from "~/core/read-page";
import { driverError, isConnectionLost, type Db } from "~/db/client";
import { storeMentions } from "~/models/mentions.server";
import { finishRun, startRun, type CollectionRun } from "~/models/runs.server";
import { releaseSource, renewLease, type SourceOutcome, type SourceWithBrand } from "~/models/sources.server";
import { getCollector } from "./collectors";
import { detectBotBlock } from "./collectors/bot-block";
import type { CollectContext } from "./collectors/types";
import { FetchRefused } from "./fetch/guarded-fetch";
import { abortableSleep } from "./fetch/retry";
import { inlineReader, type ReadPool } from "./read-pool";

export interface PipelineDeps {
  now: () => Date;
  fetch: CollectContext["fetch"];
  workerId: string;
  /** How long each renewal of the lease lasts (default 10 minutes); it is renewed at a third of that. */
  leaseMs?: number;
  /** Aborted when the worker stops: the collection ends at once (as WorkerStopping) instead of finishing. */
  signal?: AbortSignal;
  /** Where fetched pages are read (extract → match → score); inline when not given. */
  reader?: ReadPool;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;

class LeaseLost extends Error {}

/** The reason a stopping worker aborts its collection with: not the source's fault, so it is due again at once. */
export class WorkerStopping extends Error {}

/**
 * Keeps a source's lease alive while a long collection (many pages, slow hosts, Retry-After waits) runs,
 * so it cannot expire and let a second worker collect the same source. If the lease is lost anyway (this
 * process stalled past it), the collection is aborted rather than finished twice.
 */
function holdLease(db: Db, source: SourceWithBrand, deps: PipelineDeps) {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const controller = new AbortController();
  const timer = setInterval(() => {
    renewLease(db, { id: source.id, owner: deps.workerId, until: new Date(deps.now().getTime() + leaseMs) }).then(
      (held) => {
        if (!held) controller.abort(new LeaseLost(`expected to hold the lease on source ${source.id}, another worker took it`));
      },
      () => undefined, // a failed renewal is retried at the next beat; the lease still has time left
    );
  }, Math.max(1000, Math.floor(leaseMs / 3)));
  timer.unref();
  // The worker's own stop reaches this collection through the lease's signal: one listener per collection,
  // removed when it ends, rather than a combined signal per request on the worker's long-lived one.
  const onStop = () => controller.abort(deps.signal!.reason);
  if (deps.signal?.aborted) onStop();
  else deps.signal?.addEventListener("abort", onStop, { once: true });
  return {
    signal: controller.signal,
    stop: () => {
      clearInterval(timer);
      deps.signal?.removeEventListener("abort", onStop);
    },
  };
}

const MAX_BACKOFF_FACTOR = 16;
/** The statuses bot protection answers with; a 404 or 401 page with a captcha form on it is still a 404. */
const CHALLENGE_STATUSES = new Set([403, 429, 503]);

/**
 * The sentence a person reads on the run: a database error is reported by its cause, not by the failed
 * statement with all its parameters (which would copy scraped text into the error column).
 */
export function describeError(error: unknown): string {
  const e = driverError(error);
  const message = e instanceof Error ? e.message : String(e);
  return message.length > 1000 ? `${message.slice(0, 1000)}…` : message;
}

// How long to wait before each new try at a statement whose connection was lost under it.
const RECONNECT_RETRY_MS = [200, 1000, 3000];

/**
 * Runs `statements` again when the connection was lost under them: postgres.js reconnects at once, and a
 * collection that could not start or record its end would leave its source leased (and its run "running")
 * until the lease ran out. Used only for statements that can safely be repeated.
 */
async function retryIfConnectionLost<T>(statements: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await statements();
    } catch (error) {
      if (attempt >= RECONNECT_RETRY_MS.length || !isConnectionLost(error)) throw error;
      await abortableSleep(RECONNECT_RETRY_MS[attempt]!);
    }
  }
}

/**
 * One collection of one leased source: fetch → extract → match → score → store, with a run row that says
 * what happened. Errors end up on the run and the source, never as an exception out of here, so one broken
 * source cannot stop a tick.
 */
export async function collectSource(db: Db, source: SourceWithBrand, deps: PipelineDeps): Promise<CollectionRun> {
  const startedAt = deps.now();
  const run = await retryIfConnectionLost(() => startRun(db, { sourceId: source.id, now: startedAt }));
  const intervalMs = source.intervalSeconds * 1000;
  let counts = { itemsSeen: 0, itemsNew: 0, itemsUpdated: 0, itemsRejected: 0 };
  const lease = holdLease(db, source, deps);
  // How the run ended: its row, then the source's lease and health, recorded again if the connection was lost.
  const finish = (runOutcome: Parameters<typeof finishRun>[2], sourceOutcome: SourceOutcome) =>
    retryIfConnectionLost(async () => {
      const finished = await finishRun(db, run.id, runOutcome);
      await releaseSource(db, source.id, deps.workerId, sourceOutcome);
      return finished;
    });
  try {
    const collector = getCollector(source.kind);
    const options = collector.options.parse(source.options);
    const fetch: CollectContext["fetch"] = (url, o) => deps.fetch(url, { ...o, signal: o?.signal ? AbortSignal.any([o.signal, lease.signal]) : lease.signal });
    const judging = { query: collector.matchesAll(options) ? null : source.brandQuery, words: source.brandWords };
    const reader = deps.reader ?? inlineReader;
    const output = await collector.collect(source, { now: startedAt, fetch, read: (body, o) => reader.read(body, o, judging, lease.signal) });
    lease.signal.throwIfAborted();
    const finishedAt = deps.now();
    if (output.notModified) {
      // The run is finished while the lease is still held, so nothing (a removal of the source) can come between.
      return await finish(
        { status: "not_modified", ...counts, error: null, finishedAt },
        {
          status: "ok", error: null, itemCount: null, etag: output.etag, lastModified: output.lastModified,
          nextDueAt: new Date(finishedAt.getTime() + intervalMs), finishedAt,
        },
      );
    }
    const kept = output.items.filter(isMatched);
    const stored = await storeMentions(db, {
      brandId: source.brandId,
      sourceId: source.id,
      items: kept,
      now: finishedAt,
      // Until a collection has succeeded once, what the source holds is its history.
      backfill: source.lastItemCount === null,
      exclusive: true,
    });
    counts = {
      itemsSeen: output.items.length,
      itemsNew: stored.inserted,
      itemsUpdated: stored.updated,
      itemsRejected: output.items.length - kept.length,
    };
    // A page that used to yield items and now yields none has most likely changed its markup or blocked
    // us: that is a broken source, not a quiet one.
    const unhealthy = output.blocked
      ? `the site answered with a bot-block page (${output.blocked})`
      : output.items.length === 0 && (source.lastItemCount ?? 0) > 0 && source.kind !== "feed"
        ? `expected items like the last run's ${source.lastItemCount}, got 0: the page's markup may have changed`
        : null;
    // Stored already: a connection lost from here on must not turn this run into a failed one.
    return await finish(
      { status: unhealthy ? "unhealthy" : "ok", ...counts, error: unhealthy, finishedAt },
      {
        status: unhealthy ? "unhealthy" : "ok",
        error: unhealthy,
        itemCount: unhealthy ? null : output.items.length,
        etag: output.etag,
        lastModified: output.lastModified,
        aggregate: output.aggregate === undefined ? undefined : output.aggregate && summariseAggregate(output.aggregate),
        nextDueAt: new Date(finishedAt.getTime() + intervalMs),
        finishedAt,
      },
    );
  } catch (error) {
    const finishedAt = deps.now();
    // Bot protection often answers 403 or 503 with a challenge page: that source has gone deaf, which is
    // worse than a passing error, so it is marked unhealthy like a challenge served as 200.
    const challenge =
      error instanceof FetchRefused && error.body && CHALLENGE_STATUSES.has(error.status ?? 0) ? detectBotBlock(error.status!, error.body) : null;
    const refused = error instanceof FetchRefused;
    const status = challenge ? "unhealthy" : refused ? "refused" : "error";
    const message = challenge ? `the site answered with a bot-block page (${challenge})` : describeError(error);
    const interrupted = error instanceof WorkerStopping;
    const backoff = interrupted ? 0 : Math.min(2 ** source.consecutiveFailures, MAX_BACKOFF_FACTOR) * intervalMs;
    const retryAfter = refused && error.retryAfterMs ? error.retryAfterMs : 0;
    return await finish(
      { status, ...counts, error: message, finishedAt },
      { status, interrupted, error: message, itemCount: null, nextDueAt: new Date(finishedAt.getTime() + Math.max(backoff, retryAfter)), finishedAt },
    );
  } finally {
    lease.stop();
  }
}
