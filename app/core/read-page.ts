import type { CandidateMention } from "./candidate";
import { extractMentions, type ExtractOptions, type ExtractResult } from "./extract";
import { judgeMention, matchedText } from "./judge";
import { matchesQuery, parseQuery, type Query } from "./query";
import type { SentimentResult } from "./sentiment";

/** How one brand reads what a page says: its query (null: every item is about it) and its own words. */
export interface Judging {
  query: string | null;
  words: Record<string, number>;
}

/** A mention as read for a brand: matched against its query, and judged when it matches. */
export type ReadMention = CandidateMention & ({ matches: true; sentiment: SentimentResult } | { matches: false; sentiment: null });

/** The mentions a brand keeps: those its query matched, which are the ones judged. */
export type MatchedMention = Extract<ReadMention, { matches: true }>;
export const isMatched = (m: ReadMention): m is MatchedMention => m.matches;

export interface ReadResult extends Omit<ExtractResult, "mentions"> {
  mentions: ReadMention[];
}

const compiledQueries = new Map<string, Query>();
function compiledQuery(src: string): Query {
  let q = compiledQueries.get(src);
  if (!q) {
    q = parseQuery(src);
    if (compiledQueries.size > 500) compiledQueries.clear();
    compiledQueries.set(src, q);
  }
  return q;
}

/**
 * The CPU part of a collection for one page: extract → match → score. Pure, so that it runs the same inline
 * and in a reading thread. Only what matches is scored: the rest is counted as rejected and never stored.
 * Throws ExtractError when the page cannot be what `options.kind` asks for.
 */
export function readPage(body: string, options: ExtractOptions, judging: Judging): ReadResult {
  const { mentions, ...rest } = extractMentions(body, options);
  const query = judging.query === null ? null : compiledQuery(judging.query);
  const read: ReadMention[] = new Array(mentions.length);
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i]!;
    const matches = !query || matchesQuery(query, matchedText(m));
    // Written out rather than spread, so every mention is one object of one shape, whichever way it goes:
    // quicker to build, and cheap to hand between threads.
    const sentiment = matches ? judgeMention(m, judging.words) : null;
    read[i] = {
      key: m.key, url: m.url, title: m.title, text: m.text, author: m.author, rating: m.rating, ratingMax: m.ratingMax, publishedAt: m.publishedAt,
      matches, sentiment,
    } as ReadMention;
  }
  return { ...rest, mentions: read };
}
