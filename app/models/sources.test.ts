import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, dailyRollups, mentions, sources } from "~/db/schema";
import { scoredMention } from "../../tests/helpers/factories";
import { createTestDatabase } from "../../tests/setup/test-db";
import { createBrand } from "./brands.server";
import { countMentions, storeMentions } from "./mentions.server";
import { claimDueSources, createSource, deleteSource, ensurePushedSource, getRemovedSource, getSource, releaseSource, SourceBusy, updateSource } from "./sources.server";
import { createUser } from "./users.server";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let actorId = 0;
const now = new Date("2026-11-20T12:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
  actorId = (await createUser(database.db, { email: "sources-owner@example.com", password: "correct horse battery", role: "owner" })).id;
});
afterAll(async () => {
  await database?.close();
});

/** A source that has been collected once: validators, a count, a rating and a next due time of its own. */
async function collectedSource(options: Record<string, unknown> = { ownListing: true, maxPages: 2, selectors: { item: ".rv", text: "p" } }) {
  const brand = await createBrand(database.db, { name: `Sources ${Math.random()}`, query: "acme" });
  const source = await createSource(database.db, { brandId: brand.id, kind: "selectors", url: `https://reviews.example/${Math.random()}`, options, intervalSeconds: 3600 });
  await database.db.update(sources).set({ etag: '"v1"', lastModified: "Wed, 18 Nov 2026 10:00:00 GMT", lastItemCount: 12, lastStatus: "unhealthy", lastError: "expected items", consecutiveFailures: 3, lastRunAt: now, nextDueAt: new Date(now.getTime() + 8 * 3600_000) }).where(eq(sources.id, source.id));
  return { brandId: brand.id, source: (await getSource(database.db, source.id))! };
}

describe("changing a source", () => {
  it("reads a new address afresh: validators, count and health are dropped and it is due at once", async () => {
    const { brandId, source } = await collectedSource();
    const changed = await updateSource(database.db, { brandId, sourceId: source.id, actorId, now, reread: false, changes: { url: "https://reviews.example/moved", name: null, options: source.options, intervalSeconds: 3600 } });
    expect(changed).toMatchObject({ url: "https://reviews.example/moved", etag: null, lastModified: null, lastItemCount: null, lastStatus: null, lastError: null, consecutiveFailures: 0, name: "reviews.example/moved" });
    expect(changed!.nextDueAt.getTime()).toBe(now.getTime());
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.entityId, String(source.id)));
    expect(row).toMatchObject({ action: "source.update", userId: actorId });
    expect(row!.before).toMatchObject({ url: source.url });
  });

  it("keeps what it knew when the page is read as before and only the name changes", async () => {
    const { brandId, source } = await collectedSource();
    const changed = await updateSource(database.db, { brandId, sourceId: source.id, actorId, now, reread: false, changes: { url: source.url, name: "Main listing", options: source.options, intervalSeconds: 3600 } });
    expect(changed).toMatchObject({ name: "Main listing", etag: '"v1"', lastItemCount: 12, consecutiveFailures: 3 });
    expect(changed!.nextDueAt.getTime()).toBe(source.nextDueAt.getTime());
  });

  it("reads the page afresh when the caller says new options read it differently, at the same address", async () => {
    const { brandId, source } = await collectedSource();
    const changed = await updateSource(database.db, { brandId, sourceId: source.id, actorId, now, reread: true, changes: { url: source.url, name: source.name, options: { ...source.options, maxPages: 5 }, intervalSeconds: 3600 } });
    expect(changed).toMatchObject({ etag: null, lastItemCount: null, consecutiveFailures: 0 });
  });

  it("refuses a change while a worker is collecting it, whose finish would write the old reading back", async () => {
    const { brandId, source } = await collectedSource();
    await database.db.update(sources).set({ nextDueAt: now }).where(eq(sources.id, source.id));
    await claimDueSources(database.db, { owner: "w2", now, leaseMs: 60_000, limit: 1, ids: [source.id] });
    await expect(updateSource(database.db, { brandId, sourceId: source.id, actorId, now, reread: true, changes: { url: "https://reviews.example/elsewhere", name: null, options: source.options, intervalSeconds: 3600 } })).rejects.toThrow(SourceBusy);
    expect((await getSource(database.db, source.id))!.url).toBe(source.url);
  });

  it("re-plans the next collection from the last one when the interval changes", async () => {
    const { brandId, source } = await collectedSource();
    const changed = await updateSource(database.db, { brandId, sourceId: source.id, actorId, now, reread: false, changes: { url: source.url, name: source.name, options: source.options, intervalSeconds: 900 } });
    expect(changed!.nextDueAt.getTime()).toBe(now.getTime() + 900_000);
    expect(changed!.etag).toBe('"v1"');
  });

  it("changes neither another brand's source nor a pushed one", async () => {
    const { source } = await collectedSource();
    const other = await createBrand(database.db, { name: `Other ${Math.random()}`, query: "x" });
    expect(await updateSource(database.db, { brandId: other.id, sourceId: source.id, actorId, now, reread: true, changes: { url: "https://evil.example/", name: null, options: {}, intervalSeconds: 900 } })).toBeNull();
    const pushed = await ensurePushedSource(database.db, { brandId: other.id, kind: "api" });
    expect(await updateSource(database.db, { brandId: other.id, sourceId: pushed.id, actorId, now, reread: true, changes: { url: "https://x.example/", name: null, options: {}, intervalSeconds: 900 } })).toBeNull();
    expect((await getSource(database.db, source.id))!.url).toBe(source.url);
  });
});

