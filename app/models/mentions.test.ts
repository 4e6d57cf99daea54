import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dailyRollups, mentionRevisions, mentions } from "~/db/schema";
import { scoredMention } from "../../tests/helpers/factories";
import { createTestDatabase } from "../../tests/setup/test-db";
import { createBrand } from "./brands.server";
import { scoreSentiment } from "~/core/sentiment";
import {
  countMentions,
  decodeCursor,
  encodeCursor,
  listMentions,
  MentionNotFound,
  overrideMentionLabel,
  rescoreBrandMentions,
  storeMentions,
} from "./mentions.server";
import { createUser } from "./users.server";
import { getDailySeries } from "./overview.server";
import { createSource } from "./sources.server";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const now = new Date("2026-11-20T12:00:00Z");

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function freshSource() {
  const brand = await createBrand(database.db, { name: `Brand ${Math.random()}`, query: "acme" });
  const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: "https://blog.example/feed" });
  return { brandId: brand.id, sourceId: source.id };
}

describe("storeMentions", () => {
  it("stores a batch once, and storing the same batch again adds nothing", async () => {
    const ids = await freshSource();
    const items = [scoredMention(), scoredMention(), scoredMention()];
    const first = await storeMentions(database.db, { ...ids, items, now });
    const second = await storeMentions(database.db, { ...ids, items, now });
    expect(first).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(second).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await countMentions(database.db, { brandId: ids.brandId })).toBe(3);
  });

  it("counts an item repeated inside one batch once", async () => {
    const ids = await freshSource();
    const item = scoredMention();
    const result = await storeMentions(database.db, { ...ids, items: [item, { ...item }], now });
    expect(result.inserted).toBe(1);
  });

  it("updates an edited review, keeps its previous text and re-scores it", async () => {
    const ids = await freshSource();
    const original = scoredMention({ key: "review-1", text: "Wonderful cake, lovely staff.", rating: 5, ratingMax: 5 });
    await storeMentions(database.db, { ...ids, items: [original], now });
    const edited = scoredMention({ key: "review-1", text: "Update: got food poisoning, awful and disgusting.", rating: 1, ratingMax: 5 });
    const result = await storeMentions(database.db, { ...ids, items: [edited], now: new Date(now.getTime() + 60_000) });
    expect(result).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const [row] = await database.db.select().from(mentions).where(eq(mentions.sourceId, ids.sourceId));
    expect(row!.text).toContain("food poisoning");
    expect(row!.sentimentLabel).toBe("negative");
    expect(row!.updatedAt).not.toBeNull();
    const revisions = await database.db.select().from(mentionRevisions).where(eq(mentionRevisions.mentionId, row!.id));
    expect(revisions.map((r) => r.text)).toEqual(["Wonderful cake, lovely staff."]);
  });

  it("keeps the daily rollups equal to the stored mentions when a review changes label", async () => {
    const ids = await freshSource();
    await storeMentions(database.db, { ...ids, items: [scoredMention({ key: "a", text: "Great, lovely, excellent." })], now });
    await storeMentions(database.db, { ...ids, items: [scoredMention({ key: "a", text: "Terrible, rude, awful." })], now });
    const rollups = await database.db.select().from(dailyRollups).where(eq(dailyRollups.sourceId, ids.sourceId));
    const byLabel = Object.fromEntries(rollups.map((r) => [r.label, r.count]));
    expect(byLabel).toMatchObject({ positive: 0, negative: 1 });
    const series = await getDailySeries(database.db, { brandId: ids.brandId, days: 7, now });
    const day = series.find((p) => p.day === "2026-11-20");
    expect(day).toMatchObject({ positive: 0, neutral: 0, negative: 1 });
    expect(series).toHaveLength(7);
  });

  it("counts a collection's first batch into the same rollups and rows whether or not it is the source's only writer", async () => {
    const items = [
      scoredMention({ key: "x1", text: "Great, lovely, excellent.", publishedAt: "2026-11-17T23:59:59.000Z" }),
      scoredMention({ key: "x2", text: "Terrible, rude, awful.", publishedAt: "2026-11-18T00:00:00.000Z" }),
      scoredMention({ key: "x3", text: "Terrible, cold and slow.", publishedAt: "2026-11-18T09:30:00.000Z" }),
      scoredMention({ key: "x4", text: "It is a shop.", publishedAt: null }),
      // What COPY's text format must escape, and the fields that can be missing.
      scoredMention({ key: "x5\tkey", text: "Tab\there, a line\nbreak, a \\ backslash, \\N and \\. as text.", title: null, url: null, author: null }),
      scoredMention({ key: "x6", text: "Four stars, \"quoted\" praise.", rating: 4.5, ratingMax: 5, author: "Zoë\r\nNewline" }),
    ];
    const shared = await freshSource();
    const only = await freshSource();
    const a = await storeMentions(database.db, { ...shared, items, now });
    const b = await storeMentions(database.db, { ...only, items, now, exclusive: true });
    expect(b).toEqual(a);
    expect(b.inserted).toBe(6);
    const rollupsOf = async (sourceId: number) =>
      (await database.db.select().from(dailyRollups).where(eq(dailyRollups.sourceId, sourceId)))
        .map((r) => `${r.day} ${r.label} ${r.count} ${r.scoreSum.toFixed(4)}`)
        .sort();
    const expected = await rollupsOf(shared.sourceId);
    // The two negatives of the 18th share a row.
    expect(expected.filter((r) => r.startsWith("2026-11-18 negative 2 "))).toHaveLength(1);
    expect(await rollupsOf(only.sourceId)).toEqual(expected);
    // Every stored field alike, whichever way the rows were sent (COPY for the only writer's first batch).
    const rowsOf = async (sourceId: number) =>
      (await database.db.select().from(mentions).where(eq(mentions.sourceId, sourceId)))
        .map(({ id: _id, sourceId: _source, brandId: _brand, ...rest }) => rest)
        .sort((x, y) => (x.dedupeKey < y.dedupeKey ? -1 : 1));
    const sent = await rowsOf(only.sourceId);
    expect(sent).toEqual(await rowsOf(shared.sourceId));
    expect(sent.find((r) => r.dedupeKey === "x5\tkey")).toMatchObject({ text: items[4]!.text, title: null, url: null, author: null });
    expect(sent.find((r) => r.dedupeKey === "x6")).toMatchObject({ rating: 4.5, ratingMax: 5, author: "Zoë\r\nNewline", sentimentWords: items[5]!.sentiment.words });
    // The second batch of the only writer goes the careful way: nothing twice.
    expect(await storeMentions(database.db, { ...only, items, now, exclusive: true })).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
  });

  it("reports PostgreSQL's own reason when it refuses a first batch, and stores the next one", async () => {
    const { brandId } = await freshSource();
    // No such source: the rows break its foreign key, however they are sent.
    const error: unknown = await storeMentions(database.db, { brandId, sourceId: 987_654, items: [scoredMention()], now, exclusive: true }).then(
      () => null,
      (e: unknown) => e,
    );
    // The reason may sit under the driver's "Failed query" wrapper, where the collector's run reads it.
    const reasons: string[] = [];
    for (let e = error; e instanceof Error; e = e.cause) reasons.push(e.message);
    expect(reasons.join(" | ")).toMatch(/foreign key/);
    const ids = await freshSource();
    expect(await storeMentions(database.db, { ...ids, items: [scoredMention()], now, exclusive: true })).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
  });

  it("files a mention without a publication time, or one dated in the future, under the day it was collected", async () => {
    const ids = await freshSource();
    await storeMentions(database.db, {
      ...ids,
      items: [scoredMention({ publishedAt: null }), scoredMention({ publishedAt: "2030-01-01T00:00:00Z" })],
      now,
    });
    const rollups = await database.db.select().from(dailyRollups).where(eq(dailyRollups.sourceId, ids.sourceId));
    expect(rollups.map((r) => r.day)).toEqual(["2026-11-20"]);
    expect(rollups.reduce((n, r) => n + r.count, 0)).toBe(2);
  });
});

