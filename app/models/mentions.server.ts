import { createHash } from "node:crypto";
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { CandidateMention } from "~/core/candidate";
import type { JudgedMention } from "~/core/judge";
import type { Db } from "~/db/client";
import { dailyRollups, mentionRevisions, mentions, type SentimentLabel } from "~/db/schema";

export type Mention = typeof mentions.$inferSelect;

export type ScoredMention = JudgedMention;

export interface StoreResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export function contentHash(item: Pick<CandidateMention, "title" | "text" | "rating">): string {
  return createHash("sha256")
    .update(`${item.title ?? ""}\u0000${item.text}\u0000${item.rating ?? ""}`)
    .digest("base64url")
    .slice(0, 22);
}

/** The day a mention counts for: when it was published, unless that is missing or claims the future. */
function effectiveTime(publishedAt: Date | null, collectedAt: Date): Date {
  return publishedAt && publishedAt.getTime() <= collectedAt.getTime() ? publishedAt : collectedAt;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

interface RollupDelta {
  day: string;
  label: SentimentLabel;
  count: number;
  scoreSum: number;
}

/**
 * Stores a batch from one source in one transaction: new mentions are inserted, edited ones (same key,
 * different content) keep their previous text as a revision and are re-scored, identical ones are left
 * alone. Daily rollups move with them, so a crash leaves either all of it or none.
 */
export async function storeMentions(
  db: Db,
  { brandId, sourceId, items, now }: { brandId: number; sourceId: number; items: ScoredMention[]; now: Date },
): Promise<StoreResult> {
  // The same key twice in one batch (a feed repeating an item) counts once: the last one wins.
  const byKey = new Map<string, ScoredMention>();
  for (const item of items) byKey.set(item.key, item);
  const batch = [...byKey.values()];
  if (batch.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };

  return db.transaction(async (tx) => {
    const result: StoreResult = { inserted: 0, updated: 0, unchanged: 0 };
    const deltas = new Map<string, RollupDelta>();
    const addDelta = (day: string, label: SentimentLabel, count: number, score: number) => {
      const k = `${day}|${label}`;
      const d = deltas.get(k) ?? { day, label, count: 0, scoreSum: 0 };
      d.count += count;
      d.scoreSum += score;
      deltas.set(k, d);
    };

    const existing = new Map<string, Mention>();
    for (let i = 0; i < batch.length; i += 1000) {
      const keys = batch.slice(i, i + 1000).map((m) => m.key);
      const rows = await tx
        .select()
        .from(mentions)
        .where(and(eq(mentions.sourceId, sourceId), inArray(mentions.dedupeKey, keys)));
      for (const row of rows) existing.set(row.dedupeKey, row);
    }

    const fresh = batch.filter((m) => !existing.has(m.key));
    for (let i = 0; i < fresh.length; i += 500) {
      const values = fresh.slice(i, i + 500).map((m) => ({
        brandId,
        sourceId,
        dedupeKey: m.key,
        url: m.url,
        title: m.title,
        text: m.text,
        author: m.author,
        rating: m.rating,
        ratingMax: m.ratingMax,
        publishedAt: m.publishedAt ? new Date(m.publishedAt) : null,
        collectedAt: now,
        contentHash: contentHash(m),
        sentimentScore: m.sentiment.score,
        sentimentLabel: m.sentiment.label,
        sentimentConfidence: m.sentiment.confidence,
        sentimentWords: m.sentiment.words,
        status: m.sentiment.label === "negative" ? ("needs_response" as const) : ("new" as const),
      }));
      // A concurrent writer that got there first wins; we count only what we actually inserted.
      const inserted = await tx
        .insert(mentions)
        .values(values)
        .onConflictDoNothing({ target: [mentions.sourceId, mentions.dedupeKey] })
        .returning({
          publishedAt: mentions.publishedAt,
          label: mentions.sentimentLabel,
          score: mentions.sentimentScore,
        });
      for (const row of inserted) addDelta(utcDay(effectiveTime(row.publishedAt, now)), row.label, 1, row.score);
      result.inserted += inserted.length;
    }

    for (const m of batch) {
      const old = existing.get(m.key);
      if (!old) continue;
      const hash = contentHash(m);
      if (hash === old.contentHash) {
        result.unchanged++;
        continue;
      }
      await tx.insert(mentionRevisions).values({
        mentionId: old.id,
        title: old.title,
        text: old.text,
        rating: old.rating,
        sentimentScore: old.sentimentScore,
        replacedAt: now,
      });
      await tx
        .update(mentions)
        .set({
          url: m.url,
          title: m.title,
          text: m.text,
          author: m.author,
          rating: m.rating,
          ratingMax: m.ratingMax,
          updatedAt: now,
          contentHash: hash,
          sentimentScore: m.sentiment.score,
          sentimentLabel: m.sentiment.label,
          sentimentConfidence: m.sentiment.confidence,
          sentimentWords: m.sentiment.words,
        })
        .where(eq(mentions.id, old.id));
      const day = utcDay(effectiveTime(old.publishedAt, old.collectedAt));
      addDelta(day, old.sentimentLabel, -1, -old.sentimentScore);
      addDelta(day, m.sentiment.label, 1, m.sentiment.score);
      result.updated++;
    }

    const rollups = [...deltas.values()].filter((d) => d.count !== 0 || d.scoreSum !== 0);
    if (rollups.length > 0) {
      await tx
        .insert(dailyRollups)
        .values(rollups.map((d) => ({ brandId, sourceId, ...d })))
        .onConflictDoUpdate({
          target: [dailyRollups.brandId, dailyRollups.sourceId, dailyRollups.day, dailyRollups.label],
          set: {
            count: sql`${dailyRollups.count} + excluded.count`,
            scoreSum: sql`${dailyRollups.scoreSum} + excluded.score_sum`,
          },
        });
    }
    return result;
  });
}

export interface MentionCursor {
  at: string;
  id: number;
}

export function encodeCursor(m: Pick<Mention, "collectedAt" | "id">): string {
  return `${m.collectedAt.toISOString()}_${m.id}`;
}

export function decodeCursor(raw: string | null | undefined): MentionCursor | null {
  if (!raw) return null;
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d+)$/.exec(raw);
  return match ? { at: match[1]!, id: Number(match[2]) } : null;
}

/** Newest first, keyset-paginated on (collected_at, id) so pages stay stable while new mentions arrive. */
export async function listMentions(
  db: Db,
  { brandId, cursor, limit = 20, label }: { brandId: number; cursor?: MentionCursor | null; limit?: number; label?: SentimentLabel },
): Promise<Mention[]> {
  const at = cursor ? new Date(cursor.at) : null;
  return db
    .select()
    .from(mentions)
    .where(
      and(
        eq(mentions.brandId, brandId),
        label ? sql`coalesce(${mentions.overrideLabel}, ${mentions.sentimentLabel}) = ${label}` : undefined,
        cursor && at
          ? or(lt(mentions.collectedAt, at), and(eq(mentions.collectedAt, at), lt(mentions.id, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(mentions.collectedAt), desc(mentions.id))
    .limit(limit);
}

export async function countMentions(db: Db, filter: { brandId?: number } = {}): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mentions)
    .where(filter.brandId === undefined ? undefined : eq(mentions.brandId, filter.brandId));
  return row?.n ?? 0;
}
