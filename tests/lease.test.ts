import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db/client";
import { collectionRuns } from "~/db/schema";
import { createBrand } from "~/models/brands.server";
import { createSource } from "~/models/sources.server";
import { startScheduler } from "../jobs/scheduler";
import { createTestDatabase } from "./setup/test-db";

const SOURCES = 12;

describe("two job workers on one database", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: Database | null = null;
  let server: ReturnType<typeof createServer>;
  let base = "";
  const inFlight = new Map<string, number>();
  let overlaps = 0;
  let requests = 0;
  let brandId = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    // On PostgreSQL the second worker gets its own connection pool, as a second process would.
    if (database.url) second = await openDatabase({ url: database.url, max: 2 });
    server = createServer((req, res) => {
      if (req.url === "/robots.txt") return res.writeHead(404).end();
      // A site that takes its time: far longer than anyone waits for a shutdown.
      if (req.url === "/stall.xml") return void setTimeout(() => res.writeHead(200).end(), 60_000).unref();
      requests++;
      const n = (inFlight.get(req.url!) ?? 0) + 1;
      inFlight.set(req.url!, n);
      if (n > 1) overlaps++;
      // Slow enough that the two workers' ticks overlap in time; the slow feed outlasts a short lease.
      setTimeout(() => {
        inFlight.set(req.url!, (inFlight.get(req.url!) ?? 1) - 1);
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>${req.url}</guid><title>Acme news</title><description>acme</description></item></channel></rss>`);
      }, req.url === "/slow.xml" ? 3500 : 150);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const brand = await createBrand(database.db, { name: "Lease Test", query: "acme" });
    brandId = brand.id;
    for (let i = 0; i < SOURCES; i++) {
      await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${base}/feed/${i}.xml`, intervalSeconds: 3600 });
    }
  });
  afterAll(async () => {
    server?.close();
    await second?.close();
    await database?.close();
  });

  it("never collects the same source twice at once, and collects every due source exactly once", async () => {
    const log: string[] = [];
    const common = { cron: "* * * * * *", allowHosts: ["127.0.0.1"], batchSize: 2, politenessMs: 0, log: (l: string) => log.push(l) };
    const a = startScheduler({ ...common, db: database.db, workerId: "worker-a" });
    const b = startScheduler({ ...common, db: (second ?? database).db, workerId: "worker-b" });
    const deadline = Date.now() + 25_000;
    let done = 0;
    while (Date.now() < deadline) {
      // Finished runs: stopping a worker interrupts one still under way.
      const [row] = await database.db
        .select({ n: sql<number>`count(distinct ${collectionRuns.sourceId})::int` })
        .from(collectionRuns)
        .where(sql`${collectionRuns.finishedAt} is not null`);
      done = row?.n ?? 0;
      if (done === SOURCES) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await Promise.all([a.stop(), b.stop()]);
    expect(done).toBe(SOURCES);
    const runs = await database.db.select().from(collectionRuns);
    expect(runs).toHaveLength(SOURCES);
    expect(runs.every((r) => r.status === "ok")).toBe(true);
    expect(overlaps).toBe(0);
    expect(requests).toBe(SOURCES);
    // Both workers took part: the lease spread the work rather than one worker doing it all.
    expect(log.filter((l) => l.includes("[worker-a]: collected")).length).toBeGreaterThan(0);
    expect(log.filter((l) => l.includes("[worker-b]: collected")).length).toBeGreaterThan(0);
  }, 40_000);

  it("keeps renewing the lease of a slow collection, so another worker cannot take the source meanwhile", async () => {
    const { claimDueSources } = await import("~/models/sources.server");
    const { collectSource } = await import("../jobs/pipeline");
    const { guardedFetch } = await import("../jobs/fetch/guarded-fetch");
    const slow = await createSource(database.db, { brandId, kind: "feed", url: `${base}/slow.xml`, intervalSeconds: 3600 });
    const leaseMs = 1500;
    const [claimed] = await claimDueSources(database.db, { owner: "worker-a", now: new Date(), leaseMs, limit: 1, ids: [slow.id] });
    expect(claimed).toBeDefined();
    const collecting = collectSource(database.db, claimed!, {
      now: () => new Date(),
      workerId: "worker-a",
      leaseMs,
      fetch: (url, o) => guardedFetch(url, { allowHosts: ["127.0.0.1"], retries: 0, ...o }),
    });
    // Well past the first lease: without renewals the source would be free for the taking here.
    await new Promise((r) => setTimeout(r, 2600));
    const stolen = await claimDueSources((second ?? database).db, { owner: "worker-b", now: new Date(), leaseMs, limit: 1, ids: [slow.id] });
    expect(stolen).toEqual([]);
    const run = await collecting;
    expect(run).toMatchObject({ status: "ok", itemsNew: 1 });
  }, 30_000);

  it("stops without waiting for a slow site, recording the interrupted run for the next worker", async () => {
    const { eq } = await import("drizzle-orm");
    const stalled = await createSource(database.db, { brandId, kind: "feed", url: `${base}/stall.xml`, intervalSeconds: 3600 });
    const worker = startScheduler({ cron: "0 0 1 1 *", allowHosts: ["127.0.0.1"], politenessMs: 0, log: () => {}, db: database.db, workerId: "worker-stop" });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const [run] = await database.db.select().from(collectionRuns).where(eq(collectionRuns.sourceId, stalled.id));
      if (run) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    await worker.stop();
    // Far sooner than the site would have answered.
    expect(Date.now() - started).toBeLessThan(30_000);
    const [run] = await database.db.select().from(collectionRuns).where(eq(collectionRuns.sourceId, stalled.id));
    expect(run).toMatchObject({ status: "error", error: expect.stringMatching(/worker was stopping/) });
    const { getSource } = await import("~/models/sources.server");
    const after = await getSource(database.db, stalled.id);
    expect(after).toMatchObject({ leaseOwner: null });
    // Not the site's fault: due again at once, for whichever worker comes next.
    expect(after!.nextDueAt.getTime()).toBeLessThanOrEqual(Date.now());
  }, 60_000);
});

