/**
 * The rule engine: walks the tokens once, left to right, and turns words and phrases into weighted items.
 * The vocabulary lives in the lists beside it; this file holds the rules and their strengths.
 */
import {
  BASE_LEXICON,
  F_BOOST,
  F_CONCESSION,
  F_CONTRAST,
  F_COUNTERFACTUAL,
  F_DUAL,
  F_EXCESS,
  F_FIXED,
  F_LIKE,
  F_NEGATOR,
  F_POST,
  F_RATING,
  F_REVERSE,
  F_WEAK,
  F_MAGNITUDE,
  type Entry,
  type Lexicon,
  type Overlay,
  type PhraseNode,
} from "./lexicon";
import { EXCESS_SKIP, LIKE_NEXT_BLOCKERS, LIKE_SUBJECTS, NEGATION_TRANSPARENT } from "./modifiers";
import { STAR_SYMBOL } from "./symbols";
import { CLAUSE, SENTENCE, SYMBOL, tokenize, WORD, type Token } from "./tokenize";

/** How many words after a negator it still reaches: "don't think it's good" is three. */
/** Verbs that make a bare number a score out of ten ("gave it a 10", "I would rate it a 3"). */
const RATING_VERBS = new Set(["give", "gave", "given", "giving", "rate", "rated", "rating", "score", "scored", "grade", "graded"]);
/** Words that may follow such a score without making it a quantity ("a 10 minute wait" is not a score). */
const SCORE_FOLLOWERS = new Set(["plus", "to", "for", "and", "but", "from", "if", "in", "on", "because", "easily", "at", "overall", "myself"]);

const NEGATION_WINDOW = 3;
/** "not good" is clearly negative but weaker than "bad"; "not bad" is only mildly positive. */
const NEGATED_POSITIVE = -0.75;
const NEGATED_NEGATIVE = -0.5;
/** "would have been great", "used to be good": softer than a plain "not". */
const COUNTERFACTUAL_POSITIVE = -0.6;
const COUNTERFACTUAL_NEGATIVE = -0.3;
/** For words with their own negated weight ("supposed to work"), a share of it. */
const COUNTERFACTUAL_EXPLICIT = 0.8;
/** An intensifier reaches the sentiment word up to this many words later ("so very friendly"). */
const BOOST_WINDOW = 2;
/** A trailing intensifier ("loved it a lot") reaches back this many words. */
const POST_WINDOW = 3;
/** Stacked intensifiers ("really very") at most double a word. */
const MAX_BOOST = 1;
/** A word in capitals among lower-case words is shouted; when everything is capitals, less so. */
const CAPS_FACTOR = 1.4;
const SHOUT_FACTOR = 1.1;
/** "soooo goooood". */
const STRETCH_FACTOR = 1.2;
/**
 * Before "but" the opinion is granted, after it is the point. Halving what came before already lets the
 * point win; strengthening it much beyond its own weight overstates short posts ("nice but slow").
 */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.2;
/** "although the room was nice": a conceded clause. */
const CONCESSION_FACTOR = 0.5;
/** Each "!" (up to four) adds this much in the direction the sentence leans: "good!!!" is far more than "good". */
const BANG_WEIGHT = 0.5;
const MAX_BANGS = 4;
/** Opinions inside a question count for less. */
const QUESTION_FACTOR = 0.7;
/** "too salty", "too small": excess of something neutral is a complaint. */
const EXCESS_WEIGHT = -1.5;

