import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { incidents } from "~/db/schema";
import { claimDueSources } from "~/models/sources.server";
import { detectIncidents } from "../jobs/detect-incidents";
import { guardedFetch } from "../jobs/fetch/guarded-fetch";
import { createPolitenessGate } from "../jobs/fetch/politeness";
import { collectSource } from "../jobs/pipeline";
import { setUpDemoBrand } from "./demo/setup-brand";
import { startDemoWorld, type DemoWorld } from "./demo/world";
import { createTestDatabase } from "./setup/test-db";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 2, 0, 0, 0);

describe("a crisis in the demo world, hour by hour", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let world: DemoWorld;
  let clock = START;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await startDemoWorld({
      clock: () => clock,
      seed: 3,
      historyDays: 14,
      historyPerDay: 24,
      itemEveryMs: HOUR,
      crisisAfterMs: 48 * HOUR,
      crisisDurationMs: 4 * HOUR,
      crisisRateFactor: 10,
      pageSize: 50,
    });
  });
  afterAll(async () => {
    await world?.close();
    await database?.close();
  });

  it("opens exactly one incident for the burst, keeps it while it lasts, and resolves it after", async () => {
    const { brand, sources } = await setUpDemoBrand(database.db, world);
    const politeness = createPolitenessGate({ minIntervalMs: 0 });
    const deps = {
      now: () => new Date(clock),
      workerId: "hourly-test",
      fetch: (url: string, o?: Parameters<typeof guardedFetch>[1]) => guardedFetch(url, { allowHosts: ["127.0.0.1"], politeness, retries: 0, ...o }),
    };
    const actions: { hour: number; action: string; reason: string }[] = [];
    for (let hour = 0; hour <= 48 + 4 + 36; hour++) {
      clock = START + hour * HOUR;
      const claimed = await claimDueSources(database.db, { owner: "hourly-test", now: new Date(clock), leaseMs: HOUR, limit: 10, ids: sources.map((s) => s.id) });
      for (const source of claimed) await collectSource(database.db, source, deps);
      const [outcome] = await detectIncidents(database.db, { brandIds: [brand.id], now: new Date(clock) });
      if (outcome!.action !== "none") actions.push({ hour, action: outcome!.action, reason: outcome!.reason });
    }
    const opens = actions.filter((a) => a.action === "open");
    expect(opens, JSON.stringify(actions)).toHaveLength(1);
    expect(opens[0]!.hour).toBeGreaterThanOrEqual(48);
    expect(opens[0]!.hour).toBeLessThanOrEqual(48 + 4 + 1);
    const resolves = actions.filter((a) => a.action === "resolve");
    expect(resolves, JSON.stringify(actions)).toHaveLength(1);
    expect(resolves[0]!.hour).toBeGreaterThan(52);

    const rows = await database.db.select().from(incidents);
    expect(rows).toHaveLength(1);
    const incident = rows[0]!;
    expect(incident).toMatchObject({ status: "resolved", kind: expect.stringMatching(/surge|drop/) });
    expect(incident.observed).toBeGreaterThan(incident.expected);
    const evidence = incident.evidence as { topTerms: { term: string }[]; examples: { text: string }[]; sources: unknown[] };
    expect(evidence.examples.length).toBeGreaterThan(0);
    expect(evidence.examples.some((e) => /chicken pesto sandwich/i.test(e.text))).toBe(true);
    expect(evidence.sources.length).toBeGreaterThan(0);
    // The burst hits the review sites: at least one of them is flagged on its own series.
    expect((evidence.sources as { surging?: boolean }[]).some((s) => s.surging)).toBe(true);
    expect(evidence.topTerms.length).toBeGreaterThan(0);
  }, 120_000);
});

