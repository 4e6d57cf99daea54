/**
 * A mention as an extractor finds it, before matching, scoring and storing.
 * This is also the JSON shape that `earshot extract` prints, so field names are a contract.
 */
export interface CandidateMention {
  /** Stable dedupe key: the item's guid/id, else its canonical URL, else a hash of title + text. */
  key: string;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  rating: number | null;
  ratingMax: number | null;
  /** ISO 8601 time, or null when the source gives none we can read. */
  publishedAt: string | null;
}