const EXCESS_SKIP_SET = new Set(EXCESS_SKIP.split(" "));
const LIKE_SUBJECT_SET = new Set(LIKE_SUBJECTS.split(" "));
const TRANSPARENT_SET = new Set(NEGATION_TRANSPARENT.split(" "));
/** How many see-through words a negation may skip in all. */
const MAX_TRANSPARENT = 4;
/** After "barely", "hardly": a complaint keeps its sign at this share. */
const WEAK_NEGATION = 0.5;
/** "a great disappointment": how much a size word strengthens the complaint it is attached to. */
const MAGNITUDE_BOOST = 0.3;
const LIST_JOINERS = new Set(["or", "nor", "and"]);
const SUPERLATIVE_MARKERS = new Set(["so", "such"]);
/** "I've had better burgers than this": praise of something else, against this. */
const REVERSED_COMPARISON = -0.75;
const LIKE_NEXT_BLOCKER_SET = new Set(LIKE_NEXT_BLOCKERS.split(" "));

const NUMBER_WORDS = new Map<string, number>([
  ["zero", 0], ["one", 1], ["two", 2], ["three", 3], ["four", 4], ["five", 5], ["six", 6], ["seven", 7],
  ["eight", 8], ["nine", 9], ["ten", 10], ["half", 0.5],
]);

export interface Item {
  /** Token range quoted in the explanation (includes the negator or intensifier that changed it). */
  from: number;
  to: number;
  weight: number;
  sentence: number;
}

export interface Analysis {
  /** The text after entity decoding; the offsets in `tokens` point into it. */
  source: string;
  tokens: Token[];
  items: Item[];
  /** Score of each sentence on the raw scale, after contrast and "!". */
  sentences: number[];
  /** Word and symbol tokens, the denominator of `comparative`. */
  wordCount: number;
}

/** Maps a star value on a five-point scale to a weight: 5 → +3, 3 → 0, 1 → -3. */
function starWeight(stars: number): number {
  const w = (stars - 3) * 1.5;
  return w > 3 ? 3 : w < -3.5 ? -3.5 : w;
}

function parseNumber(text: string): number {
  const fromWord = NUMBER_WORDS.get(text);
  if (fromWord !== undefined) return fromWord;
  const c = text.charCodeAt(0);
  if (c < 48 || c > 57) return Number.NaN;
  return Number(text.replace(",", "."));
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
  );
}

/** "hahaha", "hehehe", "ahahah" → "haha". */
function isLaugh(text: string): boolean {
  if (text.length < 4) return false;
  let h = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === "h") h++;
    else if (c !== "a" && c !== "e") return false;
  }
  return h >= 2 && h * 3 >= text.length;
}

const EXCESS_ENTRY: Entry = { weight: EXCESS_WEIGHT, negated: Number.NaN, flags: 0, boost: 0, phrases: null };

function ratingEntry(weight: number): Entry {
  return { weight, negated: Number.NaN, flags: F_RATING, boost: 0, phrases: null };
}

/**
 * One pass over one text. A class rather than closures so that scoring allocates little: the state lives in
 * fields, and a phrase match is written to fields instead of a fresh object.
 */
class Walk {
  readonly items: Item[] = [];
  readonly sentences: number[] = [];
  private sentence = 0;
  private sentenceStart = 0;
  /** Position of the current unit (a word, symbol, phrase or rating), 1-based; windows are counted in it. */
  pos = 0;

  // Negation: mode 0 none, 1 negated, 2 counterfactual; it reaches items starting at or before negUntil.
  private negMode = 0;
  private negUntil = -1;
  private negFrom = -1;
  private negResolved = false;
  private negSkipped = 0;
  private negOwnWeight = 0;
  private negOwnTo = -1;
  private negOwnPos = -1;
  /** "barely", "hardly": they negate praise but only soften a complaint ("barely lukewarm" is still bad). */
  private negWeak = false;
  /** The negator was "never", which "so"/"such" turn into a superlative ("never been so disappointed"). */
  private negNever = false;

  private boost = 0;
  private boostUntil = -1;
  private boostFrom = -1;

  private concession = false;
  private afterContrast = false;
  private lastItem = -1;
  private lastItemPos = -1;

  private matchEnd = -1;
  private matchValue: Entry | null = null;

