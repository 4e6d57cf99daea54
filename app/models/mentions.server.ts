import { hash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { CandidateMention } from "~/core/candidate";
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from "~/core/cursor";
import { isoTime } from "~/core/iso-time";
import type { JudgedMention } from "~/core/judge";
import { rowsOf, type Db } from "~/db/client";
import { copyField, copyPaysOff, copyRows } from "~/db/copy";
import { countedTime, effectiveDaySql, utcDay } from "./effective-time.server";
import { olderThan } from "./keyset.server";
import { auditLog, dailyRollups, mentionRevisions, mentions, type SentimentLabel } from "~/db/schema";

export type Mention = typeof mentions.$inferSelect;

export type ScoredMention = JudgedMention;

export interface StoreResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export function contentHash(item: Pick<CandidateMention, "title" | "text" | "rating">): string {
  // The one-shot hash: a Hash object per mention costs more than the hashing itself on a big batch.
  return hash("sha256", `${item.title ?? ""}\u0000${item.text}\u0000${item.rating ?? ""}`, "base64url").slice(0, 22);
}


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
  {
    brandId,
    sourceId,
    items,
    now,
    backfill,
    exclusive = false,
  }: {
    brandId: number;
    sourceId: number;
    items: ScoredMention[];
    now: Date;
    /** History rather than news (an import, a source's first collection): count by publication time.
     *  Default: whether the source has no mentions yet. */
    backfill?: boolean;
    /** The caller is this source's only writer (a collection under its lease): an empty source needs no
     *  lookup of existing keys. Pushed sources can be written by two requests at once and always look. */
    exclusive?: boolean;
  },
): Promise<StoreResult> {
  // The same key twice in one batch (a feed repeating an item) counts once: the last one wins.
  const byKey = new Map<string, ScoredMention>();
  for (const item of items) {
    const clean = storableMention(item);
    byKey.set(clean.key, clean);
  }
  // In key order, so two writers of the same rows (ingest requests at once) take their locks in the same
  // order and cannot deadlock.
  const batch = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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

    const sourceIsEmpty =
      (backfill === undefined || exclusive) &&
      rowsOf(await tx.execute(sql`select 1 from mentions where source_id = ${sourceId} limit 1`)).length === 0;
    // Only the keys and content hashes of what is there already: full rows are read only for edits. A
    // source's only writer that finds it empty knows the answer already.
    const existing = new Map<string, { id: number; contentHash: string }>();
    const keys = exclusive && sourceIsEmpty ? [] : batch.map((m) => m.key);
    for (let i = 0; i < keys.length; i += 5000) {
      const rows = rowsOf<{ id: number; dedupe_key: string; content_hash: string }>(
        await tx.execute(sql`
          select id, dedupe_key, content_hash from mentions
          where source_id = ${sourceId} and dedupe_key = any(${sql.param(keys.slice(i, i + 5000))}::text[])`),
      );
      for (const row of rows) existing.set(row.dedupe_key, { id: Number(row.id), contentHash: row.content_hash });
    }

    const fresh = batch.filter((m) => !existing.has(m.key));
    const isBackfill = backfill ?? sourceIsEmpty;
    const counted = (m: ScoredMention) =>
      isoTime(countedTime(m.publishedAt ? new Date(m.publishedAt) : null, now, { backfill: isBackfill }).getTime());
    // A source's only writer that found it empty cannot collide with anyone: a plain COPY (or, where COPY does
    // not pay off, a plain insert), and the rollup deltas from what was sent rather than read back, spare both
    // ends the conflict check and RETURNING.
    const unopposed = exclusive && sourceIsEmpty;
    const byCopy = unopposed && copyPaysOff(tx);
    for (let i = 0; i < fresh.length; i += 5000) {
      const chunk = fresh.slice(i, i + 5000);
      const countedAt = chunk.map(counted);
      if (unopposed) {
        if (byCopy) {
          const collectedAt = isoTime(now.getTime());
          let lines = "";
          for (let j = 0; j < chunk.length; j++) lines += mentionCopyLine(chunk[j]!, { brandId, sourceId, collectedAt, countedAt: countedAt[j]! });
          await copyRows(tx, "mentions", MENTION_COLUMNS, lines);
        } else {
          await tx.execute(insertMentionsSql(chunk, { brandId, sourceId, now, countedAt }));
        }
        chunk.forEach((m, j) => addDelta(countedAt[j]!.slice(0, 10), m.sentiment.label, 1, m.sentiment.score));
        result.inserted += chunk.length;
        continue;
      }
      const inserted = rowsOf<{ counted_at: string | Date; sentiment_label: SentimentLabel; sentiment_score: number }>(
        await tx.execute(sql`${insertMentionsSql(chunk, { brandId, sourceId, now, countedAt })}
          on conflict (source_id, dedupe_key) do nothing
          returning counted_at, sentiment_label, sentiment_score`),
      );
      // A concurrent writer that got there first wins; we count only what we actually inserted.
      for (const row of inserted) {
        addDelta(utcDay(new Date(row.counted_at)), row.sentiment_label, 1, Number(row.sentiment_score));
      }
      result.inserted += inserted.length;
    }

    for (const m of batch) {
      const known = existing.get(m.key);
      if (!known) continue;
      const hash = contentHash(m);
      if (hash === known.contentHash) {
        result.unchanged++;
        continue;
      }
      // Locked, so a concurrent edit or override cannot move the same rollup count twice.
      const [old] = await tx.select().from(mentions).where(eq(mentions.id, known.id)).for("update");
      if (!old || old.contentHash === hash) {
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
      // Rollups count the label people see: an override outlives every re-scoring.
      const day = utcDay(old.countedAt);
      addDelta(day, old.overrideLabel ?? old.sentimentLabel, -1, -old.sentimentScore);
      addDelta(day, old.overrideLabel ?? m.sentiment.label, 1, m.sentiment.score);
      result.updated++;
    }

    // In key order, so two writers to the same rollup rows (ingest requests at once) lock them in the same
    // order and cannot deadlock.
    const rollups = [...deltas.values()]
      .filter((d) => d.count !== 0 || d.scoreSum !== 0)
      .sort((a, b) => (a.day === b.day ? a.label.localeCompare(b.label) : a.day.localeCompare(b.day)));
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

/** Negative mentions wait in the response queue from the start. */
const initialStatus = (label: SentimentLabel) => (label === "negative" ? "needs_response" : "new");

/** What a new mention's row is written with, in the order both the insert and COPY send it. */
const MENTION_COLUMNS = [
  "brand_id", "source_id", "dedupe_key", "url", "title", "text", "author", "rating", "rating_max", "published_at", "collected_at",
  "counted_at", "content_hash", "sentiment_score", "sentiment_label", "sentiment_confidence", "sentiment_words", "status",
];

/**
 * An insert of new mentions. The whole chunk travels as one JSON parameter, unpacked by json_to_recordset: V8
 * writes JSON natively and PostgreSQL parses it in C, where an array per column costs a JS escape per cell in
 * the driver. The statement stays small and is planned once, on both drivers alike.
 */
function insertMentionsSql(
  chunk: ScoredMention[],
  { brandId, sourceId, now, countedAt }: { brandId: number; sourceId: number; now: Date; countedAt: string[] },
) {
  const rows = JSON.stringify(
    chunk.map((m, j) => ({
      k: m.key, u: m.url, ti: m.title, tx: m.text, a: m.author, r: m.rating, rm: m.ratingMax, p: m.publishedAt,
      ca: countedAt[j], h: contentHash(m), sc: m.sentiment.score, l: m.sentiment.label, c: m.sentiment.confidence,
      w: m.sentiment.words, st: initialStatus(m.sentiment.label),
    })),
  );
  return sql`
    insert into mentions (${sql.raw(MENTION_COLUMNS.join(", "))})
    select ${brandId}, ${sourceId}, k, u, ti, tx, a, r, rm, p, ${now.toISOString()}::timestamptz,
      ca, h, sc, l, c, w, st
    from json_to_recordset(${rows}::json) as t(k text, u text, ti text, tx text, a text, r real, rm real,
      p timestamptz, ca timestamptz, h text, sc float8, l text, c real, w jsonb, st text)`;
}

/** One mention as a COPY line, its fields in MENTION_COLUMNS order. */
function mentionCopyLine(
  m: ScoredMention,
  { brandId, sourceId, collectedAt, countedAt }: { brandId: number; sourceId: number; collectedAt: string; countedAt: string },
): string {
  return (
    `${brandId}\t${sourceId}\t${copyField(m.key)}\t${copyField(m.url)}\t${copyField(m.title)}\t${copyField(m.text)}\t` +
    `${copyField(m.author)}\t${copyField(m.rating)}\t${copyField(m.ratingMax)}\t${copyField(m.publishedAt)}\t${collectedAt}\t` +
    `${countedAt}\t${contentHash(m)}\t${copyField(m.sentiment.score)}\t${m.sentiment.label}\t${copyField(m.sentiment.confidence)}\t` +
    `${copyField(JSON.stringify(m.sentiment.words))}\t${initialStatus(m.sentiment.label)}\n`
  );
}

const NUL = /\u0000/g;
// Half of a surrogate pair (an emoji cut in two) is not valid text for PostgreSQL's json or text either.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSTORABLE = new RegExp(`${NUL.source}|${LONE_SURROGATE.source}`);
const storable = <T extends string | null>(v: T): T => (v === null ? v : (v.replace(NUL, "").replace(LONE_SURROGATE, "\uFFFD") as T));

/**
 * PostgreSQL text and jsonb cannot hold NUL characters or lone surrogates, and scraped text sometimes has
 * them: one such review must not make its whole source fail forever.
 */
function storableMention(m: ScoredMention): ScoredMention {
  const fields = [m.key, m.url, m.title, m.text, m.author];
  if (!fields.some((f) => f !== null && UNSTORABLE.test(f)) && !m.sentiment.words.some((w) => UNSTORABLE.test(w.term))) return m;
  return {
    ...m,
    key: storable(m.key),
    url: storable(m.url),
    title: storable(m.title),
    text: storable(m.text),
    author: storable(m.author),
    sentiment: { ...m.sentiment, words: m.sentiment.words.map((w) => ({ ...w, term: storable(w.term) })) },
  };
}

export type MentionCursor = TimeCursor;

export function encodeCursor(m: Pick<Mention, "countedAt" | "id">): string {
  return encodeTimeCursor(m.countedAt, m.id);
}

export const decodeCursor = decodeTimeCursor;

/**
 * Newest first by the moment each mention counts for (when it was published, for a source's history; when
 * we heard of it, after that), keyset-paginated on (counted_at, id) so pages stay stable while new ones arrive.
 */
export async function listMentions(
  db: Db,
  { brandId, cursor, limit = 20, label }: { brandId: number; cursor?: MentionCursor | null; limit?: number; label?: SentimentLabel },
): Promise<Mention[]> {
  return db
    .select()
    .from(mentions)
    .where(
      and(
        eq(mentions.brandId, brandId),
        label ? sql`coalesce(${mentions.overrideLabel}, ${mentions.sentimentLabel}) = ${label}` : undefined,
        olderThan(mentions.countedAt, mentions.id, cursor),
      ),
    )
    .orderBy(desc(mentions.countedAt), desc(mentions.id))
    .limit(limit);
}

export async function countMentions(db: Db, filter: { brandId?: number; sourceId?: number } = {}): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mentions)
    .where(
      and(
        filter.brandId === undefined ? undefined : eq(mentions.brandId, filter.brandId),
        filter.sourceId === undefined ? undefined : eq(mentions.sourceId, filter.sourceId),
      ),
    );
  return row?.n ?? 0;
}

