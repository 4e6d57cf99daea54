import type { CandidateMention } from "~/core/candidate";
import { scoreSentiment } from "~/core/sentiment";
import type { ScoredMention } from "~/models/mentions.server";

let counter = 0;

/** A scored mention with sensible defaults; tests override only what they are about. */
export function scoredMention(overrides: Partial<CandidateMention> = {}): ScoredMention {
  counter++;
  const base: CandidateMention = {
    key: `item-${counter}`,
    url: `https://blog.example/posts/${counter}`,
    title: `Post ${counter}`,
    text: "A pleasant visit, friendly staff.",
    author: "Sam",
    rating: null,
    ratingMax: null,
    publishedAt: "2026-11-20T10:00:00.000Z",
    ...overrides,
  };
  return { ...base, sentiment: scoreSentiment(base.text, { rating: base.rating, ratingMax: base.ratingMax }) };
}
