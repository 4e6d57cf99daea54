/**
 * Compiles AFINN-165 (from the `sentiment` package) and our own lists into one map from word to entry, so
 * that scoring a word costs one Map look-up: its weight, its role as a modifier, and the phrases it starts.
 */
import { createRequire } from "node:module";
import {
  BOOSTER_PHRASES,
  BOOSTERS,
  CONCESSION,
  CONCESSION_PHRASES,
  CONTRAST,
  CONTRAST_PHRASES,
  COUNTERFACTUAL_PHRASES,
  DUAL_BOOSTERS,
  EXCESS,
  NEGATOR_PHRASES,
  NEGATORS,
  REVERSING_COMPARISONS,
  WEAK_NEGATORS,
  MAGNITUDE_WORDS,
  WEIGHTED_CONTRAST,
  WEIGHTED_NEGATOR_PHRASES,
  WEIGHTED_NEGATORS,
} from "./modifiers";
import { REVIEW_PHRASES } from "./review-phrases";
import { REVIEW_WORDS } from "./review-words";
import { SYMBOL_WEIGHTS } from "./symbols";
import { tokenize, SYMBOL, WORD } from "./tokenize";
import { parseWordList } from "./word-list";

export const F_NEGATOR = 1;
/** With F_NEGATOR: an unreal state ("would have been"), softer than a negation. */
export const F_COUNTERFACTUAL = 2;
export const F_BOOST = 4;
/** With F_BOOST: boosts only when a sentiment word follows, else counts its own weight. */
export const F_DUAL = 8;
/** With F_BOOST: may strengthen the sentiment word before it ("loved it a lot"). */
export const F_POST = 16;
export const F_CONTRAST = 32;
export const F_CONCESSION = 64;
/** "too", "overly": a following neutral word becomes a complaint. */
export const F_EXCESS = 128;
/** "like", which is a comparison as often as a liking. */
export const F_LIKE = 256;
/**
 * Never flipped by a negation before it: phrases that contain their own ("no complaints"), and emoji, which
 * say how the writer feels whatever the words around them do.
 */
export const F_FIXED = 512;
/** A star rating ("5 stars", "2/10"): a plain negation does not flip it ("wouldn't even give it 1 star"). */
export const F_RATING = 1024;
/** "than this": the praise just before was for something else, so it counts against. */
export const F_REVERSE = 2048;
/** With F_NEGATOR: negates praise but only softens a complaint ("barely edible", "barely lukewarm"). */
export const F_WEAK = 4096;
/** Size words ("great", "huge"): before a complaint they only say how big it is. */
export const F_MAGNITUDE = 8192;

export interface Entry {
  /** Weight on the AFINN scale when not negated; 0 for modifiers and masks. */
  weight: number;
  /** Weight when negated; NaN derives it from `weight`. */
  negated: number;
  flags: number;
  /** For boosters: the next sentiment word is multiplied by 1 + boost. */
  boost: number;
  /** Phrases that start with this word. */
  phrases: PhraseNode | null;
}

export interface PhraseNode {
  next: Map<string, PhraseNode> | null;
  /** The "*" wildcard: any one word. */
  any: PhraseNode | null;
  value: Entry | null;
}

export interface Lexicon {
  words: Map<string, Entry>;
}

// Read through require: the JSON has keys such as "super" that break loaders turning JSON into ES modules.
const afinn = createRequire(import.meta.url)("sentiment/languages/en/labels.json") as Record<string, number>;

const NEGATOR_WORDS = new Set(NEGATORS.split(" "));

function newEntry(): Entry {
  return { weight: 0, negated: Number.NaN, flags: 0, boost: 0, phrases: null };
}

/** Splits a term the way the tokenizer splits text, keeping "*" as a wildcard. */
export function termTokens(term: string): string[] {
  const out: string[] = [];
  for (const part of term.trim().split(/\s+/)) {
    if (part === "*") {
      out.push("*");
      continue;
    }
    for (const t of tokenize(part)) {
      if (t.kind === WORD || t.kind === SYMBOL) out.push(t.text);
    }
  }
  return out;
}

function phraseLeaf(root: Entry, rest: string[]): PhraseNode {
  let node = root.phrases ?? (root.phrases = { next: null, any: null, value: null });
  for (const word of rest) {
    if (word === "*") {
      node = node.any ?? (node.any = { next: null, any: null, value: null });
      continue;
    }
    node.next ??= new Map();
    let child = node.next.get(word);
    if (child === undefined) {
      child = { next: null, any: null, value: null };
      node.next.set(word, child);
    }
    node = child;
  }
  return node;
}

export class LexiconBuilder {
  readonly words = new Map<string, Entry>();

  private entry(word: string): Entry {
    let e = this.words.get(word);
    if (e === undefined) {
      e = newEntry();
      this.words.set(word, e);
    }
    return e;
  }

  /** Sets the weight of a word or phrase; a later call for the same term overrides an earlier one. */
  set(term: string, weight: number, negated: number, flags = 0, boost = 0): void {
    const parts = termTokens(term);
    if (parts.length === 0) return;
    if (parts.length === 1) {
      const e = this.entry(parts[0]!);
      e.weight = weight;
      e.negated = negated;
      e.flags |= flags;
      if (boost !== 0) e.boost = boost;
      return;
    }
    const leaf = phraseLeaf(this.entry(parts[0]!), parts.slice(1));
    const hasNegation = parts.some((p) => NEGATOR_WORDS.has(p));
    leaf.value = { weight, negated, flags: flags | (hasNegation ? F_FIXED : 0), boost, phrases: null };
  }