export class MentionNotFound extends Error {}

/**
 * A person's judgement over the scorer's: kept with who and when, counted in the rollups from now on, and
 * never overwritten by later scoring. `label: null` hands the mention back to the scorer.
 */
export async function overrideMentionLabel(
  db: Db,
  { brandId, mentionId, label, reason, userEmail, userId, now }: {
    brandId: number;
    mentionId: number;
    label: SentimentLabel | null;
    reason: string | null;
    userEmail: string;
    userId: number;
    now: Date;
  },
) {
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(mentions).where(and(eq(mentions.id, mentionId), eq(mentions.brandId, brandId))).for("update");
    if (!old) throw new MentionNotFound(`expected a mention of brand ${brandId} with id ${mentionId}, found none`);
    await tx
      .update(mentions)
      .set(label ? { overrideLabel: label, overrideReason: reason, overrideBy: userEmail, overrideAt: now } : { overrideLabel: null, overrideReason: null, overrideBy: null, overrideAt: null })
      .where(eq(mentions.id, mentionId));
    const before = old.overrideLabel ?? old.sentimentLabel;
    const after = label ?? old.sentimentLabel;
    if (before !== after) {
      const day = utcDay(old.countedAt);
      for (const [l, n] of [[before, -1], [after, 1]] as const) {
        await tx
          .insert(dailyRollups)
          .values({ brandId, sourceId: old.sourceId, day, label: l, count: n, scoreSum: n * old.sentimentScore })
          .onConflictDoUpdate({
            target: [dailyRollups.brandId, dailyRollups.sourceId, dailyRollups.day, dailyRollups.label],
            set: { count: sql`${dailyRollups.count} + excluded.count`, scoreSum: sql`${dailyRollups.scoreSum} + excluded.score_sum` },
          });
      }
    }
    await tx.insert(auditLog).values({
      userId,
      action: label ? "mention.override" : "mention.override-clear",
      entity: "mention",
      entityId: String(mentionId),
      before: { label: before, override: old.overrideLabel, reason: old.overrideReason },
      after: { label: after, override: label, reason },
      at: now,
    });
  });
}

