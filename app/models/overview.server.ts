import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { dailyRollups, incidents, sources } from "~/db/schema";
import { listMentions } from "./mentions.server";

export interface DayPoint {
  day: string;
  positive: number;
  neutral: number;
  negative: number;
  averageScore: number | null;
}

/** Daily counts by label for the last `days` days (UTC), zero-filled so the chart has no gaps. */
export async function getDailySeries(db: Db, { brandId, days, now }: { brandId: number; days: number; now: Date }) {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const startDay = start.toISOString().slice(0, 10);
  const rows = await db
    .select({
      day: dailyRollups.day,
      label: dailyRollups.label,
      count: sql<number>`sum(${dailyRollups.count})::int`,
      scoreSum: sql<number>`sum(${dailyRollups.scoreSum})::float8`,
    })
    .from(dailyRollups)
    .where(and(eq(dailyRollups.brandId, brandId), gte(dailyRollups.day, startDay)))
    .groupBy(dailyRollups.day, dailyRollups.label);
  const points = new Map<string, DayPoint & { scoreSum: number }>();
  for (let i = 0; i < days; i++) {
    const day = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    points.set(day, { day, positive: 0, neutral: 0, negative: 0, averageScore: null, scoreSum: 0 });
  }
  for (const row of rows) {
    const p = points.get(row.day);
    if (!p) continue;
    p[row.label] += row.count;
    p.scoreSum += row.scoreSum;
  }
  return [...points.values()].map(({ scoreSum, ...p }) => {
    const total = p.positive + p.neutral + p.negative;
    return { ...p, averageScore: total > 0 ? scoreSum / total : null };
  });
}

export async function getOverview(db: Db, { brandId, days = 30, now }: { brandId: number; days?: number; now: Date }) {
  const [series, latest, openIncidents, sourceRows] = await Promise.all([
    getDailySeries(db, { brandId, days, now }),
    listMentions(db, { brandId, limit: 20 }),
    db.select().from(incidents).where(eq(incidents.brandId, brandId)).orderBy(desc(incidents.openedAt)).limit(10),
    // Only what the page shows: options, validators and leases stay on the server.
    db.select({ id: sources.id, name: sources.name, url: sources.url, kind: sources.kind, lastStatus: sources.lastStatus }).from(sources).where(eq(sources.brandId, brandId)),
  ]);
  const totals = series.reduce(
    (acc, p) => {
      acc.positive += p.positive;
      acc.neutral += p.neutral;
      acc.negative += p.negative;
      if (p.averageScore !== null) {
        const n = p.positive + p.neutral + p.negative;
        acc.scoreSum += p.averageScore * n;
      }
      return acc;
    },
    { positive: 0, neutral: 0, negative: 0, scoreSum: 0 },
  );
  const total = totals.positive + totals.neutral + totals.negative;
  return {
    series,
    totals: { ...totals, total, averageScore: total > 0 ? totals.scoreSum / total : null },
    latest,
    incidents: openIncidents,
    sources: sourceRows,
  };
}
