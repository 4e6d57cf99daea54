import { sql } from "drizzle-orm";
import { mentions } from "~/db/schema";

/**
 * The moment a mention counts for, in charts, rollups and crisis detection: when it was published, unless
 * that is missing or claims the future, then when we collected it. Written once for JS and once for SQL,
 * side by side, because every count must agree on it.
 */
export function effectiveTime(publishedAt: Date | null, collectedAt: Date): Date {
  return publishedAt && publishedAt.getTime() <= collectedAt.getTime() ? publishedAt : collectedAt;
}

export const effectiveAtSql = sql`(case when ${mentions.publishedAt} is not null and ${mentions.publishedAt} <= ${mentions.collectedAt} then ${mentions.publishedAt} else ${mentions.collectedAt} end)`;

/** The UTC day of `effectiveAtSql`, as the rollups store it. */
export const effectiveDaySql = sql`((${effectiveAtSql}) at time zone 'UTC')::date`;

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