  private readonly shouting: boolean;
  /** Flat triples (sentence, "!" count, token) so that a text without such sentences allocates nothing. */
  private readonly pendingBangs: number[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly words: Map<string, Entry>,
    private readonly extra: Map<string, Entry> | null,
    private readonly extraPhrases: Map<string, PhraseNode> | null,
  ) {
    // Capitals stand out only against lower case; a text typed all in capitals is loud but flat.
    let capsWords = 0;
    let longWords = 0;
    for (const t of tokens) {
      if (t.kind === WORD && t.text.length >= 3) {
        longWords++;
        if (t.caps) capsWords++;
      }
    }
    this.shouting = capsWords >= 2 && capsWords * 10 >= longWords * 6;
  }

  private lookup(t: Token): Entry | undefined {
    let e: Entry | undefined;
    if (this.extra !== null) {
      e = this.extra.get(t.text);
      if (e === undefined && t.alt !== null) e = this.extra.get(t.alt);
      if (e !== undefined) return e;
    }
    e = this.words.get(t.text);
    if (e === undefined && t.alt !== null) e = this.words.get(t.alt);
    if (e === undefined && isLaugh(t.text)) e = this.words.get("haha");
    return e;
  }

  /** Capitals and stretched letters anywhere in the item's words; each counts once per item. */
  private emphasis(from: number, to: number): number {
    let caps = false;
    let stretched = false;
    for (let k = from; k <= to; k++) {
      const t = this.tokens[k]!;
      if (t.caps) caps = true;
      if (t.stretched) stretched = true;
    }
    return (caps ? (this.shouting ? SHOUT_FACTOR : CAPS_FACTOR) : 1) * (stretched ? STRETCH_FACTOR : 1);
  }

  private push(weight: number, from: number, to: number, lastPos: number): void {
    this.items.push({ from, to, weight, sentence: this.sentence });
    this.lastItem = this.items.length - 1;
    this.lastItemPos = lastPos;
  }

  private addItem(e: Entry, from: number, to: number, firstPos: number, lastPos: number): void {
    let w = e.weight;
    let start = from;
    // A written rating survives a plain negation ("wouldn't even give it one star") and a wish for a worse
    // one ("would give zero stars if I could"); only a wished-for better rating flips.
    // Once a negation has found its opinion word ("not a bad watch"), it no longer turns words that only
    // matter when negated ("watch", "work") into complaints, unless a list goes on ("didn't work or charge").
    const negated =
      this.negMode !== 0 &&
      firstPos <= this.negUntil &&
      (e.flags & F_FIXED) === 0 &&
      !(this.negResolved && e.weight === 0 && !LIST_JOINERS.has(this.tokens[from - 1]?.text ?? "")) &&
      !((e.flags & F_RATING) !== 0 && (this.negMode === 1 || e.weight < 0));
    if (negated) {
      if (this.negMode === 1 && this.negWeak && e.weight < 0 && Number.isNaN(e.negated)) {
        w = e.weight * WEAK_NEGATION;
      } else if (this.negMode === 1) {
        w = Number.isNaN(e.negated) ? e.weight * (e.weight > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE) : e.negated;
      } else if (!Number.isNaN(e.negated)) {
        w = e.negated * COUNTERFACTUAL_EXPLICIT;
      } else {
        w = e.weight * (e.weight > 0 ? COUNTERFACTUAL_POSITIVE : COUNTERFACTUAL_NEGATIVE);
      }
      if (w !== 0) {
        this.negResolved = true;
        if (this.negFrom < start) start = this.negFrom;
      }
    }
    if (w === 0) return;
    if (this.boost !== 0 && firstPos <= this.boostUntil) {
      // "not very good" is not worse than "not good": intensity does not survive the negation.
      w *= 1 + (negated && this.boost > 0 ? 0 : this.boost);
      if (this.boostFrom < start) start = this.boostFrom;
      this.boost = 0;
      this.boostUntil = -1;
    }
    w *= this.emphasis(from, to);
    if (this.concession) w *= CONCESSION_FACTOR;
    if (this.afterContrast) w *= AFTER_CONTRAST;
    this.push(w, start, to, lastPos);
  }

