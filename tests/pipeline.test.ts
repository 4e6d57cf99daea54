import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionRuns, mentions, sources } from "~/db/schema";
import { createBrand } from "~/models/brands.server";
import { storeMentions } from "~/models/mentions.server";
import { claimDueSources, createSource, getSource } from "~/models/sources.server";
import { detectBotBlock } from "../jobs/collectors/bot-block";
import { scoredMention } from "./helpers/factories";
import { guardedFetch } from "../jobs/fetch/guarded-fetch";
import { collectSource, type PipelineDeps } from "../jobs/pipeline";
import { setUpDemoBrand } from "./demo/setup-brand";
import { startDemoWorld, type DemoWorld } from "./demo/world";
import { createTestDatabase } from "./setup/test-db";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let world: DemoWorld;
let clock = Date.now();

const deps = (allowHosts: string[] = ["127.0.0.1"]): PipelineDeps => ({
  now: () => new Date(clock),
  fetch: (url, options) => guardedFetch(url, { allowHosts, retries: 0, ...options }),
  workerId: "test-worker",
});

async function collect(sourceId: number, d = deps()) {
  const [claimed] = await claimDueSources(database.db, { owner: d.workerId, now: d.now(), leaseMs: 60_000, limit: 1, ids: [sourceId] });
  if (!claimed) throw new Error(`source ${sourceId} could not be claimed`);
  return collectSource(database.db, claimed, d);
}

beforeAll(async () => {
  database = await createTestDatabase();
  // A fake clock: the world only changes when the test moves time on.
  world = await startDemoWorld({ clock: () => clock, historyDays: 2, historyPerDay: 10, itemEveryMs: 2000, crisisAfterMs: 60_000 });
});
afterAll(async () => {
  await world?.close();
  await database?.close();
});

