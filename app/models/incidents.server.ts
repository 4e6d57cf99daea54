import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Decision, HourlyBucket, OpenIncident } from "~/core/spikes";
import { rowsOf, type Db } from "~/db/client";
import { auditLog, incidents, mentions, sources } from "~/db/schema";
import { effectiveAtSql } from "./effective-time.server";

export type Incident = typeof incidents.$inferSelect;

const effectiveAt = effectiveAtSql;
const effectiveLabel = sql`coalesce(${mentions.overrideLabel}, ${mentions.sentimentLabel})`;

/** Negatives among all mentions per UTC hour since `from` (hours without mentions are simply absent). */
export async function getHourlyBuckets(db: Db, { brandId, sourceId, from }: { brandId: number; sourceId?: number; from: Date }): Promise<HourlyBucket[]> {
  const rows = rowsOf<{ hour: string | Date; negatives: number; total: number }>(
    await db.execute(sql`
      select (date_trunc('hour', ${effectiveAt} at time zone 'UTC') at time zone 'UTC') as hour,
             count(*) filter (where ${effectiveLabel} = 'negative')::int as negatives,
             count(*)::int as total
      from ${mentions}
      where ${mentions.brandId} = ${brandId} and ${effectiveAt} >= ${from.toISOString()}::timestamptz
        ${sourceId === undefined ? sql`` : sql`and ${mentions.sourceId} = ${sourceId}`}
      group by 1 order by 1`),
  );
  return rows.map((r) => ({ start: new Date(r.hour), negatives: Number(r.negatives), total: Number(r.total) }));
}

/** The brand's live incident (open or acknowledged) and when its last one was resolved. */
export async function getIncidentState(db: Db, { brandId }: { brandId: number }) {
  const [live] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.brandId, brandId), inArray(incidents.status, ["open", "acknowledged"])))
    .orderBy(desc(incidents.openedAt))
    .limit(1);
  const [last] = await db
    .select({ at: sql<string | null>`max(${incidents.resolvedAt})` })
    .from(incidents)
    .where(and(eq(incidents.brandId, brandId), isNotNull(incidents.resolvedAt)));
  const state = (live?.evidence as { state?: { kind: "surge" | "drop"; openedAt: string; lastFiredAt: string; peak: number } } | undefined)?.state;
  const open: OpenIncident | null = live && state
    ? { kind: state.kind, openedAt: new Date(state.openedAt), lastFiredAt: new Date(state.lastFiredAt), peak: state.peak }
    : null;
  return { live: live ?? null, open, lastResolvedAt: last?.at ? new Date(last.at) : null };
}

export interface IncidentEvidence {
  topTerms: { term: string; count: number }[];
  /** `surging`: the source's own series would have raised the alarm on its own. */
  sources: { sourceId: number; name: string; negatives: number; surging?: boolean }[];
  examples: { id: number; title: string | null; text: string; url: string | null; score: number }[];
}

/** What a person needs to see what the crisis is about: its words, where it comes from, a few examples. */
export async function gatherEvidence(db: Db, { brandId, from, to }: { brandId: number; from: Date; to: Date }): Promise<IncidentEvidence> {
  const window = and(
    eq(mentions.brandId, brandId),
    sql`${effectiveAt} >= ${from.toISOString()}::timestamptz`,
    sql`${effectiveAt} < ${to.toISOString()}::timestamptz`,
    sql`${effectiveLabel} = 'negative'`,
  );
  const negatives = await db
    .select({ id: mentions.id, title: mentions.title, text: mentions.text, url: mentions.url, score: mentions.sentimentScore, words: mentions.sentimentWords, sourceId: mentions.sourceId })
    .from(mentions)
    .where(window)
    .orderBy(mentions.sentimentScore)
    .limit(500);
  const terms = new Map<string, number>();
  const bySource = new Map<number, number>();
  for (const m of negatives) {
    // Words only: "!!!" and emoji move scores, but say nothing about what the crisis is about.
    for (const w of new Set(m.words.filter((w) => w.weight < 0 && /\p{L}/u.test(w.term)).map((w) => w.term.toLowerCase()))) terms.set(w, (terms.get(w) ?? 0) + 1);
    bySource.set(m.sourceId, (bySource.get(m.sourceId) ?? 0) + 1);
  }
  const sourceRows = bySource.size
    ? await db.select({ id: sources.id, name: sources.name, url: sources.url, kind: sources.kind }).from(sources).where(inArray(sources.id, [...bySource.keys()]))
    : [];
  return {
    topTerms: [...terms].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([term, count]) => ({ term, count })),
    sources: sourceRows
      .map((s) => ({ sourceId: s.id, name: s.name ?? s.url ?? s.kind, negatives: bySource.get(s.id) ?? 0 }))
      .sort((a, b) => b.negatives - a.negatives),
    // Distinct texts: a burst often repeats itself word for word, and five copies of one review explain nothing.
    examples: [...new Map(negatives.map((m) => [m.text, m])).values()]
      .slice(0, 5)
      .map((m) => ({ id: m.id, title: m.title, text: m.text.slice(0, 300), url: m.url, score: m.score })),
  };
}

