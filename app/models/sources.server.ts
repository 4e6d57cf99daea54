import type { AggregateSummary } from "~/core/extract/aggregate";
import { and, asc, eq, gt, inArray, isNull, lt, lte, notInArray, or, sql } from "drizzle-orm";
import { PUSHED_KINDS as PUSHED_SOURCE_KINDS } from "~/core/source-kinds";
import type { Db } from "~/db/client";
import { auditLog, brands, sources, type SourceKind } from "~/db/schema";
import { countMentions } from "./mentions.server";
import { recordAudit } from "./users.server";

export type Source = typeof sources.$inferSelect;
export type SourceWithBrand = Source & { brandName: string; brandQuery: string; brandWords: Record<string, number> };

export interface NewSource {
  brandId: number;
  kind: SourceKind;
  url: string | null;
  name?: string | null;
  options?: Record<string, unknown>;
  intervalSeconds?: number;
  enabled?: boolean;
}

/** What a source is called when nobody named it: the site and the page, which is what people recognise. */
export function defaultSourceName(kind: string, url: string | null | undefined): string {
  if (!url) return kind;
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, "");
    const short = path.length > 40 ? `…${path.slice(-39)}` : path;
    return `${u.hostname.replace(/^www\./, "")}${short}`;
  } catch {
    return kind;
  }
}

export async function createSource(db: Db, input: NewSource, audit?: { actorId: number | null; now: Date; via?: string }): Promise<Source> {
  return db.transaction(async (tx) => {
    const named = { ...input, name: input.name?.trim() || defaultSourceName(input.kind, input.url) };
    const [row] = await tx.insert(sources).values(named).returning();
    if (audit) {
      await recordAudit(tx, { userId: audit.actorId, action: "source.create", entity: "source", entityId: row!.id, after: { ...input, ...(audit.via ? { via: audit.via } : {}) }, now: audit.now });
    }
    return row!;
  });
}

/** The brand's source at this exact URL, if it has one: the same page collected twice counts everything twice. */
export async function findSourceByUrl(db: Db, { brandId, url }: { brandId: number; url: string }): Promise<Source | undefined> {
  const [row] = await db.select().from(sources).where(and(eq(sources.brandId, brandId), eq(sources.url, url)));
  return row;
}

export async function listSources(db: Db, filter: { brandId?: number } = {}): Promise<Source[]> {
  return db
    .select()
    .from(sources)
    .where(filter.brandId === undefined ? undefined : eq(sources.brandId, filter.brandId))
    .orderBy(asc(sources.id));
}

export async function getSource(db: Db, id: number): Promise<Source | undefined> {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  return row;
}

export async function countSources(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sources);
  return row?.n ?? 0;
}

const withBrand = {
  brandName: brands.name,
  brandQuery: brands.query,
  brandWords: brands.sentimentWords,
};

/**
 * Leases up to `limit` due sources to `owner`. SKIP LOCKED lets several job processes claim at once
 * without waiting on each other or ever getting the same source; the lease expiry frees a source whose
 * worker died mid-run.
 */
