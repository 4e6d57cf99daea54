/**
 * Tokenizer for the sentiment scorer: one pass over the characters, no regex per word.
 *
 * It keeps what the rules need and the raw `sentiment` package throws away: sentence and clause boundaries
 * (negation and contrast stop there), the number of "!" per sentence, ALL-CAPS and stretched words
 * ("soooo") as emphasis, emoji and emoticons as tokens, and the offsets into the original text so that the
 * explanation can quote the words as the author wrote them.
 */

import { SYMBOL_WEIGHTS } from "./symbols";

export const WORD = 0;
/** An emoji or an ASCII emoticon; `text` is the symbol itself. */
export const SYMBOL = 1;
/** A comma, semicolon, colon, dash or bracket: negation scope and concessive clauses end here. */
export const CLAUSE = 2;
/** ".", "!", "?", "…" (or a run of them) or a line break. */
export const SENTENCE = 3;

export interface Token {
  kind: number;
  /** Lower-case form used for look-ups; stretched letters are cut to two ("goooood" → "good"). */
  text: string;
  /** For stretched words, the form with the stretched letters cut to one ("sooo" → "so"), else null. */
  alt: string | null;
  /** Offsets into the original text, for quoting. Both halves of "didn't" share the offsets of the word. */
  start: number;
  end: number;
  /** Written in capitals (at least three letters, none lower case). */
  caps: boolean;
  /** Had a letter repeated three or more times. */
  stretched: boolean;
  /** For SENTENCE tokens: how many "!" closed the sentence. */
  bangs: number;
  /** For SENTENCE tokens: how many "?" closed the sentence. */
  questions: number;
}

// Contractions are split into their two words so that a phrase or rule written once as "did not work" also
// matches "didn't work", "didnt work" and "did not work".
const NOT_BASES = new Map<string, string>(Object.entries({
  ca: "can",
  wo: "will",
  sha: "shall",
  ai: "is",
}));

// The same contractions typed without the apostrophe, as they often are in reviews and tweets. "wont" and
// "cant" are also rare English words, but in this kind of text they are nearly always the contraction.
const BARE_CONTRACTIONS = new Map<string, string>(Object.entries({
  dont: "do",
  doesnt: "does",
  didnt: "did",
  isnt: "is",
  wasnt: "was",
  werent: "were",
  arent: "are",
  cant: "can",
  cannot: "can",
  couldnt: "could",
  wouldnt: "would",
  shouldnt: "should",
  wont: "will",
  havent: "have",
  hasnt: "has",
  hadnt: "had",
  aint: "is",
  mustnt: "must",
  neednt: "need",
}));

// "would've", "I'd", "we'll", "they're", "I'm", and "'s" after a pronoun ("it's" but not "John's"), so that
// rules written with whole words ("would have been", "will be back") also match the short forms.
const TAILS = new Map<string, string>([
  ["'ve", "have"],
  ["'d", "would"],
  ["'ll", "will"],
  ["'re", "are"],
  ["'m", "am"],
]);
const S_PRONOUNS = new Set(["it", "that", "there", "here", "what", "he", "she", "who", "where", "this", "everything"]);
const BARE_HAVE = new Map([
  ["wouldve", "would"],
  ["couldve", "could"],
  ["shouldve", "should"],
]);

// The look-ups above are skipped for words that cannot be keys; that must stay true as the lists grow.
for (const k of BARE_CONTRACTIONS.keys()) if (!k.endsWith("t")) throw new Error(`expected every bare contraction to end in "t", got "${k}"`);
for (const k of BARE_HAVE.keys()) if (!k.endsWith("ve")) throw new Error(`expected every bare "have" to end in "ve", got "${k}"`);

function bareHave(word: string): [string, string] | null {
  const bare = BARE_HAVE.get(word);
  return bare === undefined ? null : [bare, "have"];
}

/** A word with an apostrophe in it: "would've" → would have, "it's" → it is. */
function expandContraction(word: string): [string, string] | null {
  const q = word.lastIndexOf("'");
  if (q <= 0) return null;
  const head = word.slice(0, q);
  const tail = word.slice(q);
  if (tail === "'s") return S_PRONOUNS.has(head) ? [head, "is"] : null;
  const full = TAILS.get(tail);
  return full === undefined ? null : [head, full];
}