  private expireNegation(): void {
    if (this.negMode !== 0 && !this.negResolved && this.negOwnWeight !== 0) {
      // "the sound is lacking": a weighted negator with nothing to negate speaks for itself.
      let w = this.negOwnWeight * this.emphasis(this.negFrom, this.negOwnTo);
      if (this.concession) w *= CONCESSION_FACTOR;
      if (this.afterContrast) w *= AFTER_CONTRAST;
      this.push(w, this.negFrom, this.negOwnTo, this.negOwnPos);
    }
    this.negMode = 0;
    this.negUntil = -1;
    this.negOwnWeight = 0;
  }

  closeClause(): void {
    this.expireNegation();
    this.boost = 0;
    this.boostUntil = -1;
    this.concession = false;
    this.lastItem = -1;
  }

  closeSentence(bangs: number, questions: number, at: number): void {
    this.closeClause();
    const items = this.items;
    let sum = 0;
    if (questions > 0 && bangs === 0) {
      // A question asks more than it asserts.
      for (let k = this.sentenceStart; k < items.length; k++) items[k]!.weight *= QUESTION_FACTOR;
    }
    for (let k = this.sentenceStart; k < items.length; k++) sum += items[k]!.weight;
    if (bangs > 0 && sum !== 0) {
      const e = (sum > 0 ? BANG_WEIGHT : -BANG_WEIGHT) * Math.min(bangs, MAX_BANGS);
      items.push({ from: at, to: at, weight: e, sentence: this.sentence });
      sum += e;
    } else if (bangs > 0) {
      this.pendingBangs.push(this.sentence, Math.min(bangs, MAX_BANGS), at);
    }
    this.sentences.push(sum);
    this.sentence++;
    this.sentenceStart = items.length;
    this.afterContrast = false;
  }

  /**
   * "Got the job!!!" after "Best day ever.": an exclamation without opinion words of its own is excitement
   * about what the rest of the text says, so it leans the way the whole text does.
   */
  finish(): void {
    const p = this.pendingBangs;
    if (p.length === 0) return;
    let total = 0;
    for (const s of this.sentences) total += s;
    if (total === 0) return;
    for (let k = 0; k < p.length; k += 3) {
      const e = (total > 0 ? BANG_WEIGHT : -BANG_WEIGHT) * p[k + 1]!;
      this.items.push({ from: p[k + 2]!, to: p[k + 2]!, weight: e, sentence: p[k]! });
      this.sentences[p[k]!]! += e;
    }
  }

  private contrast(): void {
    this.expireNegation();
    this.boost = 0;
    this.boostUntil = -1;
    this.concession = false;
    const items = this.items;
    const sentences = this.sentences;
    if (items.length > this.sentenceStart) {
      for (let k = this.sentenceStart; k < items.length; k++) items[k]!.weight *= BEFORE_CONTRAST;
    } else if (sentences.length > 0 && sentences[sentences.length - 1] !== 0) {
      // "Great food. But the service…": the sentence before is what gets granted.
      const prev = sentences.length - 1;
      sentences[prev]! *= BEFORE_CONTRAST;
      for (let k = items.length - 1; k >= 0 && items[k]!.sentence === prev; k--) items[k]!.weight *= BEFORE_CONTRAST;
    }
    this.afterContrast = true;
    this.lastItem = -1;
  }

  private nextIsOpinion(to: number): boolean {
    const n = this.tokens[to + 1];
    if (n === undefined || (n.kind !== WORD && n.kind !== SYMBOL)) return false;
    const e = this.lookup(n);
    if (e === undefined) return false;
    return e.weight !== 0 || !Number.isNaN(e.negated) || (e.flags & (F_BOOST | F_EXCESS)) !== 0;
  }

