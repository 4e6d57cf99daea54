import { sql } from "drizzle-orm";
import { mentions } from "~/db/schema";

/** Older than this when it reaches us, a mention is history however it arrives. */
export const LATE_LIMIT_MS = 48 * 3_600_000;

/**
 * The moment a mention counts for, in charts, rollups and crisis detection, fixed once when it is stored.
 * A source's first batch (its history) and imports count when they were published, so a first collection
 * of old reviews becomes history rather than a spike. After that, what is new to us counts when we heard
 * of it: a review site that dates reviews by day only, or a feed that lags by hours, would otherwise put a
 * crisis in an hour the detector has already looked past. Anything published longer ago than the late
 * limit (an old page newly reached) is history again. A missing or future publication time never counts.
 */
export function countedTime(publishedAt: Date | null, collectedAt: Date, { backfill }: { backfill: boolean }): Date {
  if (!publishedAt || publishedAt.getTime() > collectedAt.getTime()) return collectedAt;
  if (backfill || collectedAt.getTime() - publishedAt.getTime() > LATE_LIMIT_MS) return publishedAt;
  return collectedAt;
}

export const effectiveAtSql = sql`${mentions.countedAt}`;

/** The UTC day of `effectiveAtSql`, as the rollups store it. */
export const effectiveDaySql = sql`((${effectiveAtSql}) at time zone 'UTC')::date`;

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
