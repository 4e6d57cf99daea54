/**
 * Review-aware sentiment: AFINN-165 (the `sentiment` package's word list) plus our own review lexicon,
 * phrases, negation scope, contrast, intensifiers, emoji, emphasis, sentence aggregation and star-rating
 * fusion. Pure and deterministic: no clock, no I/O, the same text gives the same result.
 *
 * The rules live in `./sentiment/engine.ts`, the word lists beside it.
 */
import { analyze, type Analysis } from "./sentiment/engine";
import { BASE_LEXICON, compileOverlay, type Overlay } from "./sentiment/lexicon";
import { SENTENCE } from "./sentiment/tokenize";

export type SentimentLabel = "positive" | "neutral" | "negative";

export interface SentimentWord {
  term: string;
  weight: number;
}

export interface SentimentResult {
  /** -1..+1 */
  score: number;
  comparative: number;
  label: SentimentLabel;
  /** 0..1 */
  confidence: number;
  /** The words and phrases that moved the score, strongest first. */
  words: SentimentWord[];
}

export interface ScoreOptions {
  /** Star rating, if the mention has one. */
  rating?: number | null;
  ratingMax?: number | null;
  /** Per-brand extra words, term → weight on the AFINN scale (-5..+5). */
  extraWords?: Record<string, number>;
}

/** Scores within ±NEUTRAL_BAND are labelled neutral. */
export const NEUTRAL_BAND = 0.05;

/**
 * Squashing of the raw (AFINN-scale) score into -1..+1 as x / √(x² + SQUASH): one clearly positive word
 * ("good", 3) lands at 0.56, "so good" at 0.66, "good!!!" at 0.71, a run of strong praise near 0.9. Unlike tanh,
 * whose tail flattens after a couple of words, it keeps telling strong from very strong apart, which is where
 * short posts differ most.
 */
const SQUASH = 20;

function squash(raw: number): number {
  return raw / Math.sqrt(raw * raw + SQUASH);
}

/**
 * Star-rating bands on the -1..+1 scale, as a function of the rating's place r in 0..1 (1★ of 5 → 0,
 * 5★ → 1): the band is [-1 + 1.3r, -0.3 + 1.3r]. 1★ spans [-1, -0.3], so it is negative whatever the text
 * says; 3★ spans [-0.35, +0.35], so the text decides; 2★ and 4★ can reach neutral with text against them.
 */
const BAND_SLOPE = 1.3;
const BAND_WIDTH = 0.7;

const overlayCache = new WeakMap<object, { key: string; overlay: Overlay }>();

function overlayFor(extraWords: Record<string, number> | undefined): Overlay | null {
  if (extraWords === undefined || extraWords === null) return null;
  if (typeof extraWords !== "object") {
    throw new TypeError(`extraWords: expected an object of term → weight, got ${typeof extraWords}`);
  }
  const entries = Object.entries(extraWords);
  if (entries.length === 0) return null;
  // Keyed by content as well as identity, so a caller that edits its object in place is never served stale words.
  const key = JSON.stringify(entries);
  const cached = overlayCache.get(extraWords);
  if (cached !== undefined && cached.key === key) return cached.overlay;
  const overlay = compileOverlay(extraWords, BASE_LEXICON);
  overlayCache.set(extraWords, { key, overlay });
  return overlay;
}

/** The rating's place on its scale, 0 (worst) .. 1 (best), or null when there is no usable rating. */
export function ratingPosition(rating: number | null | undefined, ratingMax: number | null | undefined): number | null {
  if (rating === null || rating === undefined || !Number.isFinite(rating)) return null;
  const max = ratingMax === null || ratingMax === undefined ? 5 : ratingMax;
  // A scale we cannot read (max below 2) says nothing; ratings outside 1..max are clamped, not trusted blindly.
  if (!Number.isFinite(max) || max < 2) return null;
  const r = (rating - 1) / (max - 1);
  return r < 0 ? 0 : r > 1 ? 1 : r;
}

/** Places a text score (-1..+1) inside the band of a star rating: the rating sets the band, the text the spot. */
export function fuseWithRating(textScore: number, position: number): number {
  const low = -1 + BAND_SLOPE * position;
  return low + (BAND_WIDTH * (textScore + 1)) / 2;
}