describe("two detections at the same moment", () => {
  it("open one incident between them", async () => {
    const database = await createTestDatabase();
    try {
      const clock = START;
      const world = await startDemoWorld({ clock: () => clock, seed: 5, historyDays: 3, historyPerDay: 24, itemEveryMs: HOUR });
      const { brand } = await setUpDemoBrand(database.db, world);
      await world.close();
      // A burst of negatives in the last hour, straight into the store.
      const { storeMentions } = await import("~/models/mentions.server");
      const { scoredMention } = await import("./helpers/factories");
      const { ensurePushedSource } = await import("~/models/sources.server");
      const source = await ensurePushedSource(database.db, { brandId: brand.id, kind: "api" });
      const history = Array.from({ length: 72 }, (_, i) => scoredMention({ key: `h${i}`, text: "Lovely coffee.", publishedAt: new Date(clock - (i + 2) * HOUR).toISOString() }));
      const burst = Array.from({ length: 30 }, (_, i) => scoredMention({ key: `b${i}`, text: "Awful, I got sick, disgusting.", rating: 1, ratingMax: 5, publishedAt: new Date(clock - 20 * 60_000).toISOString() }));
      await storeMentions(database.db, { brandId: brand.id, sourceId: source.id, items: [...history, ...burst], now: new Date(clock) });
      const both = await Promise.all([
        detectIncidents(database.db, { brandIds: [brand.id], now: new Date(clock) }),
        detectIncidents(database.db, { brandIds: [brand.id], now: new Date(clock) }),
      ]);
      expect(both.flat().filter((o) => o.action === "open").length).toBeLessThanOrEqual(1);
      expect(await database.db.select().from(incidents)).toHaveLength(1);
    } finally {
      await database.close();
    }
  }, 60_000);
});

describe("a burst of reviews dated by day only", () => {
  it("opens an incident when it is collected hours after the midnight it is dated at", async () => {
    const database = await createTestDatabase();
    try {
      const { storeMentions } = await import("~/models/mentions.server");
      const { scoredMention } = await import("./helpers/factories");
      const { ensurePushedSource } = await import("~/models/sources.server");
      const { createBrand } = await import("~/models/brands.server");
      const brand = await createBrand(database.db, { name: "Day Dated Diner", query: "diner" });
      const source = await ensurePushedSource(database.db, { brandId: brand.id, kind: "api" });
      const today = START + 20 * 24 * HOUR;
      // A small shop: two reviews a day for twenty days, one of them unhappy now and then, all dated by day.
      const history = Array.from({ length: 40 }, (_, i) =>
        scoredMention({
          key: `h${i}`,
          text: i % 7 === 0 ? "Cold food, slow service." : "Lovely breakfast, friendly staff.",
          rating: i % 7 === 0 ? 2 : 5,
          ratingMax: 5,
          publishedAt: new Date(START + Math.floor(i / 2) * 24 * HOUR).toISOString(),
        }),
      );
      await storeMentions(database.db, { brandId: brand.id, sourceId: source.id, items: history, now: new Date(today - 12 * HOUR) });
      const collectedAt = today + 10 * HOUR;
      const burst = Array.from({ length: 12 }, (_, i) =>
        scoredMention({ key: `b${i}`, text: "Food poisoning after the eggs. Disgusting.", rating: 1, ratingMax: 5, publishedAt: new Date(today).toISOString() }),
      );
      await storeMentions(database.db, { brandId: brand.id, sourceId: source.id, items: burst, now: new Date(collectedAt) });
      const [outcome] = await detectIncidents(database.db, { brandIds: [brand.id], now: new Date(collectedAt + 60_000) });
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ action: "open" });
    } finally {
      await database.close();
    }
  }, 60_000);
});

describe("mentions pushed in through the API", () => {
  it("are judged by the jobs on their next tick, without waiting for the hourly run", async () => {
    const database = await createTestDatabase();
    const { startScheduler } = await import("../jobs/scheduler");
    const { storePushedMentions } = await import("~/models/ingest.server");
    const { createBrand } = await import("~/models/brands.server");
    const { scoredMention } = await import("./helpers/factories");
    const brand = await createBrand(database.db, { name: "Pushed Pies", query: "pies" });
    const now = Date.now();
    const history = Array.from({ length: 60 }, (_, i) => ({ ...scoredMention({ key: `h${i}`, text: "Lovely pies.", rating: 5, ratingMax: 5 }), publishedAt: new Date(now - (i + 3) * 6 * HOUR).toISOString() }));
    await storePushedMentions(database.db, { brandId: brand.id, kind: "api", items: history, now: new Date(now - HOUR) });
    const scheduler = startScheduler({ db: database.db, cron: "0 0 1 1 *", allowHosts: [], log: () => {} });
    try {
      await scheduler.tick();
      expect(await database.db.select().from(incidents)).toHaveLength(0);
      const burst = Array.from({ length: 25 }, (_, i) => scoredMention({ key: `b${i}`, text: "Mouldy pie, I was sick all night. Disgusting.", rating: 1, ratingMax: 5, publishedAt: new Date().toISOString() }));
      await storePushedMentions(database.db, { brandId: brand.id, kind: "api", items: burst, now: new Date() });
      await scheduler.tick();
      const rows = await database.db.select().from(incidents);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ brandId: brand.id, status: "open" });
    } finally {
      await scheduler.stop();
      await database.close();
    }
  }, 60_000);
});