  private nextIsComplaint(to: number): boolean {
    const n = this.tokens[to + 1];
    if (n === undefined || n.kind !== WORD) return false;
    const e = this.lookup(n);
    return e !== undefined && e.weight < 0 && (e.flags & F_NEGATOR) === 0;
  }

  /** Applies one word or phrase. Returns how many tokens after `to` it also used. */
  private handle(e: Entry, from: number, to: number, firstPos: number, lastPos: number): number {
    const f = e.flags;
    if ((f & F_REVERSE) !== 0) {
      const it = this.lastItem >= 0 ? this.items[this.lastItem]! : null;
      if (it !== null && firstPos - this.lastItemPos <= POST_WINDOW && it.weight > 0) {
        it.weight *= REVERSED_COMPARISON;
        it.to = to;
      }
      return 0;
    }
    if ((f & F_CONTRAST) !== 0) {
      this.contrast();
      if (e.weight === 0) return 0;
    } else if ((f & F_CONCESSION) !== 0) {
      this.concession = true;
      return 0;
    } else if ((f & F_NEGATOR) !== 0) {
      this.expireNegation();
      this.negMode = (f & F_COUNTERFACTUAL) !== 0 ? 2 : 1;
      this.negFrom = from;
      this.negUntil = lastPos + NEGATION_WINDOW;
      this.negResolved = false;
      this.negSkipped = 0;
      this.negOwnWeight = e.weight;
      this.negOwnTo = to;
      this.negOwnPos = lastPos;
      this.negWeak = (f & F_WEAK) !== 0;
      this.negNever = from === to && this.tokens[from]!.text === "never";
      return 0;
    } else if ((f & F_EXCESS) !== 0) {
      const n = this.tokens[to + 1];
      if (n === undefined || n.kind !== WORD) return 0;
      const ne = this.lookup(n);
      if (ne !== undefined && ne.weight !== 0) {
        // "too loud" is louder; "too good" is better.
        this.boost = e.boost;
        this.boostFrom = from;
        this.boostUntil = lastPos + 1;
        return 0;
      }
      if (EXCESS_SKIP_SET.has(n.text) || (ne !== undefined && (ne.flags & ~F_BOOST) !== 0)) return 0;
      this.addItem(EXCESS_ENTRY, from, to + 1, firstPos, lastPos + 1);
      return 1;
    } else if ((f & F_MAGNITUDE) !== 0 && this.nextIsComplaint(to)) {
      // "a great disappointment", "a huge mistake": size, not praise.
      this.boost = MAGNITUDE_BOOST;
      this.boostFrom = from;
      this.boostUntil = lastPos + 1;
      return 0;
    } else if ((f & F_BOOST) !== 0 && ((f & F_DUAL) === 0 || this.nextIsOpinion(to))) {
      if ((f & F_POST) !== 0 && !this.nextIsOpinion(to)) {
        // "loved it a lot", "not helpful at all": strengthens what came just before.
        if (this.lastItem >= 0 && firstPos - this.lastItemPos <= POST_WINDOW) {
          const it = this.items[this.lastItem]!;
          it.weight *= 1 + e.boost;
          it.to = to;
        }
        return 0;
      }
      if (this.negMode === 1 && this.negNever && from === to && SUPERLATIVE_MARKERS.has(this.tokens[from]!.text)) {
        // "never had such bland food": not a negation but the strongest case of it.
        this.negMode = 0;
        this.negOwnWeight = 0;
      }
      if (this.boost !== 0 && firstPos <= this.boostUntil) {
        this.boost = Math.min(MAX_BOOST, (1 + this.boost) * (1 + e.boost) - 1);
      } else {
        this.boost = e.boost;
        this.boostFrom = from;
      }
      this.boostUntil = lastPos + BOOST_WINDOW;
      return 0;
    }
    if ((f & F_LIKE) !== 0 && from === to) {
      const prev = this.tokens[from - 1];
      if (prev === undefined || prev.kind !== WORD || !LIKE_SUBJECT_SET.has(prev.text)) return 0;
      const next = this.tokens[to + 1];
      if (next !== undefined && next.kind === WORD) {
        if (LIKE_NEXT_BLOCKER_SET.has(next.text)) return 0;
        const c = next.text.charCodeAt(0);
        if (c >= 48 && c <= 57) return 0;
      }
    }
    if (e.weight === 0 && Number.isNaN(e.negated)) return 0;
    this.addItem(e, from, to, firstPos, lastPos);
    return 0;
  }