function labelOf(score: number): SentimentLabel {
  return score > NEUTRAL_BAND ? "positive" : score < -NEUTRAL_BAND ? "negative" : "neutral";
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

/** Length-normalised raw score: a long review's sentences pool to a typical sentence strength, not a sum. */
function pooled(sentences: number[]): { raw: number; pooled: number } {
  let raw = 0;
  let scored = 0;
  for (const s of sentences) {
    raw += s;
    if (s !== 0) scored++;
  }
  return { raw, pooled: scored > 2 ? raw / Math.sqrt(scored / 2) : raw };
}

function explain(a: Analysis): { words: SentimentWord[]; positive: number; negative: number } {
  const byTerm = new Map<string, number>();
  let positive = 0;
  let negative = 0;
  for (const item of a.items) {
    if (item.weight > 0) positive += item.weight;
    else negative -= item.weight;
    const from = a.tokens[item.from];
    const to = a.tokens[item.to];
    let term: string;
    if (from === undefined || to === undefined || from.kind === SENTENCE) {
      term = "!".repeat(Math.min(4, Math.max(1, from?.bangs ?? 1)));
    } else {
      // As written (lower-cased), so the UI can find and highlight it in the mention's text.
      term = a.source.slice(from.start, to.end).toLowerCase();
    }
    byTerm.set(term, (byTerm.get(term) ?? 0) + item.weight);
  }
  const words: SentimentWord[] = [];
  for (const [term, weight] of byTerm) {
    const w = round(weight, 3);
    if (w !== 0) words.push({ term, weight: w });
  }
  // Stable sort: equal strengths keep the order they appear in.
  words.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  return { words, positive, negative };
}

/**
 * How sure the label is, 0..1: a strong score, evidence that agrees with itself and enough of it make a
 * confident label; a star rating that agrees with the text raises it, one that overrules the text lowers it.
 */
function confidenceOf(
  textScore: number,
  finalScore: number,
  positive: number,
  negative: number,
  position: number | null,
): number {
  const mass = positive + negative;
  const agreement = mass > 0 ? Math.abs(positive - negative) / mass : 0;
  const evidence = 1 - Math.exp(-mass / 6);
  const textLabel = labelOf(textScore);
  let text: number;
  if (textLabel === "neutral") {
    // No opinion words at all is fair evidence of a neutral text; cancelling opinions are weaker evidence.
    text = mass === 0 ? 0.5 : 0.45 - 0.15 * evidence * (1 - agreement);
  } else {
    const strength = Math.min(1, Math.abs(textScore) / 0.8);
    text = 0.35 + 0.3 * strength + 0.15 * agreement + 0.2 * evidence;
  }
  if (position === null) return text;
  const decisiveness = Math.abs(2 * position - 1);
  if (labelOf(finalScore) === textLabel) return text + (1 - text) * 0.7 * decisiveness;
  const textStrength = textLabel === "neutral" ? 0 : Math.min(1, Math.abs(textScore) / 0.8);
  return Math.max(0.3, 0.4 + 0.45 * decisiveness - 0.25 * textStrength);
}

function score(text: string, options: ScoreOptions, overlay: Overlay | null): SentimentResult {
  if (typeof text !== "string") {
    throw new TypeError(`scoreSentiment: expected text as a string, got ${text === null ? "null" : typeof text}`);
  }
  const a = analyze(text, BASE_LEXICON, overlay);
  const { raw, pooled: p } = pooled(a.sentences);
  const textScore = squash(p);
  const position = ratingPosition(options.rating, options.ratingMax);
  const finalScore = position === null ? textScore : fuseWithRating(textScore, position);
  const { words, positive, negative } = explain(a);
  const rounded = round(finalScore, 4);
  return {
    score: rounded,
    comparative: a.wordCount > 0 ? round(raw / a.wordCount, 4) : 0,
    label: labelOf(rounded),
    confidence: round(confidenceOf(textScore, finalScore, positive, negative, position), 3),
    words,
  };
}

/**
 * Scores one text. `score` is on -1..+1, `comparative` is the raw (AFINN-scale) score per word, `words`
 * explains it. With `rating`, the label follows the stars and the text places the score inside their band.
 */
export function scoreSentiment(text: string, options: ScoreOptions = {}): SentimentResult {
  return score(text, options, overlayFor(options.extraWords));
}

/**
 * What is wrong with a brand's extra words, in the words `scoreSentiment` would throw, or null when they are
 * usable: for forms that should refuse a bad word list before it reaches scoring.
 */
export function extraWordsProblem(extraWords: Record<string, unknown>): string | null {
  try {
    compileOverlay(extraWords as Record<string, number>, BASE_LEXICON);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A scorer with one brand's extra words compiled once, for scoring many mentions of the same brand.
 * Throws like `scoreSentiment` when a weight is not a number from -5 to 5.
 */
export function createSentimentScorer(
  extraWords?: Record<string, number>,
): (text: string, options?: Omit<ScoreOptions, "extraWords">) => SentimentResult {
  const overlay = extraWords === undefined ? null : compileOverlay(extraWords, BASE_LEXICON);
  return (text, options = {}) => score(text, options, overlay);
}