/**
 * Re-scores a brand's mentions with new words (overrides stay) and rebuilds its rollups from the rows, so
 * the chart agrees with the list afterwards.
 */
export async function rescoreBrandMentions(
  db: Db,
  { brandId, score }: { brandId: number; score: (m: Pick<Mention, "title" | "text" | "rating" | "ratingMax">) => JudgedMention["sentiment"] },
): Promise<number> {
  return db.transaction(async (tx) => {
    // Locked for the re-score: a text edited meanwhile must not get the score of its old words.
    const rows = await tx
      .select({ id: mentions.id, title: mentions.title, text: mentions.text, rating: mentions.rating, ratingMax: mentions.ratingMax })
      .from(mentions)
      .where(eq(mentions.brandId, brandId))
      .for("update");
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = JSON.stringify(
        rows.slice(i, i + 2000).map((r) => {
          const s = score(r);
          return { id: r.id, sc: s.score, l: s.label, c: s.confidence, w: s.words };
        }),
      );
      await tx.execute(sql`
        update mentions set sentiment_score = t.sc, sentiment_label = t.l, sentiment_confidence = t.c, sentiment_words = t.w
        from json_to_recordset(${chunk}::json) as t(id bigint, sc float8, l text, c real, w jsonb)
        where mentions.id = t.id`);
    }
    await tx.delete(dailyRollups).where(eq(dailyRollups.brandId, brandId));
    await tx.execute(sql`
      insert into daily_rollups (brand_id, source_id, day, label, count, score_sum)
      select brand_id, source_id, ${effectiveDaySql}, coalesce(override_label, sentiment_label), count(*)::int, sum(sentiment_score)
      from ${mentions} where brand_id = ${brandId}
      group by 1, 2, 3, 4`);
    return rows.length;
  });
}