export async function claimDueSources(
  db: Db,
  { owner, now, leaseMs, limit, ids }: { owner: string; now: Date; leaseMs: number; limit: number; ids?: number[] },
): Promise<SourceWithBrand[]> {
  const due = db
    .select({ id: sources.id })
    .from(sources)
    .where(
      and(
        ids ? inArray(sources.id, ids) : and(eq(sources.enabled, true), lte(sources.nextDueAt, now)),
        // CSV imports and the ingest API push their mentions in; there is nothing to fetch.
        notInArray(sources.kind, PUSHED_KINDS),
        // A lease under the claimant's own name is one it is not using: an owner claims only when idle (a
        // jobs lane, one source at a time), so that lease is left from a claim whose answer the connection
        // lost, or from a release that failed. Left alone, it would keep the source for the lease's length.
        or(isNull(sources.leaseExpiresAt), lt(sources.leaseExpiresAt, now), eq(sources.leaseOwner, owner)),
      ),
    )
    .orderBy(asc(sources.nextDueAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(sources)
    .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
    .where(inArray(sources.id, due))
    .returning({ id: sources.id });
  if (claimed.length === 0) return [];
  const rows = await db
    .select({ source: sources, ...withBrand })
    .from(sources)
    .innerJoin(brands, eq(brands.id, sources.brandId))
    .where(inArray(sources.id, claimed.map((c) => c.id)));
  return rows.map((r) => ({ ...r.source, brandName: r.brandName, brandQuery: r.brandQuery, brandWords: r.brandWords }));
}

export interface SourceOutcome {
  status: "ok" | "error" | "unhealthy" | "refused";
  /** The worker stopped mid-collection: not the source's doing, so its health and failure count stay. */
  interrupted?: boolean;
  error: string | null;
  itemCount: number | null;
  etag?: string | null;
  lastModified?: string | null;
  /** Review pages: the page's own rating, or null when it has none (any more). Feeds leave it alone. */
  aggregate?: AggregateSummary | null;
  nextDueAt: Date;
  finishedAt: Date;
}

/** Extends a lease this worker still holds; false when it has lost it (expired and taken by another). */
export async function renewLease(db: Db, { id, owner, until }: { id: number; owner: string; until: Date }): Promise<boolean> {
  const rows = await db
    .update(sources)
    .set({ leaseExpiresAt: until })
    .where(and(eq(sources.id, id), eq(sources.leaseOwner, owner)))
    .returning({ id: sources.id });
  return rows.length > 0;
}

/** Records how a run went and releases the lease, but only if this worker still holds it. */
export async function releaseSource(db: Db, id: number, owner: string, outcome: SourceOutcome): Promise<void> {
  const failed = outcome.status !== "ok";
  const health = outcome.interrupted
    ? {}
    : {
        lastRunAt: outcome.finishedAt,
        lastStatus: outcome.status,
        lastError: outcome.error,
        consecutiveFailures: failed ? sql`${sources.consecutiveFailures} + 1` : 0,
      };
  await db
    .update(sources)
    .set({
      leaseOwner: null,
      leaseExpiresAt: null,
      ...health,
      lastItemCount: outcome.itemCount ?? sql`${sources.lastItemCount}`,
      nextDueAt: outcome.nextDueAt,
      ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}),
      ...(outcome.lastModified !== undefined ? { lastModified: outcome.lastModified } : {}),
      ...(outcome.aggregate !== undefined ? { aggregateRating: outcome.aggregate } : {}),
    })
    .where(and(eq(sources.id, id), eq(sources.leaseOwner, owner)));
}

/** "Run now" from the UI: the web process never collects, it only makes the source due. */
export async function markSourceDue(db: Db, { brandId, sourceId, now }: { brandId: number; sourceId: number; now: Date }): Promise<boolean> {
  const rows = await db
    .update(sources)
    .set({ nextDueAt: now })
    .where(and(eq(sources.id, sourceId), eq(sources.brandId, brandId)))
    .returning({ id: sources.id });
  return rows.length > 0;
}

const PUSHED_KINDS: SourceKind[] = [...PUSHED_SOURCE_KINDS];

/** The brand's source for mentions pushed in (CSV imports, the ingest API), created on first use. */
export async function ensurePushedSource(db: Db, { brandId, kind }: { brandId: number; kind: "csv" | "api" }): Promise<Source> {
  const find = () => db.select().from(sources).where(and(eq(sources.brandId, brandId), eq(sources.kind, kind)));
  const [found] = await find();
  if (found) return found;
  // Two first imports at once: the unique index lets one insert win and the other read it.
  await db
    .insert(sources)
    .values({ brandId, kind, url: null, name: kind === "csv" ? "CSV imports" : "Ingest API" })
    .onConflictDoNothing();
  const [created] = await find();
  return created!;
}

/** A CSV import or an API call stored mentions: shown as the source's last run, and seen by the jobs. */
export async function markPushed(db: Db, { sourceId, itemCount }: { sourceId: number; itemCount: number }): Promise<void> {
  // The database's clock, not this process's: the jobs compare it with times they read from the same place.
  await db.update(sources).set({ lastRunAt: sql`now()`, lastStatus: "ok", lastError: null, lastItemCount: itemCount }).where(eq(sources.id, sourceId));
}

/** CSV-import and API sources that stored something after `since`, with when (two per brand at most). */
export async function listPushesSince(db: Db, since: Date): Promise<{ sourceId: number; brandId: number; at: Date }[]> {
  const rows = await db
    .select({ sourceId: sources.id, brandId: sources.brandId, at: sources.lastRunAt })
    .from(sources)
    .where(and(inArray(sources.kind, PUSHED_KINDS), gt(sources.lastRunAt, since)));
  return rows.flatMap((r) => (r.at ? [{ sourceId: r.sourceId, brandId: r.brandId, at: r.at }] : []));
}

export async function setSourceEnabled(db: Db, { brandId, sourceId, enabled, actorId, now }: { brandId: number; sourceId: number; enabled: boolean; actorId: number; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(sources)
      .set({ enabled, ...(enabled ? { nextDueAt: now, consecutiveFailures: 0 } : {}) })
      .where(and(eq(sources.id, sourceId), eq(sources.brandId, brandId)))
      .returning({ id: sources.id });
    if (row) await recordAudit(tx, { userId: actorId, action: enabled ? "source.enable" : "source.disable", entity: "source", entityId: sourceId, now });
    return Boolean(row);
  });
}