  /** "5 stars", "2/10", "4 out of 5": a rating written in the text. Returns the last token used, or -1. */
  private rating(i: number): number {
    const tokens = this.tokens;
    const t = tokens[i]!;
    const slash = t.text.indexOf("/");
    let stars = Number.NaN;
    let last = i;
    if (slash > 0) {
      const n = Number(t.text.slice(0, slash));
      const m = Number(t.text.slice(slash + 1));
      if ((m === 5 || m === 10 || m === 100) && n >= 0 && n <= m * 1.2) stars = (n / m) * 5;
    } else {
      const n = parseNumber(t.text);
      if (Number.isNaN(n)) return -1;
      const a = tokens[i + 1];
      if (a !== undefined && a.kind === WORD && (a.text === "star" || a.text === "stars")) {
        stars = Math.min(n, 5);
        last = i + 1;
      } else if (a !== undefined && a.text === "out" && tokens[i + 2]?.text === "of") {
        const m = parseNumber(tokens[i + 3]?.text ?? "");
        if ((m === 5 || m === 10 || m === 100) && n <= m * 1.2) {
          stars = (n / m) * 5;
          last = i + 3;
          const s = tokens[i + 4];
          if (s !== undefined && (s.text === "star" || s.text === "stars")) last = i + 4;
        }
      } else if (n === 0.5 && a?.text === "a" && (tokens[i + 2]?.text === "star" || tokens[i + 2]?.text === "stars")) {
        stars = 0.5;
        last = i + 2;
      } else if (Number.isInteger(n) && n >= 6 && n <= 10 && this.isScoreOutOfTen(i, a)) {
        // "gave it a 10", "I'd rate it an 8": a bare score after a rating verb. Only from 6 up is it surely
        // out of ten; "give it a 4" may mean four stars of five.
        stars = n / 2;
        if (a?.text === "plus" || a?.text === "+") last = i + 1;
      }
    }
    if (Number.isNaN(stars)) return -1;
    const weight = starWeight(stars);
    if (weight !== 0) this.addItem(ratingEntry(weight), i, last, this.pos, this.pos);
    return last;
  }

  /** A bare number that is a score: "a"/"an" before it, a rating verb a few words back, no unit after it. */
  private isScoreOutOfTen(i: number, after: Token | undefined): boolean {
    const tokens = this.tokens;
    const article = tokens[i - 1];
    if (article === undefined || (article.text !== "a" && article.text !== "an")) return false;
    if (after !== undefined && after.kind === WORD && !SCORE_FOLLOWERS.has(after.text)) return false;
    // "a 10 to 15 minute wait", "a 2 for 1 deal": a range or an offer, not a score.
    const next = tokens[i + 2];
    if (after !== undefined && SCORE_FOLLOWERS.has(after.text) && next !== undefined && !Number.isNaN(parseNumber(next.text))) return false;
    for (let k = i - 2; k >= Math.max(0, i - 6); k--) {
      const w = tokens[k]!;
      if (w.kind !== WORD) return false;
      if (RATING_VERBS.has(w.text)) return true;
    }
    return false;
  }

  private walkPhrase(node: PhraseNode, j: number, start: number): void {
    if (node.value !== null && j - 1 > this.matchEnd && j - 1 > start) {
      this.matchEnd = j - 1;
      this.matchValue = node.value;
    }
    const t = this.tokens[j];
    if (t === undefined || (t.kind !== WORD && t.kind !== SYMBOL)) return;
    if (node.next !== null) {
      let child = node.next.get(t.text);
      if (child === undefined && t.alt !== null) child = node.next.get(t.alt);
      if (child !== undefined) this.walkPhrase(child, j + 1, start);
    }
    if (node.any !== null && t.kind === WORD) this.walkPhrase(node.any, j + 1, start);
  }