  /** Gives a word a role (negator, booster…) without touching its weight. */
  role(term: string, flags: number, boost = 0, weight?: number): void {
    const parts = termTokens(term);
    if (parts.length === 1) {
      const e = this.entry(parts[0]!);
      e.flags |= flags;
      e.boost = boost;
      if (weight !== undefined) e.weight = weight;
      return;
    }
    this.set(term, weight ?? 0, Number.NaN, flags, boost);
  }

  build(): Lexicon {
    return { words: this.words };
  }
}

function buildBase(): Lexicon {
  const b = new LexiconBuilder();
  for (const [term, weight] of Object.entries(afinn)) b.set(term, weight, Number.NaN);
  for (const [symbol, weight] of Object.entries(SYMBOL_WEIGHTS)) b.set(symbol, weight, Number.NaN, F_FIXED);
  for (const { term, weight, negated } of parseWordList(REVIEW_WORDS)) b.set(term, weight, negated);
  for (const { term, weight, negated } of parseWordList(REVIEW_PHRASES)) b.set(term, weight, negated);

  for (const w of NEGATORS.split(" ")) b.role(w, F_NEGATOR, 0, 0);
  for (const w of WEAK_NEGATORS.split(" ")) b.role(w, F_NEGATOR | F_WEAK, 0, 0);
  for (const [w, weight] of Object.entries(WEIGHTED_NEGATORS)) b.role(w, F_NEGATOR, 0, weight);
  for (const p of NEGATOR_PHRASES.split(",")) b.role(p, F_NEGATOR);
  for (const [p, weight] of Object.entries(WEIGHTED_NEGATOR_PHRASES)) b.role(p, F_NEGATOR, 0, weight);
  for (const p of COUNTERFACTUAL_PHRASES.split(",")) b.role(p, F_NEGATOR | F_COUNTERFACTUAL);
  const dual = new Set(DUAL_BOOSTERS.split(" "));
  for (const [w, boost] of Object.entries(BOOSTERS)) b.role(w, F_BOOST | (dual.has(w) ? F_DUAL : 0), boost);
  for (const [p, boost] of Object.entries(BOOSTER_PHRASES)) b.role(p, F_BOOST | F_POST, boost);
  for (const w of CONTRAST.split(" ")) b.role(w, F_CONTRAST, 0, 0);
  for (const p of CONTRAST_PHRASES.split(",")) b.role(p, F_CONTRAST);
  for (const [w, weight] of Object.entries(WEIGHTED_CONTRAST)) b.role(w, F_CONTRAST, 0, weight);
  for (const w of CONCESSION.split(" ")) b.role(w, F_CONCESSION, 0, 0);
  for (const p of CONCESSION_PHRASES.split(",")) b.role(p, F_CONCESSION);
  for (const w of EXCESS.split(" ")) b.role(w, F_EXCESS, 0.3, 0);
  b.role("like", F_LIKE);
  for (const w of MAGNITUDE_WORDS.split(" ")) b.role(w, F_MAGNITUDE);
  for (const p of REVERSING_COMPARISONS.split(",")) b.role(p, F_REVERSE);
  return b.build();
}

export const BASE_LEXICON: Lexicon = buildBase();

/** Per-brand words: single words replace the base entry's weight; phrases live in their own trie. */
export interface Overlay {
  words: Map<string, Entry>;
  phrases: Map<string, PhraseNode>;
}

/**
 * Compiles `extraWords` (term → AFINN-scale weight) into an overlay. Throws when a weight is not a number
 * from -5 to 5 or a term has no words in it, naming the term.
 */
export function compileOverlay(extraWords: Record<string, number>, base: Lexicon = BASE_LEXICON): Overlay {
  const words = new Map<string, Entry>();
  const phrases = new Map<string, PhraseNode>();
  for (const [term, weight] of Object.entries(extraWords)) {
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < -5 || weight > 5) {
      throw new RangeError(
        `extraWords["${term}"]: expected a number from -5 to 5, got ${typeof weight === "number" ? weight : JSON.stringify(weight)}`,
      );
    }
    const parts = termTokens(term);
    if (parts.length === 0 || parts.includes("*")) {
      throw new RangeError(`extraWords: expected a word or phrase as key, got ${JSON.stringify(term)}`);
    }
    if (parts.length === 1) {
      const found = base.words.get(parts[0]!);
      // Keep the word's role as a booster (a brand may reweigh "super" and still want "super fast" boosted)
      // and the phrases it starts; it stops being a negator or a contrast, since it now is an opinion.
      words.set(parts[0]!, {
        weight,
        negated: Number.NaN,
        flags: (found?.flags ?? 0) & ~(F_NEGATOR | F_CONTRAST | F_CONCESSION),
        boost: found?.boost ?? 0,
        phrases: found?.phrases ?? null,
      });
      continue;
    }
    const holder: Entry = newEntry();
    holder.phrases = phrases.get(parts[0]!) ?? null;
    const leaf = phraseLeaf(holder, parts.slice(1));
    phrases.set(parts[0]!, holder.phrases!);
    const hasNegation = parts.some((p) => NEGATOR_WORDS.has(p));
    leaf.value = { weight, negated: Number.NaN, flags: hasNegation ? F_FIXED : 0, boost: 0, phrases: null };
  }
  return { words, phrases };
}