export class SourceBusy extends Error {}

/** The brand's collected (not pushed) source, locked for the rest of the transaction. */
async function lockCollectedSource(tx: Db, brandId: number, sourceId: number): Promise<Source | undefined> {
  const [row] = await tx
    .select()
    .from(sources)
    .where(and(eq(sources.id, sourceId), eq(sources.brandId, brandId), notInArray(sources.kind, PUSHED_KINDS)))
    .for("update");
  return row;
}

function assertIdle(source: Source, now: Date, doing: string) {
  if (source.leaseOwner && source.leaseExpiresAt && source.leaseExpiresAt.getTime() > now.getTime()) {
    throw new SourceBusy(`expected ${source.name ?? "the source"} to be idle to ${doing} it, but it is being collected right now; try again once that collection has finished`);
  }
}

export interface SourceChanges {
  url: string | null;
  name: string | null;
  options: Record<string, unknown>;
  intervalSeconds: number;
}

/**
 * Changes a collected source. With `reread` (the caller found a new address or options that read the page
 * differently) it is a different reading of the web: what the old one knew (conditional-GET validators, last
 * item count, health, backoff) no longer applies, so it starts afresh and is collected at once, its first
 * collection counting as history again. Refused with SourceBusy while it is being collected, whose finish
 * would write the old reading's state back. Null when the brand has no such collected source.
 */
export async function updateSource(
  db: Db,
  { brandId, sourceId, changes, reread, actorId, now }: { brandId: number; sourceId: number; changes: SourceChanges; reread: boolean; actorId: number; now: Date },
): Promise<Source | null> {
  return db.transaction(async (tx) => {
    const old = await lockCollectedSource(tx, brandId, sourceId);
    if (!old) return null;
    assertIdle(old, now, "change");
    const retargeted = reread || old.url !== changes.url;
    const rescheduled = old.intervalSeconds !== changes.intervalSeconds && old.lastRunAt;
    const name = changes.name?.trim() || defaultSourceName(old.kind, changes.url);
    const fresh = retargeted
      ? { etag: null, lastModified: null, lastItemCount: null, lastStatus: null, lastError: null, aggregateRating: null, consecutiveFailures: 0, nextDueAt: now }
      : rescheduled
        ? { nextDueAt: new Date(old.lastRunAt!.getTime() + changes.intervalSeconds * 1000) }
        : {};
    const [row] = await tx
      .update(sources)
      .set({ url: changes.url, name, options: changes.options, intervalSeconds: changes.intervalSeconds, ...fresh })
      .where(eq(sources.id, sourceId))
      .returning();
    await recordAudit(tx, {
      userId: actorId,
      action: "source.update",
      entity: "source",
      entityId: sourceId,
      before: { url: old.url, name: old.name, options: old.options, intervalSeconds: old.intervalSeconds },
      after: { url: changes.url, name, options: changes.options, intervalSeconds: changes.intervalSeconds },
      now,
    });
    return row!;
  });
}

/**
 * Removes a collected source with everything collected from it (mentions, their revisions, rollups, runs).
 * Refused with SourceBusy while a worker holds its lease: the collection under way would store into a
 * source that is gone. Returns how many mentions went with it, or null when the brand has no such source.
 */
export async function deleteSource(
  db: Db,
  { brandId, sourceId, actorId, now }: { brandId: number; sourceId: number; actorId: number; now: Date },
): Promise<{ mentions: number } | null> {
  return db.transaction(async (tx) => {
    const old = await lockCollectedSource(tx, brandId, sourceId);
    if (!old) return null;
    assertIdle(old, now, "remove");
    const count = await countMentions(tx, { sourceId });
    await tx.delete(sources).where(eq(sources.id, sourceId));
    await recordAudit(tx, {
      userId: actorId,
      action: "source.delete",
      entity: "source",
      entityId: sourceId,
      before: { brandId, kind: old.kind, url: old.url, name: old.name, options: old.options, mentions: count },
      now,
    });
    return { mentions: count };
  });
}

/** What was removed as this brand's source `sourceId`, read back from the audit log for the list to confirm. */
export async function getRemovedSource(db: Db, { brandId, sourceId }: { brandId: number; sourceId: number }): Promise<{ name: string; mentions: number } | null> {
  const [row] = await db
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(and(eq(auditLog.action, "source.delete"), eq(auditLog.entity, "source"), eq(auditLog.entityId, String(sourceId))));
  const before = row?.before as { brandId?: number; name?: string | null; kind?: string; mentions?: number } | null | undefined;
  if (!before || before.brandId !== brandId) return null;
  return { name: before.name ?? before.kind ?? "the source", mentions: before.mentions ?? 0 };
}