  /** Handles the word or symbol at token i; returns the index of the last token it used. */
  step(i: number): number {
    const tokens = this.tokens;
    const t = tokens[i]!;
    this.pos++;
    if (this.negMode !== 0) {
      if (t.kind === WORD && this.negSkipped < MAX_TRANSPARENT && TRANSPARENT_SET.has(t.text)) {
        this.negUntil++;
        this.negSkipped++;
      }
      if (this.pos > this.negUntil) this.expireNegation();
    }
    if (this.boost !== 0 && this.pos > this.boostUntil) {
      this.boost = 0;
      this.boostUntil = -1;
    }

    if (t.kind === SYMBOL && t.text === STAR_SYMBOL) {
      // "⭐⭐" is a two-star rating, not two compliments.
      let j = i;
      while (tokens[j + 1]?.kind === SYMBOL && tokens[j + 1]!.text === STAR_SYMBOL) j++;
      const weight = starWeight(Math.min(j - i + 1, 5));
      if (weight !== 0) this.addItem(ratingEntry(weight), i, j, this.pos, this.pos);
      return j;
    }

    // The longest phrase starting here; per-brand phrases win ties.
    this.matchEnd = -1;
    this.matchValue = null;
    if (this.extraPhrases !== null) {
      const root = this.extraPhrases.get(t.text) ?? (t.alt !== null ? this.extraPhrases.get(t.alt) : undefined);
      if (root !== undefined) this.walkPhrase(root, i + 1, i);
    }
    const entry = this.lookup(t);
    const base =
      this.extra === null ? entry : (this.words.get(t.text) ?? (t.alt !== null ? this.words.get(t.alt) : undefined));
    if (base !== undefined && base.phrases !== null) {
      const ownEnd = this.matchEnd;
      const ownValue = this.matchValue;
      this.walkPhrase(base.phrases, i + 1, i);
      if (ownEnd >= 0 && this.matchEnd === ownEnd) this.matchValue = ownValue;
    }
    if (this.matchValue !== null) {
      const end = this.matchEnd;
      // A phrase is one unit for the windows: "not in the least funny" reaches "funny".
      const used = this.handle(this.matchValue, i, end, this.pos, this.pos);
      this.pos += used;
      return end + used;
    }

    const c = t.text.charCodeAt(0);
    if ((c >= 48 && c <= 57) || NUMBER_WORDS.has(t.text)) {
      const last = this.rating(i);
      if (last >= 0) return last;
    }

    if (entry === undefined) return i;
    const used = this.handle(entry, i, i, this.pos, this.pos);
    this.pos += used;
    return i + used;
  }
}

export function analyze(text: string, lexicon: Lexicon = BASE_LEXICON, overlay: Overlay | null = null): Analysis {
  const source = text.includes("&") ? decodeEntities(text) : text;
  const tokens = tokenize(source);
  const walk = new Walk(tokens, lexicon.words, overlay?.words ?? null, overlay?.phrases ?? null);
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens[i]!.kind;
    if (kind === SENTENCE) walk.closeSentence(tokens[i]!.bangs, tokens[i]!.questions, i);
    else if (kind === CLAUSE) walk.closeClause();
    else i = walk.step(i);
  }
  if (tokens.length === 0 || tokens[tokens.length - 1]!.kind !== SENTENCE) walk.closeSentence(0, 0, tokens.length);
  walk.finish();
  let wordCount = 0;
  for (const t of tokens) if (t.kind === WORD || t.kind === SYMBOL) wordCount++;
  return { source, tokens, items: walk.items, sentences: walk.sentences, wordCount };
}