describe("collecting the demo world", () => {
  it("stores the feed's matching posts once: a second collection adds nothing", async () => {
    const { sources: [feed] } = await setUpDemoBrand(database.db, world);
    const first = await collect(feed!.id);
    expect(first.status).toBe("ok");
    const related = world.items().filter((i) => i.site === "blog").slice(0, 30);
    expect(first.itemsSeen).toBe(related.length);
    expect(first.itemsNew).toBe(related.filter((i) => i.related).length);
    expect(first.itemsRejected).toBe(related.filter((i) => !i.related).length);
    const second = await collect(feed!.id);
    expect(second).toMatchObject({ status: "ok", itemsNew: 0, itemsUpdated: 0 });
    const stored = await database.db.select().from(mentions).where(eq(mentions.sourceId, feed!.id));
    expect(stored).toHaveLength(first.itemsNew);
    expect(stored.every((m) => /hearthstone/i.test(`${m.title} ${m.text}`))).toBe(true);
  });

  it("reads every review from the JSON-LD pages and the selector pages, following their next links", async () => {
    const { sources: [, schema, selectors] } = await setUpDemoBrand(database.db, world);
    const schemaRun = await collect(schema!.id);
    const selectorRun = await collect(selectors!.id);
    const onSite = (site: string) => world.items().filter((i) => i.site === site).length;
    expect(schemaRun).toMatchObject({ status: "ok", itemsNew: onSite("reviews") });
    expect(selectorRun).toMatchObject({ status: "ok", itemsNew: onSite("listing") });
    const rows = await database.db.select().from(mentions).where(eq(mentions.sourceId, selectors!.id));
    expect(rows.every((r) => r.rating !== null && r.rating >= 1 && r.rating <= 5 && r.publishedAt !== null)).toBe(true);
    // The JSON-LD page rates itself too: kept on the source, as the page states it.
    const reviews = world.items().filter((i) => i.site === "reviews");
    const average = reviews.reduce((sum, i) => sum + (i.rating ?? 0), 0) / reviews.length;
    expect((await getSource(database.db, schema!.id))!.aggregateRating).toMatchObject({ ratingValue: Number(average.toFixed(1)), reviewCount: reviews.length, bestRating: 5 });
    expect((await getSource(database.db, selectors!.id))!.aggregateRating).toBeNull();
  });

  it("picks up only what is new after time moves on, and scores the crisis as negative", async () => {
    const { sources: [, schema] } = await setUpDemoBrand(database.db, world);
    const before = world.items().filter((i) => i.site === "reviews").length;
    clock += 90_000; // into the crisis
    const run = await collect(schema!.id);
    const after = world.items().filter((i) => i.site === "reviews");
    expect(run.itemsNew).toBe(after.length - before);
    const crisis = after.filter((i) => i.tone === "crisis").map((i) => i.text);
    expect(crisis.length).toBeGreaterThan(0);
    const rows = await database.db.select().from(mentions).where(eq(mentions.sourceId, schema!.id));
    const crisisRows = rows.filter((r) => crisis.includes(r.text));
    expect(crisisRows.length).toBe(crisis.length);
    expect(crisisRows.every((r) => r.sentimentLabel === "negative")).toBe(true);
  });

  it("records a refused fetch on the run and the source, with the reason, when the address is not allowed", async () => {
    const brand = await createBrand(database.db, { name: "Guarded", query: "guarded" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${world.url}/blog/feed.xml` });
    const run = await collect(source.id, deps([]));
    expect(run.status).toBe("refused");
    expect(run.error).toMatch(/127\.0\.0\.1|loopback/i);
    const after = await getSource(database.db, source.id);
    expect(after).toMatchObject({ lastStatus: "refused", consecutiveFailures: 1, leaseOwner: null });
    expect(after!.nextDueAt.getTime()).toBeGreaterThan(clock);
  });

  it("marks a review page that suddenly yields nothing as unhealthy, not quiet", async () => {
    const brand = await createBrand(database.db, { name: "Broken Markup", query: "broken" });
    const source = await createSource(database.db, {
      brandId: brand.id,
      kind: "selectors",
      url: `${world.url}/listing/hearthstone-coffee`,
      options: { selectors: { item: "article.review-card", text: ".review-body" } },
    });
    expect((await collect(source.id)).status).toBe("ok");
    await database.db.update(sources).set({ options: { selectors: { item: "div.renamed-card", text: ".review-body" } } }).where(eq(sources.id, source.id));
    const run = await collect(source.id);
    expect(run.status).toBe("unhealthy");
    expect(run.error).toContain("got 0");
    const runs = await database.db.select().from(collectionRuns).where(eq(collectionRuns.sourceId, source.id));
    expect(runs.map((r) => r.status).sort()).toEqual(["ok", "unhealthy"]);
  });
});

describe("failures while storing", () => {
  it("stores nothing of a collection that crashes half-way, and a rerun completes it", async () => {
    const brand = await createBrand(database.db, { name: "Crashy", query: "hearthstone" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${world.url}/blog/feed.xml` });
    // A real fault inside the real database: the rollup insert, which comes after the mentions, fails.
    await database.db.execute(sql`create or replace function earshot_test_crash() returns trigger language plpgsql as $$
      begin raise exception 'injected crash while storing'; end $$`);
    await database.db.execute(sql`create trigger earshot_test_crash before insert on daily_rollups for each row execute function earshot_test_crash()`);
    try {
      const crashed = await collect(source.id);
      expect(crashed.status).toBe("error");
      expect(crashed.error).toContain("injected crash while storing");
      expect(await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id))).toHaveLength(0);
    } finally {
      await database.db.execute(sql`drop trigger earshot_test_crash on daily_rollups`);
    }
    const rerun = await collect(source.id);
    expect(rerun.status).toBe("ok");
    expect(rerun.itemsNew).toBeGreaterThan(0);
    expect(await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id))).toHaveLength(rerun.itemsNew);
  });

  it("closes the run of a worker that died mid-collection once its lease runs out, and the next worker completes it", async () => {
    const { startRun } = await import("~/models/runs.server");
    const brand = await createBrand(database.db, { name: "Dead Worker", query: "hearthstone" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${world.url}/blog/feed.xml` });
    // The dead worker: it took a short lease and opened its run, then never came back.
    await claimDueSources(database.db, { owner: "dead-worker", now: new Date(clock), leaseMs: 1000, limit: 1, ids: [source.id] });
    const orphan = await startRun(database.db, { sourceId: source.id, now: new Date(clock) });
    clock += 2000;
    const run = await collect(source.id);
    expect(run.status).toBe("ok");
    const [closed] = await database.db.select().from(collectionRuns).where(eq(collectionRuns.id, orphan.id));
    expect(closed).toMatchObject({ status: "error", error: expect.stringMatching(/worker collecting it stopped/) });
    expect(closed!.finishedAt).not.toBeNull();
    expect(await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id))).toHaveLength(run.itemsNew);
  });

  it("stores a mention whose scraped text carries NUL characters, without them", async () => {
    const brand = await createBrand(database.db, { name: "Nul Bytes", query: "x" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "api", url: null });
    const item = scoredMention({ key: "nul\u0000key", text: "bad\u0000byte review", author: "A\u0000B" });
    const result = await storeMentions(database.db, { brandId: brand.id, sourceId: source.id, items: [item], now: new Date() });
    expect(result.inserted).toBe(1);
    const [row] = await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id));
    expect(row).toMatchObject({ dedupeKey: "nulkey", text: "badbyte review", author: "AB" });
  });

  it("stores a mention whose text was cut inside an emoji, with a replacement character for the broken half", async () => {
    const brand = await createBrand(database.db, { name: "Half Emoji", query: "x" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "api", url: null });
    const cut = "Loved it \ud83d";
    const whole = "Still fine \ud83d\ude00";
    const result = await storeMentions(database.db, {
      brandId: brand.id,
      sourceId: source.id,
      items: [scoredMention({ key: "cut", text: cut, title: "\ude00 odd" }), scoredMention({ key: "whole", text: whole })],
      now: new Date(),
    });
    expect(result.inserted).toBe(2);
    const rows = await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id));
    expect(rows.find((r) => r.dedupeKey === "cut")).toMatchObject({ text: "Loved it \ufffd", title: "\ufffd odd" });
    expect(rows.find((r) => r.dedupeKey === "whole")!.text).toBe(whole);
  });
});

describe("bot-block pages", () => {
  it("recognises a challenge page and leaves ordinary pages alone", () => {
    expect(detectBotBlock(403, "<html><head><title>Just a moment...</title></head><body>checking your browser</body></html>")).toMatch(/Just a moment/);
    expect(detectBotBlock(200, '<div class="g-recaptcha" data-sitekey="x"></div>')).toMatch(/captcha/);
    expect(detectBotBlock(200, "<html><head><title>Reviews of Acme</title></head><body>Great captcha-free bread</body></html>")).toBeNull();
  });
});

describe("collecting from a hostile or confused server", () => {
  const CHALLENGE = "<!doctype html><html><head><title>Just a moment...</title></head><body><div id=cf-browser-verification></div></body></html>";
  const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme news</title><link>https://acme.example/</link>
<item><title>Acme opens a bakery</title><link>https://acme.example/a</link><guid>a</guid><description>Acme bakes bread.</description></item></channel></rss>`;
  const PAGE = "<!doctype html><html><head><title>About Acme</title></head><body><h1>Acme</h1><p>We bake.</p></body></html>";
  let server: Awaited<ReturnType<typeof import("./helpers/http-fixtures").startServer>>;

  beforeAll(async () => {
    const { startServer } = await import("./helpers/http-fixtures");
    server = await startServer((req, res) => {
      const [, status] = /^\/challenge\/(\d+)/.exec(req.url ?? "") ?? [];
      if (status) return res.writeHead(Number(status), { "content-type": "text/html; charset=utf-8" }).end(CHALLENGE);
      if (req.url === "/page-as-feed") return res.writeHead(200, { "content-type": "application/rss+xml" }).end(PAGE);
      if (req.url === "/feed-as-html") return res.writeHead(200, { "content-type": "text/html" }).end(FEED);
      res.writeHead(404).end();
    });
  });
  afterAll(() => server?.close());

  for (const status of [200, 403, 503]) {
    for (const kind of ["feed", "schema", "selectors"] as const) {
      it(`marks a ${kind} source answered by a bot-block challenge with ${status} as unhealthy`, async () => {
        const brand = await createBrand(database.db, { name: `Blocked ${kind} ${status}`, query: "acme" });
        const source = await createSource(database.db, {
          brandId: brand.id,
          kind,
          url: `${server.origin}/challenge/${status}/${kind}`,
          options: kind === "selectors" ? { selectors: { item: ".review", text: "p" } } : {},
        });
        const run = await collect(source.id);
        expect(run).toMatchObject({ status: "unhealthy", itemsNew: 0 });
        expect(run.error).toMatch(/bot-block page \(a 'Just a moment' challenge, HTTP \d+\)/);
        expect(await getSource(database.db, source.id)).toMatchObject({ lastStatus: "unhealthy" });
      });
    }
  }

  it("refuses an HTML page served as a feed with a readable error, and stores nothing", async () => {
    const brand = await createBrand(database.db, { name: "Page as feed", query: "acme" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${server.origin}/page-as-feed` });
    const run = await collect(source.id);
    expect(run.status).toBe("error");
    expect(run.error).toMatch(/expected a feed/i);
    expect(await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id))).toHaveLength(0);
  });

  it("reads a feed even when the server calls it HTML", async () => {
    const brand = await createBrand(database.db, { name: "Feed as html", query: "acme" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: `${server.origin}/feed-as-html` });
    const run = await collect(source.id);
    expect(run).toMatchObject({ status: "ok", itemsSeen: 1, itemsNew: 1 });
    const [row] = await database.db.select().from(mentions).where(eq(mentions.sourceId, source.id));
    expect(row).toMatchObject({ title: "Acme opens a bakery", url: "https://acme.example/a" });
  });
});