// Emoticons are the ASCII keys of the symbol weights. Longest first per first character; matched only when
// not glued to a following letter or digit (so "10:30" does not read as ":3", "note:Please" not as ":P").
// Those that start with a letter ("xD") come through as words.
const EMOTICONS = Object.keys(SYMBOL_WEIGHTS).filter((k) => /^[!-~]+$/.test(k) && !/^[a-z0-9]/i.test(k));

const EMOTICONS_BY_FIRST = new Map<number, string[]>();
for (const e of [...EMOTICONS].sort((a, b) => b.length - a.length)) {
  const code = e.charCodeAt(0);
  const list = EMOTICONS_BY_FIRST.get(code);
  if (list) list.push(e);
  else EMOTICONS_BY_FIRST.set(code, [e]);
}

// Character classes for the ASCII range, looked up by code.
const C_SPACE = 1;
const C_LETTER = 2;
const C_DIGIT = 3;
const C_NEWLINE = 4;
const C_END = 5; // . ! ?
const C_CLAUSE = 6; // , ; : ( ) [ ] { }
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) ASCII[c] = C_LETTER;
  else if (c >= 48 && c <= 57) ASCII[c] = C_DIGIT;
  else if (ch === "\n") ASCII[c] = C_NEWLINE;
  else if (ch === " " || ch === "\t" || ch === "\r" || ch === "\f" || ch === "\v") ASCII[c] = C_SPACE;
  else if (ch === "." || ch === "!" || ch === "?") ASCII[c] = C_END;
  else if (",;:()[]{}".includes(ch)) ASCII[c] = C_CLAUSE;
}

function isEmojiCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    cp === 0x2b50 ||
    cp === 0x2b55 ||
    cp === 0x2764 ||
    (cp >= 0x1f000 && cp <= 0x1f2ff)
  );
}

/** Joiners, variation selectors and skin tones: parts of an emoji that carry no meaning of their own. */
function isEmojiFiller(cp: number): boolean {
  return cp === 0x200d || cp === 0xfe0f || cp === 0xfe0e || (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0x20e3;
}

/** Letters outside ASCII (accented Latin, Greek, Cyrillic…): anything that is not punctuation, space or emoji. */
function isWordCharNonAscii(code: number): boolean {
  if (code === 0xa0 || code === 0xad) return false;
  if (code >= 0xc0 && code <= 0x24f) return code !== 0xd7 && code !== 0xf7;
  if (code >= 0x370 && code < 0x2000) return true;
  if (code >= 0x3040 && code < 0xd800) return true;
  return false;
}

function isWordCode(code: number): boolean {
  if (code < 128) {
    const k = ASCII[code];
    return k === C_LETTER || k === C_DIGIT;
  }
  return isWordCharNonAscii(code);
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x2018;
}

/** Cuts every run of three or more equal characters to `keep` characters. */
function collapseRuns(word: string, keep: number): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    let j = i + 1;
    while (j < word.length && word[j] === word[i]) j++;
    const len = j - i;
    out += len >= 3 ? word[i]!.repeat(keep) : word.slice(i, j);
    i = j;
  }
  return out;
}

function token(kind: number, text: string, start: number, end: number): Token {
  return { kind, text, alt: null, start, end, caps: false, stretched: false, bangs: 0, questions: 0 };
}

// Module-level rather than closures inside tokenize: a closure is allocated (and, under the TypeScript
// loader, named) on every call, which showed up in the collector's profile.
function endSentence(tokens: Token[], start: number, end: number, bangs: number, questions: number): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return;
  if (last.kind === SENTENCE) {
    last.bangs += bangs;
    last.questions += questions;
    last.end = end;
    return;
  }
  if (last.kind === CLAUSE) {
    last.kind = SENTENCE;
    last.bangs = bangs;
    last.questions = questions;
    last.end = end;
    return;
  }
  const t = token(SENTENCE, "", start, end);
  t.bangs = bangs;
  t.questions = questions;
  tokens.push(t);
}

