/** The parts of a schema.org AggregateRating that Earshot keeps and shows. */
export interface AggregateSummary {
  ratingValue: number | null;
  bestRating: number | null;
  ratingCount: number | null;
  reviewCount: number | null;
}

/** "4.3 of 5 from 120 reviews": what the page says of itself, in a line. */
export function formatAggregate(a: AggregateSummary): string {
  if (a.ratingValue === null) return "";
  const value = Number.isInteger(a.ratingValue) ? String(a.ratingValue) : a.ratingValue.toFixed(1);
  const count = a.reviewCount ?? a.ratingCount;
  const noun = a.reviewCount !== null ? "review" : "rating";
  return `★ ${value} of ${a.bestRating ?? 5}${count !== null ? ` from ${count} ${noun}${count === 1 ? "" : "s"}` : ""}`;
}
