/**
 * Review pages from the shared real-world corpus (../shared/corpus/pages, see its README), checked
 * against its ground-truth.json: every review listed is found (author, rating, date, start of text),
 * nothing else is, and AggregateRatings are found per syntax. Skips when the corpus is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { extractSchemaOrg, type AggregateRating } from "./schema-org";

const PAGES = fileURLToPath(new URL("../../../../shared/corpus/pages/", import.meta.url));
const present = existsSync(join(PAGES, "ground-truth.json"));
const skipNote = present ? "" : " (skipped: ../shared/corpus/pages is absent)";

interface TruthReview {
  author: string | null;
  rating: string | number | null;
  date: string | null;
  body: string;
}
interface TruthAggregate {
  ratingValue?: string | number;
  reviewCount?: string | number;
  ratingCount?: string | number;
}
interface PageTruth {
  jsonld_reviews: TruthReview[];
  microdata_reviews: TruthReview[];
  jsonld_aggregate_ratings: TruthAggregate[];
  microdata_aggregate_ratings: TruthAggregate[];
}

const truth: Record<string, PageTruth> = present ? JSON.parse(readFileSync(join(PAGES, "ground-truth.json"), "utf8")) : {};
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
// The ground truth flattened line breaks (<br>) to nothing where we keep them as breaks: compare the
// words and punctuation, not the spacing.
const letters = (s: string) => s.replace(/\s+/g, "");

// The same review listed in two blocks is one review to us.
function distinctReviews(t: PageTruth): TruthReview[] {
  const seen = new Map<string, TruthReview>();
  for (const r of [...t.jsonld_reviews, ...t.microdata_reviews]) seen.set(`${r.author}\u0000${squash(r.body)}\u0000${r.date}`, r);
  return [...seen.values()];
}

function sameAggregate(ours: AggregateRating, t: TruthAggregate): boolean {
  const num = (v: string | number | undefined) => (v === undefined ? null : Number(v));
  return (
    ours.ratingValue === num(t.ratingValue) &&
    (t.reviewCount === undefined || ours.reviewCount === num(t.reviewCount)) &&
    (t.ratingCount === undefined || ours.ratingCount === num(t.ratingCount))
  );
}

describe.skipIf(!present)(`schema.org review pages against ground-truth.json${skipNote}`, () => {
  it("covers the ten pages of the ground truth", () => {
    expect(Object.keys(truth)).toHaveLength(10);
  });

  it.each(Object.keys(truth))("finds every review on %s, and nothing else", (page) => {
    const html = readFileSync(join(PAGES, page), "utf8");
    const { reviews } = extractSchemaOrg(html, `https://corpus.example/${page}`);
    const expected = distinctReviews(truth[page]);
    expect(reviews).toHaveLength(expected.length);
    for (const e of expected) {
      const found = reviews.filter((r) => r.author === e.author && letters(r.text).startsWith(letters(e.body)));
      expect(found, `${page}: review by ${e.author} starting ${JSON.stringify(e.body.slice(0, 40))}`).toHaveLength(1);
      const [r] = found;
      expect(r.rating, `${page}: ${e.author}'s rating`).toBe(e.rating === null ? null : Number(e.rating));
      if (e.rating !== null) expect(r.ratingMax).toBe(5);
      if (e.date === null) expect(r.publishedAt).toBeNull();
      else expect(r.publishedAt, `${page}: ${e.author}'s date`).toBe(new Date(e.date.length === 10 ? `${e.date}T00:00:00Z` : e.date).toISOString());
      expect(r.url).toBe(`https://corpus.example/${page}`);
    }
    expect(new Set(reviews.map((r) => r.key)).size).toBe(reviews.length);
  });

  it.each(Object.keys(truth))("finds the AggregateRatings on %s by syntax", (page) => {
    const html = readFileSync(join(PAGES, page), "utf8");
    const { aggregates } = extractSchemaOrg(html);
    for (const [syntax, list] of [["json-ld", truth[page].jsonld_aggregate_ratings], ["microdata", truth[page].microdata_aggregate_ratings]] as const) {
      const ours = aggregates.filter((a) => a.syntax === syntax);
      expect(ours, `${page} ${syntax}`).toHaveLength(list.length);
      list.forEach((t, i) => expect(sameAggregate(ours[i], t), `${page} ${syntax} #${i}: ${JSON.stringify(ours[i])} vs ${JSON.stringify(t)}`).toBe(true));
    }
  });

  it("reads the RDFa copy of the rating that web-auto-extractor's page also gives as JSON-LD and microdata", () => {
    const { aggregates } = extractSchemaOrg(readFileSync(join(PAGES, "web-auto-extractor/testPage.html"), "utf8"));
    expect(aggregates.map((a) => [a.syntax, a.ratingValue, a.reviewCount, a.itemName])).toEqual([
      ["json-ld", 4.4, 89, "Executive Anvil"],
      ["microdata", 4.4, 89, "Executive Anvil"],
      ["rdfa", 4.4, 89, "Executive Anvil"],
    ]);
  });

  it("collapses chefjeanpierre's twelve reviews, published in two JSON-LD blocks, to twelve", () => {
    const { reviews } = extractSchemaOrg(readFileSync(join(PAGES, "recipe-scrapers/chefjeanpierre_1.html"), "utf8"));
    expect(truth["recipe-scrapers/chefjeanpierre_1.html"].jsonld_reviews).toHaveLength(24);
    expect(reviews).toHaveLength(12);
  });

  it("finds no review on the negative-control shop page", () => {
    const { reviews, aggregates } = extractSchemaOrg(readFileSync(join(PAGES, "extruct/websites__microdata-with-description.html"), "utf8"));
    expect(reviews).toEqual([]);
    expect(aggregates).toEqual([]);
  });
});