function clause(tokens: Token[], start: number, end: number): void {
  const last = tokens[tokens.length - 1];
  if (last === undefined || last.kind === CLAUSE || last.kind === SENTENCE) return;
  tokens.push(token(CLAUSE, "", start, end));
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let i = 0;

  while (i < n) {
    const code = input.charCodeAt(i);
    const cls = code < 128 ? ASCII[code]! : -1;

    if (cls === C_SPACE) {
      i++;
      continue;
    }
    if (cls === C_NEWLINE) {
      endSentence(tokens, i, i + 1, 0, 0);
      i++;
      continue;
    }

    if (cls === C_LETTER || cls === C_DIGIT || (cls === -1 && isWordCharNonAscii(code))) {
      const start = i;
      let upper = 0;
      let lower = 0;
      let stretched = false;
      let runChar = -1;
      let run = 0;
      let digitsOnly = true;
      let other = false;
      let apostrophe = false;
      let j = i;
      while (j < n) {
        const c = input.charCodeAt(j);
        if (isWordCode(c)) {
          if (c >= 65 && c <= 90) upper++;
          else if (c >= 97 && c <= 122) lower++;
          else if (c > 127) other = true;
          if (c < 48 || c > 57) digitsOnly = false;
          if (c === runChar) {
            run++;
            if (run >= 3 && !(c >= 48 && c <= 57)) stretched = true;
          } else {
            runChar = c;
            run = 1;
          }
          j++;
          continue;
        }
        // "don't", "it's": an apostrophe between two letters stays inside the word.
        if (isApostrophe(c) && j + 1 < n && isWordCode(input.charCodeAt(j + 1)) && !digitsOnly) {
          if (c !== 39) other = true;
          apostrophe = true;
          j++;
          continue;
        }
        // "4.5", "1,000", "10/10", "10:30": punctuation between digits stays inside the number.
        if (
          digitsOnly &&
          (c === 46 || c === 44 || c === 47 || c === 58) &&
          j + 1 < n &&
          input.charCodeAt(j + 1) >= 48 &&
          input.charCodeAt(j + 1) <= 57
        ) {
          j++;
          continue;
        }
        break;
      }
      // Links carry no opinion and their punctuation would read as emoticons (":/").
      if (j < n && input.charCodeAt(j) === 58 && input.startsWith("://", j)) {
        while (j < n && !(input.charCodeAt(j) < 128 && ASCII[input.charCodeAt(j)] === C_SPACE) && input[j] !== "\n")
          j++;
        i = j;
        continue;
      }
      // "#EpicFail", "#LoveThisPlace": a hashtag written in camel case is several words run together; each
      // is read on its own, so the opinion in it counts.
      if (upper > 0 && lower > 0 && start > 0 && input.charCodeAt(start - 1) === 35) {
        let from = start;
        for (let k = start + 1; k <= j; k++) {
          const c = k < j ? input.charCodeAt(k) : 0;
          const prev = input.charCodeAt(k - 1);
          if (k === j || (c >= 65 && c <= 90 && prev >= 97 && prev <= 122)) {
            tokens.push(token(WORD, input.slice(from, k).toLowerCase(), from, k));
            from = k;
          }
        }
        i = j;
        continue;
      }
      let word = input.slice(start, j);
      if (upper > 0 || other) word = word.toLowerCase();
      if (other && (word.includes("’") || word.includes("‘"))) word = word.replace(/[’‘]/g, "'");
      i = j;

      // Most words have no apostrophe: they skip the look-ups that only a contraction could need.
      const base = apostrophe && word.endsWith("n't") ? word.slice(0, -3) : null;
      // Every bare contraction ends in "t" ("dont", "cannot"), every bare "have" in "ve" ("wouldve").
      const last = word.charCodeAt(word.length - 1);
      const bare = apostrophe || last !== 116 ? undefined : BARE_CONTRACTIONS.get(word);
      if ((base !== null && base.length > 0) || bare !== undefined) {
        const head = bare ?? NOT_BASES.get(base!) ?? base!;
        tokens.push(token(WORD, head, start, j));
        tokens.push(token(WORD, "not", start, j));
        continue;
      }
      const expanded = apostrophe ? expandContraction(word) : last === 101 ? bareHave(word) : null;
      if (expanded !== null) {
        tokens.push(token(WORD, expanded[0], start, j));
        tokens.push(token(WORD, expanded[1], start, j));
        continue;
      }

      // "hassle-free", "charisma-free": the thing named is absent, so read it as "without hassle". Both
      // tokens take the whole compound's offsets, so the explanation quotes it as written.
      if (word === "free" && start > 0 && input.charCodeAt(start - 1) === 45) {
        const prev = tokens[tokens.length - 1];
        if (prev !== undefined && prev.kind === WORD && prev.end === start - 1) {
          const without = token(WORD, "without", prev.start, j);
          prev.end = j;
          tokens.splice(tokens.length - 1, 0, without);
          continue;
        }
      }

      const t = token(WORD, word, start, j);
      t.caps = upper >= 3 && lower === 0;
      if (stretched) {
        t.stretched = true;
        t.text = collapseRuns(word, 2);
        t.alt = collapseRuns(word, 1);
      }
      tokens.push(t);
      continue;
    }

    if (cls === -1) {
      // Outside ASCII: emoji, typographic punctuation, or letters (handled above).
      const cp = input.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      if (isEmojiCodePoint(cp)) {
        const symbol = String.fromCodePoint(cp);
        let j = i + width;
        while (j < n) {
          const next = input.codePointAt(j)!;
          if (!isEmojiFiller(next)) break;
          j += next > 0xffff ? 2 : 1;
        }
        tokens.push(token(SYMBOL, symbol, i, j));
        i = j;
        continue;
      }
      if (cp === 0x2026) endSentence(tokens, i, i + 1, 0, 0);
      else if (cp === 0x2013 || cp === 0x2014) clause(tokens, i, i + 1);
      else if (cp === 0x2019 || cp === 0x2018 || cp === 0x201c || cp === 0x201d) {
        // quotes: no boundary
      }
      i += width;
      continue;
    }

    // ASCII punctuation: first an emoticon, then sentence and clause marks.
    const candidates = EMOTICONS_BY_FIRST.get(code);
    if (candidates !== undefined) {
      let matched: string | null = null;
      for (const e of candidates) {
        if (input.startsWith(e, i)) {
          const after = i + e.length;
          if (after < n && isWordCode(input.charCodeAt(after))) continue;
          // "(:" and "(;" need a space before them, or "(see: …)" would read as a smile.
          if ((e[0] === "(" || e[0] === ")") && i > 0 && !/\s/.test(input[i - 1]!)) continue;
          matched = e;
          break;
        }
      }
      if (matched !== null) {
        let j = i + matched.length;
        // ":)))" is one smile, said louder.
        const lastCh = matched.charCodeAt(matched.length - 1);
        while (j < n && input.charCodeAt(j) === lastCh) j++;
        const t = token(SYMBOL, matched, i, j);
        t.stretched = j - i > matched.length;
        tokens.push(t);
        i = j;
        continue;
      }
    }

    if (cls === C_END) {
      let j = i;
      let bangs = 0;
      let questions = 0;
      while (j < n) {
        const c = input.charCodeAt(j);
        if (c === 33) bangs++;
        else if (c === 63) questions++;
        else if (c !== 46) break;
        j++;
      }
      endSentence(tokens, i, j, bangs, questions);
      i = j;
      continue;
    }
    if (cls === C_CLAUSE) {
      clause(tokens, i, i + 1);
      i++;
      continue;
    }
    if (code === 45) {
      // A dash between spaces (" - ") separates clauses; inside a word ("well-made") it separates words.
      const spaced = i > 0 && input.charCodeAt(i - 1) === 32 && i + 1 < n && input.charCodeAt(i + 1) === 32;
      if (spaced || input.startsWith("--", i)) clause(tokens, i, i + 1);
      i++;
      continue;
    }
    if (code === 64) {
      // "@handle": a name, not an opinion.
      let j = i + 1;
      while (j < n && (isWordCode(input.charCodeAt(j)) || input.charCodeAt(j) === 95)) j++;
      i = j;
      continue;
    }
    i++;
  }
  return tokens;
}
