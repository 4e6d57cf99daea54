import type { AggregateRating } from "./schema-org";

/** The parts of a schema.org AggregateRating that Earshot keeps on a source and shows. */
export type AggregateSummary = Pick<AggregateRating, "ratingValue" | "bestRating" | "ratingCount" | "reviewCount" | "itemName">;

export function summariseAggregate(a: AggregateRating): AggregateSummary {
  return { ratingValue: a.ratingValue, bestRating: a.bestRating, ratingCount: a.ratingCount, reviewCount: a.reviewCount, itemName: a.itemName };
}

/** "4.3 of 5 from 120 reviews": what the page says of itself, in a line. */
export function formatAggregate(a: Omit<AggregateSummary, "itemName">): string {
  if (a.ratingValue === null) return "";
  const value = Number.isInteger(a.ratingValue) ? String(a.ratingValue) : a.ratingValue.toFixed(1);
  const count = a.reviewCount ?? a.ratingCount;
  const noun = a.reviewCount !== null ? "review" : "rating";
  return `★ ${value} of ${a.bestRating ?? 5}${count !== null ? ` from ${count} ${noun}${count === 1 ? "" : "s"}` : ""}`;
}