describe("listMentions", () => {
  it("pages newest first without repeating or skipping a mention", async () => {
    const ids = await freshSource();
    for (let i = 0; i < 5; i++) {
      await storeMentions(database.db, { ...ids, items: [scoredMention({ key: `p${i}` })], now: new Date(now.getTime() + i * 1000) });
    }
    const first = await listMentions(database.db, { brandId: ids.brandId, limit: 2 });
    const second = await listMentions(database.db, { brandId: ids.brandId, limit: 2, cursor: decodeCursor(encodeCursor(first.at(-1)!)) });
    const third = await listMentions(database.db, { brandId: ids.brandId, limit: 2, cursor: decodeCursor(encodeCursor(second.at(-1)!)) });
    expect([...first, ...second, ...third].map((m) => m.dedupeKey)).toEqual(["p4", "p3", "p2", "p1", "p0"]);
  });

  it("ignores a cursor that is not one of ours", () => {
    expect(decodeCursor("'; drop table mentions; --")).toBeNull();
    expect(decodeCursor("2024-99-99T00:00Z_1")).toBeNull();
    expect(decodeCursor("2024-01-01T00:00:00.000Z_99999999999999999999999")).toBeNull();
  });
});

describe("overrideMentionLabel", () => {
  it("keeps a person's label through later re-scoring and counts it in the rollups", async () => {
    const ids = await freshSource();
    const owner = await createUser(database.db, { email: `o${Math.random()}@example.com`, password: "correct horse battery", role: "owner" });
    await storeMentions(database.db, { ...ids, items: [scoredMention({ key: "sarcasm", text: "Great, just great. Another two hour wait." })], now });
    const [row] = await database.db.select().from(mentions).where(eq(mentions.sourceId, ids.sourceId));
    await overrideMentionLabel(database.db, { brandId: ids.brandId, mentionId: row!.id, label: "negative", reason: "sarcasm", userEmail: owner.email, userId: owner.id, now });
    // The same review, edited and re-scored: the person's label stays.
    await storeMentions(database.db, { ...ids, items: [scoredMention({ key: "sarcasm", text: "Great, just great. Another THREE hour wait!" })], now });
    const [after] = await database.db.select().from(mentions).where(eq(mentions.id, row!.id));
    expect(after).toMatchObject({ overrideLabel: "negative", overrideReason: "sarcasm", overrideBy: owner.email });
    const series = await getDailySeries(database.db, { brandId: ids.brandId, days: 1, now });
    expect(series[0]).toMatchObject({ negative: 1, positive: 0, neutral: 0 });
  });

  it("refuses to touch a mention of another brand", async () => {
    const a = await freshSource();
    const b = await freshSource();
    await storeMentions(database.db, { ...a, items: [scoredMention({ key: "private" })], now });
    const [row] = await database.db.select().from(mentions).where(eq(mentions.sourceId, a.sourceId));
    const owner = await createUser(database.db, { email: `p${Math.random()}@example.com`, password: "correct horse battery", role: "owner" });
    await expect(
      overrideMentionLabel(database.db, { brandId: b.brandId, mentionId: row!.id, label: "negative", reason: "x", userEmail: owner.email, userId: owner.id, now }),
    ).rejects.toBeInstanceOf(MentionNotFound);
  });
});

describe("rescoreBrandMentions", () => {
  it("re-judges every mention with new words and rebuilds the rollups to match", async () => {
    const ids = await freshSource();
    await storeMentions(database.db, { ...ids, items: [scoredMention({ key: "rust", text: "I bought Rust on Monday." }), scoredMention({ key: "ok", text: "Nice." })], now });
    const n = await rescoreBrandMentions(database.db, {
      brandId: ids.brandId,
      score: (m) => scoreSentiment(m.text, { extraWords: { rust: -4 } }),
    });
    expect(n).toBe(2);
    const [rust] = await database.db.select().from(mentions).where(eq(mentions.dedupeKey, "rust"));
    expect(rust!.sentimentLabel).toBe("negative");
    const series = await getDailySeries(database.db, { brandId: ids.brandId, days: 1, now });
    expect(series[0]!.negative).toBe(1);
    expect(series[0]!.positive + series[0]!.neutral + series[0]!.negative).toBe(2);
  });
});
