import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionRuns } from "~/db/schema";
import { createBrand } from "~/models/brands.server";
import { createSource } from "~/models/sources.server";
import { startScheduler } from "../jobs/scheduler";
import { startServer, type FixtureServer } from "./helpers/http-fixtures";
import { createTestDatabase } from "./setup/test-db";

describe("one jobs process collecting several sources at once", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: FixtureServer;
  let base = "";
  let inFlight = 0;
  let mostAtOnce = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer((req, res) => {
      if (req.url === "/robots.txt") return res.writeHead(404).end();
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      // One host that takes its time, as real ones sometimes do.
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>${req.url}</guid><title>Acme</title><description>acme</description></item></channel></rss>`);
      }, req.url === "/slow.xml" ? 4000 : 50);
    });
    base = server.origin;
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("collects the other due sources while one slow host is still answering, and never more at once than allowed", async () => {
    const brand = await createBrand(database.db, { name: "Lanes", query: "acme" });
    // The slow one is due first, so a single lane would be stuck behind it.
    const slow = await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${base}/slow.xml`, intervalSeconds: 3600 });
    const quick = [];
    for (let i = 0; i < 4; i++) quick.push(await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${base}/quick-${i}.xml`, intervalSeconds: 3600 }));
    const worker = startScheduler({ cron: "0 0 1 1 *", allowHosts: ["127.0.0.1"], politenessMs: 0, concurrency: 2, readThreads: 1, log: () => {}, db: database.db, workerId: "lanes" });
    try {
      await worker.tick();
    } finally {
      await worker.stop();
    }
    const runs = await database.db.select().from(collectionRuns).where(inArray(collectionRuns.sourceId, [slow.id, ...quick.map((s) => s.id)]));
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.status === "ok")).toBe(true);
    const slowRun = runs.find((r) => r.sourceId === slow.id)!;
    const quickRuns = runs.filter((r) => r.sourceId !== slow.id);
    // Every quick source was collected while the slow one was under way.
    for (const r of quickRuns) {
      expect(r.startedAt.getTime()).toBeGreaterThanOrEqual(slowRun.startedAt.getTime());
      expect(r.finishedAt!.getTime()).toBeLessThan(slowRun.finishedAt!.getTime());
    }
    expect(mostAtOnce).toBe(2);
  }, 30_000);
});
