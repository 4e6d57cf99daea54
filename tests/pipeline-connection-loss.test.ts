import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db/client";
import { collectionRuns, mentions, sources } from "~/db/schema";
import { claimDueSources } from "~/models/sources.server";
import { guardedFetch } from "../jobs/fetch/guarded-fetch";
import { collectSource, type PipelineDeps } from "../jobs/pipeline";
import { setUpDemoBrand } from "./demo/setup-brand";
import { startDemoWorld, type DemoWorld } from "./demo/world";
import { startResetProxy, type ResetProxy } from "./helpers/reset-proxy";
import { createTestDatabase } from "./setup/test-db";

const serverUrl = process.env.TEST_DATABASE_URL;

// The statement during which the connection is reset, as it reaches the server.
const MOMENTS = [
  // Starting the run: nothing is collected yet.
  { when: "the run is being started", marker: 'insert into "collection_runs"' },
  // Finishing the run row: the mentions are in, the record of them is not.
  { when: "the mentions are stored but the run is not yet finished", marker: "greatest(0, (extract(epoch" },
];

describe.skipIf(!serverUrl).each(MOMENTS)("a collection whose connection is reset when $when", ({ marker }) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let world: DemoWorld;
  let proxy: ResetProxy;
  let proxied: Database;
  const clock = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await startDemoWorld({ clock: () => clock, historyDays: 1, historyPerDay: 10, itemEveryMs: 2000 });
    proxy = await startResetProxy(database.url!, marker);
    proxied = await openDatabase({ url: proxy.url, max: 2 });
  });
  afterAll(async () => {
    await proxied?.close();
    await proxy?.close();
    await world?.close();
    await database?.close();
  });

  it("completes as ok on the next connection, and releases the source, rather than failing or keeping its lease", async () => {
    const { sources: [feed] } = await setUpDemoBrand(database.db, world);
    const deps: PipelineDeps = {
      now: () => new Date(clock),
      fetch: (url, options) => guardedFetch(url, { allowHosts: ["127.0.0.1"], retries: 0, ...options }),
      workerId: "lossy-worker",
    };
    const [claimed] = await claimDueSources(proxied.db, { owner: deps.workerId, now: deps.now(), leaseMs: 60_000, limit: 1, ids: [feed!.id] });
    const run = await collectSource(proxied.db, claimed!, deps);

    expect(proxy.resets()).toBe(1);
    expect(run).toMatchObject({ status: "ok", error: null });
    expect(run.itemsNew).toBeGreaterThan(0);
    const stored = await database.db.select().from(mentions).where(eq(mentions.sourceId, feed!.id));
    expect(stored).toHaveLength(run.itemsNew);
    const [row] = await database.db.select().from(collectionRuns).where(eq(collectionRuns.id, run.id));
    expect(row).toMatchObject({ status: "ok", itemsNew: run.itemsNew });
    expect(row!.finishedAt).not.toBeNull();
    const [source] = await database.db.select().from(sources).where(eq(sources.id, feed!.id));
    expect(source).toMatchObject({ leaseOwner: null, lastStatus: "ok", consecutiveFailures: 0 });
  });
});