/**
 * Stores what the detector decided: a new incident, new evidence on the live one, or its end. One crisis
 * stays one row because the detector's own state (kept in `evidence.state`) carries from call to call.
 */
export async function applyIncidentDecision(
  db: Db,
  { brandId, decision, evidence, now }: { brandId: number; decision: Decision; evidence: IncidentEvidence; now: Date },
): Promise<{ action: Decision["action"]; incidentId: number | null }> {
  const { live } = await getIncidentState(db, { brandId });
  const facts = {
    reason: decision.reason,
    pValue: decision.pValue,
    score: decision.score,
    share: decision.share,
    ...evidence,
    state: decision.incident
      ? { kind: decision.incident.kind, openedAt: decision.incident.openedAt.toISOString(), lastFiredAt: decision.incident.lastFiredAt.toISOString(), peak: decision.incident.peak }
      : null,
  };
  if (decision.action === "open" && !live && decision.incident && decision.windowStart && decision.windowEnd) {
    const [row] = await db
      .insert(incidents)
      .values({
        brandId,
        kind: decision.incident.kind,
        status: "open",
        windowStart: decision.windowStart,
        windowEnd: decision.windowEnd,
        observed: decision.observed,
        expected: decision.expected,
        evidence: facts,
        openedAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: incidents.id });
    // Another worker opened it a moment ago: that one is the incident.
    if (!row) return { action: "none", incidentId: (await getIncidentState(db, { brandId })).live?.id ?? null };
    return { action: "open", incidentId: row.id };
  }
  if (!live) return { action: "none", incidentId: null };
  if (decision.action === "resolve") {
    await db
      .update(incidents)
      .set({ status: "resolved", resolvedAt: now, updatedAt: now, evidence: { ...(live.evidence as object), state: null, resolvedBy: "detector", resolveReason: decision.reason } })
      .where(eq(incidents.id, live.id));
    return { action: "resolve", incidentId: live.id };
  }
  if (decision.action === "update" && decision.windowEnd) {
    // The window only grows: the incident covers the whole crisis, not just its latest hours.
    await db
      .update(incidents)
      .set({
        windowEnd: decision.windowEnd > live.windowEnd ? decision.windowEnd : live.windowEnd,
        observed: Math.max(live.observed, decision.observed),
        expected: decision.observed >= live.observed ? decision.expected : live.expected,
        evidence: facts,
        updatedAt: now,
      })
      .where(eq(incidents.id, live.id));
    return { action: "update", incidentId: live.id };
  }
  if (decision.incident) {
    // Cooling down: keep the detector's state so it can resolve later.
    await db.update(incidents).set({ evidence: { ...(live.evidence as object), state: facts.state } }).where(eq(incidents.id, live.id));
  }
  return { action: "none", incidentId: live.id };
}

export async function listIncidents(db: Db, { brandId, limit = 20 }: { brandId: number; limit?: number }): Promise<Incident[]> {
  return db.select().from(incidents).where(eq(incidents.brandId, brandId)).orderBy(desc(incidents.openedAt)).limit(limit);
}

export class IncidentNotFound extends Error {}

/** A person's step in the incident's life: acknowledge it, or resolve it with a note. */
export async function changeIncidentStatus(
  db: Db,
  { brandId, incidentId, status, note, userId, now }: { brandId: number; incidentId: number; status: "acknowledged" | "resolved"; note: string | null; userId: number; now: Date },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(incidents).where(and(eq(incidents.id, incidentId), eq(incidents.brandId, brandId)));
    if (!before) throw new IncidentNotFound(`expected an incident of brand ${brandId} with id ${incidentId}, found none`);
    if (before.status === "resolved") throw new IncidentNotFound(`incident ${incidentId} is resolved already`);
    await tx
      .update(incidents)
      .set({
        status,
        // Notes add up (why it was acknowledged, then how it ended); the audit log says who wrote each.
        note: before.note && note ? `${before.note}\n${note}` : (note ?? before.note),
        updatedAt: now,
        ...(status === "resolved" ? { resolvedAt: now, evidence: { ...(before.evidence as object), state: null, resolvedBy: "person" } } : {}),
      })
      .where(eq(incidents.id, incidentId));
    await tx.insert(auditLog).values({ userId, action: `incident.${status === "resolved" ? "resolve" : "acknowledge"}`, entity: "incident", entityId: String(incidentId), before: { status: before.status }, after: { status, note }, at: now });
  });
}