describe("removing a source", () => {
  it("takes its mentions and their rollups with it, leaves the brand's other sources alone, and says how many went", async () => {
    const { brandId, source } = await collectedSource();
    const keep = await createSource(database.db, { brandId, kind: "feed", url: `https://blog.example/${Math.random()}` });
    await storeMentions(database.db, { brandId, sourceId: source.id, items: [scoredMention(), scoredMention(), scoredMention()], now });
    await storeMentions(database.db, { brandId, sourceId: keep.id, items: [scoredMention()], now });
    expect(await deleteSource(database.db, { brandId, sourceId: source.id, actorId, now })).toEqual({ mentions: 3 });
    expect(await getSource(database.db, source.id)).toBeUndefined();
    expect(await countMentions(database.db, { brandId })).toBe(1);
    expect(await database.db.select().from(dailyRollups).where(eq(dailyRollups.sourceId, source.id))).toEqual([]);
    expect((await database.db.select().from(mentions).where(eq(mentions.sourceId, keep.id))).length).toBe(1);
    expect(await getRemovedSource(database.db, { brandId, sourceId: source.id })).toEqual({ name: source.name, mentions: 3 });
    // Another brand's page cannot be made to confirm it.
    expect(await getRemovedSource(database.db, { brandId: brandId + 1000, sourceId: source.id })).toBeNull();
    expect(await getRemovedSource(database.db, { brandId, sourceId: keep.id })).toBeNull();
  });

  it("refuses while a worker is collecting it, and goes once the lease is given back", async () => {
    const { brandId, source } = await collectedSource();
    await database.db.update(sources).set({ nextDueAt: now }).where(eq(sources.id, source.id));
    const [claimed] = await claimDueSources(database.db, { owner: "w1", now, leaseMs: 60_000, limit: 1, ids: [source.id] });
    expect(claimed?.id).toBe(source.id);
    await expect(deleteSource(database.db, { brandId, sourceId: source.id, actorId, now })).rejects.toThrow(SourceBusy);
    expect(await getSource(database.db, source.id)).toBeDefined();
    await releaseSource(database.db, source.id, "w1", { status: "ok", error: null, itemCount: 0, nextDueAt: now, finishedAt: now });
    expect(await deleteSource(database.db, { brandId, sourceId: source.id, actorId, now })).toEqual({ mentions: 0 });
  });

  it("does not remove another brand's source", async () => {
    const { source } = await collectedSource();
    const other = await createBrand(database.db, { name: `Other ${Math.random()}`, query: "x" });
    expect(await deleteSource(database.db, { brandId: other.id, sourceId: source.id, actorId, now })).toBeNull();
    expect(await getSource(database.db, source.id)).toBeDefined();
  });
});

describe("claiming a due source", () => {
  it("takes back a source still leased under the claimant's own name (a claim whose answer was lost), but not one leased under another's", async () => {
    const { source } = await collectedSource();
    await database.db.update(sources).set({ nextDueAt: now }).where(eq(sources.id, source.id));
    const claim = (owner: string) => claimDueSources(database.db, { owner, now, leaseMs: 600_000, limit: 5, ids: [source.id] });
    expect((await claim("lane-1")).map((s) => s.id)).toEqual([source.id]);
    expect(await claim("lane-2")).toEqual([]);
    expect((await claim("lane-1")).map((s) => s.id)).toEqual([source.id]);
    expect((await getSource(database.db, source.id))!.leaseOwner).toBe("lane-1");
  });
});
