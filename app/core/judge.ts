import type { CandidateMention } from "./candidate";
import { scoreSentiment, type SentimentResult } from "./sentiment";

export interface JudgedMention extends CandidateMention {
  sentiment: SentimentResult;
}

/** The text a mention is judged on: its title leads unless the text already starts with it. */
export function judgedText(item: Pick<CandidateMention, "title" | "text">): string {
  return item.title && !item.text.startsWith(item.title) ? `${item.title}. ${item.text}` : item.text;
}

/** The text a brand query is matched against: title and text, so a headline alone can make a match. */
export function matchedText(item: Pick<CandidateMention, "title" | "text">): string {
  return item.title ? `${item.title}\n${item.text}` : item.text;
}

/** The score of one candidate with the brand's own words; the same call for every way a mention arrives. */
export function judgeMention(item: CandidateMention, extraWords: Record<string, number>): SentimentResult {
  return scoreSentiment(judgedText(item), { rating: item.rating, ratingMax: item.ratingMax, extraWords });
}

export function judgeMentions(items: CandidateMention[], extraWords: Record<string, number>): JudgedMention[] {
  return items.map((item) => ({ ...item, sentiment: judgeMention(item, extraWords) }));
}
