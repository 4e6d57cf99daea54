/**
 * Earshot's brand query language: which mentions are about a brand.
 *
 * Matching is by whole words, case-insensitive and Unicode-aware: `café` matches "Café" and "CAFÉ";
 * `acme` matches "Acme's" and "#acme" but not "acmeville". A word is a run of letters, digits and
 * combining marks; anything else separates words, so a term with punctuation in it is a phrase of its
 * words (`acme.com` = "acme com", `at&t` = "at t"). Chinese and Japanese characters are words of one
 * character each, so `東京` finds 東京 inside unbroken text. A term ending in `*` matches words that
 * start with it (`bak*` finds "bakery", "baking"; at least two letters before the `*`).
 *
 * A query has one of two forms.
 *
 * SIMPLE FORM — words and "quoted phrases" separated by spaces:
 *
 *     acme "acme bakery" +bread -jobs
 *
 *   plain       acme  "acme bakery"   optional: at least one of them must occur (if any are given)
 *   required    +bread  +"sourdough loaf"   must occur
 *   excluded    -jobs   -"now hiring"       must not occur
 *
 *   So the example means: (acme OR "acme bakery") AND bread AND NOT jobs.
 *   `and`, `or`, `not` in lower case are ordinary words here.
 *
 * BOOLEAN FORM — chosen as soon as the query uses AND, OR, NOT, NEAR/n (capitals) or parentheses:
 *
 *     ("acme bakery" OR acme) AND NOT jobs
 *     acme NEAR/5 refund
 *
 *   query   := or
 *   or      := and ( "OR" and )*
 *   and     := unary ( "AND" unary | "NOT" near )*      "a NOT b" is short for "a AND NOT b"
 *   unary   := "NOT" unary | near
 *   near    := primary [ "NEAR/" n primary ]            0 <= n <= 1000, no chaining
 *   primary := word | "phrase" | "(" or ")"
 *
 *   Precedence, tightest first: NEAR/n, NOT, AND, OR. Terms must be joined by an operator ("acme
 *   bakery" without AND/OR is an error in this form), and `+`/`-` belong to the simple form only.
 *   `a NEAR/n b`: an occurrence of a and one of b, in either order, with at most n other words between
 *   them (NEAR/0 = adjacent). Its operands are words, phrases or parenthesised OR-groups of them.
 *
 * Either form must require something: a query that would match a text with none of its words
 * (`-jobs`, `NOT jobs`, `acme OR NOT jobs`) is refused.
 *
 * Speed: a query is compiled once (parseQuery) and the text is lower-cased, scanned for the words
 * the query needs at all (a cheap substring test rejects most unrelated texts), and tokenised once.
 */

export class QueryError extends Error {
  /** 0-based character offset in the query source where the problem is. */
  readonly position: number;
  constructor(detail: string, position: number) {
    super(`${detail} (at character ${position + 1})`);
    this.name = "QueryError";
    this.position = position;
  }
}

export type QueryNode =
  | { kind: "term"; source: string; words: string[]; prefix: boolean; position: number }
  | { kind: "and"; children: QueryNode[] }
  | { kind: "or"; children: QueryNode[] }
  | { kind: "not"; child: QueryNode }
  | { kind: "near"; left: QueryNode; right: QueryNode; distance: number };

type TermNode = Extract<QueryNode, { kind: "term" }>;

export interface Query {
  readonly source: string;
  readonly form: "simple" | "boolean";
  readonly root: QueryNode;
  /** @internal every term leaf, in query order */
  readonly terms: readonly TermNode[];
  /** @internal whole words any term needs */
  readonly vocabulary: ReadonlySet<string>;
  /** @internal stems of prefix terms */
  readonly prefixes: readonly string[];
  /** @internal the first UTF-16 unit of every vocabulary word and prefix */
  readonly firstUnits: ReadonlySet<number>;
  /** @internal if none of these substrings occurs in the lower-cased text, nothing can match */
  readonly prefilter: readonly string[] | null;
}

// ---------- words ----------

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const CJK_SPLIT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const wordCharCache = new Map<number, boolean>();

/** How many UTF-16 units the word character at `i` takes (a letter, digit or mark, as WORD reads them), or 0. */
function wordCharWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0;
  const cp = s.codePointAt(i)!;
  let word = wordCharCache.get(cp);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(cp));
    if (wordCharCache.size < 65_536) wordCharCache.set(cp, word);
  }
  return word ? (cp > 0xffff ? 2 : 1) : 0;
}

// NFC changes nothing below U+0300, where the combining marks (and every other character it rewrites) begin.
const MAY_CHANGE_IN_NFC = /[\u0300-\uffff]/;

function normalise(text: string): string {
  return (MAY_CHANGE_IN_NFC.test(text) ? text.normalize("NFC") : text).toLowerCase();
}

/**
 * Calls `emit(word, index, start)` for each word of already-normalised text. With `firstUnits`, only for
 * words that begin with one of those UTF-16 units (the rest are counted, not cut out of the text).
 */
function forEachWord(norm: string, emit: (word: string, index: number, start: number) => void, firstUnits?: ReadonlySet<number>): number {
  let index = 0;
  if (CJK.test(norm)) {
    // Han and kana are written without spaces: each such character is a word of its own.
    WORD.lastIndex = 0;
    for (let m = WORD.exec(norm); m !== null; m = WORD.exec(norm)) {
      const w = m[0];
      if (CJK.test(w)) {
        let offset = m.index;
        for (const part of w.match(CJK_SPLIT) ?? []) {
          emit(part, index++, offset);
          offset += part.length;
        }
      } else emit(w, index++, m.index);
    }
    return index;
  }
  // The words WORD finds, found a character at a time: a regex match per word cost more than the look-ups
  // made with it, and this runs for every item of every feed.
  const n = norm.length;
  let i = 0;
  while (i < n) {
    let width = wordCharWidth(norm, i);
    if (width === 0) {
      i += norm.codePointAt(i)! > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    while (width > 0) {
      i += width;
      width = i < n ? wordCharWidth(norm, i) : 0;
    }
    if (firstUnits === undefined || firstUnits.has(norm.charCodeAt(start))) emit(norm.slice(start, i), index, start);
    index++;
  }
  return index;
}

/** The words of a text as the matcher sees them (lower-cased, NFC). Exported for tests and tooling. */
export function queryWords(text: string): string[] {
  const out: string[] = [];
  forEachWord(normalise(text), (w) => out.push(w));
  return out;
}

// ---------- lexer ----------

type Token =
  | { type: "term"; text: string; quoted: boolean; modifier: "+" | "-" | null; pos: number }
  | { type: "and" | "or" | "not" | "lparen" | "rparen"; pos: number; text: string }
  | { type: "near"; distance: number; pos: number; text: string }
  | { type: "end"; pos: number; text: string };

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ type: c === "(" ? "lparen" : "rparen", pos: i, text: c });
      i++;
      continue;
    }
    let modifier: "+" | "-" | null = null;
    const start = i;
    if ((c === "+" || c === "-") && i + 1 < src.length && !/[\s()]/.test(src[i + 1])) {
      modifier = c;
      i++;
    } else if (c === "+" || c === "-") {
      throw new QueryError(`expected a word or "phrase" right after "${c}", got ${i + 1 < src.length ? `"${src[i + 1]}"` : "end of query"}`, i);
    }
    if (src[i] === '"') {
      const close = src.indexOf('"', i + 1);
      if (close < 0) throw new QueryError(`expected a closing " for the phrase opened here, got end of query`, i);
      tokens.push({ type: "term", text: src.slice(i + 1, close), quoted: true, modifier, pos: start });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/[\s()"]/.test(src[j])) j++;
    const word = src.slice(i, j);
    if (!modifier) {
      if (word === "AND" || word === "OR" || word === "NOT") {
        tokens.push({ type: word.toLowerCase() as "and" | "or" | "not", pos: start, text: word });
        i = j;
        continue;
      }
      if (word === "NEAR" || word.startsWith("NEAR/")) {
        const m = word.match(/^NEAR\/(\d{1,4})$/);
        if (!m || Number(m[1]) > 1000) {
          throw new QueryError(`expected NEAR/n with n a number of words from 0 to 1000, got "${word}"`, start);
        }
        tokens.push({ type: "near", distance: Number(m[1]), pos: start, text: word });
        i = j;
        continue;
      }
    }
    tokens.push({ type: "term", text: word, quoted: false, modifier, pos: start });
    i = j;
  }
  tokens.push({ type: "end", pos: src.length, text: "" });
  return tokens;
}

function describe(t: Token): string {
  if (t.type === "end") return "end of query";
  if (t.type === "term") return t.quoted ? `the phrase ${t.modifier ?? ""}"${t.text}"` : `"${t.modifier ?? ""}${t.text}"`;
  return t.text;
}

function termNode(t: Extract<Token, { type: "term" }>): TermNode {
  let text = t.text;
  let prefix = false;
  if (!t.quoted && text.endsWith("*")) {
    prefix = true;
    text = text.replace(/\*+$/, "");
  }
  const words = queryWords(text);
  const shown = t.quoted ? `"${t.text}"` : t.text;
  if (words.length === 0) {
    throw new QueryError(
      t.quoted && !t.text.trim()
        ? "expected words inside the quotes, got an empty phrase"
        : `expected a term with letters or digits, got ${JSON.stringify(shown)}` +
            (t.quoted ? "" : ' (to match a name with symbols, quote it: "Procter & Gamble")'),
      t.pos,
    );
  }
  if (prefix && [...words[words.length - 1]].length < 2) {
    throw new QueryError(`expected at least two letters before "*", got ${JSON.stringify(t.text)}`, t.pos);
  }
  return { kind: "term", source: shown, words, prefix, position: t.pos };
}

// ---------- parsers ----------

function parseSimple(tokens: Token[]): QueryNode {
  const optional: QueryNode[] = [];
  const required: QueryNode[] = [];
  const excluded: QueryNode[] = [];
  for (const t of tokens) {
    if (t.type !== "term") continue;
    const node = termNode(t);
    (t.modifier === "+" ? required : t.modifier === "-" ? excluded : optional).push(node);
  }
  const parts: QueryNode[] = [];
  if (optional.length === 1) parts.push(optional[0]);
  else if (optional.length > 1) parts.push({ kind: "or", children: optional });
  parts.push(...required);
  if (excluded.length > 0) parts.push({ kind: "not", child: excluded.length === 1 ? excluded[0] : { kind: "or", children: excluded } });
  if (parts.length === 1) return parts[0];
  return { kind: "and", children: parts };
}

const MAX_NESTING = 100;

class BooleanParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  parse(): QueryNode {
    const node = this.or();
    const t = this.peek();
    if (t.type !== "end") {
      throw new QueryError(
        t.type === "rparen" ? `expected end of query, got ")" without a matching "("` : `expected AND, OR or end of query, got ${describe(t)}`,
        t.pos,
      );
    }
    return node;
  }

  private or(): QueryNode {
    const children = [this.and()];
    while (this.peek().type === "or") {
      this.next();
      children.push(this.and());
    }
    return children.length === 1 ? children[0] : { kind: "or", children };
  }

  private and(): QueryNode {
    const children = [this.unary()];
    for (;;) {
      const t = this.peek();
      if (t.type === "and") {
        this.next();
        children.push(this.unary());
      } else if (t.type === "not") {
        this.next();
        children.push({ kind: "not", child: this.unary() });
      } else if (t.type === "term" || t.type === "lparen") {
        const prev = this.tokens[this.i - 1];
        let hint = "";
        if (t.type === "term" && /^(and|or|not|near(\/\d+)?)$/i.test(t.text)) hint = ` (operators are written in capitals: ${t.text.toUpperCase()})`;
        else if (t.type === "term" && !t.quoted && prev?.type === "term" && !prev.quoted) hint = ` (for a phrase, quote it: "${prev.text} ${t.text}")`;
        throw new QueryError(`expected AND, OR, NOT or NEAR/n between terms, got ${describe(t)}${hint}`, t.pos);
      } else break;
    }
    return children.length === 1 ? children[0] : { kind: "and", children };
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (t.type === "not") {
      this.next();
      if (++this.depth > MAX_NESTING) throw new QueryError(`expected at most ${MAX_NESTING} nested NOTs and parentheses, got more`, t.pos);
      const child = this.unary();
      this.depth--;
      return { kind: "not", child };
    }
    return this.near();
  }

  private near(): QueryNode {
    const left = this.primary();
    const t = this.peek();
    if (t.type !== "near") return left;
    this.next();
    const right = this.primary();
    for (const [operand, at] of [[left, t.pos], [right, this.tokens[this.i - 1].pos]] as const) {
      if (!nearOperand(operand)) {
        throw new QueryError(`expected a word, "phrase" or (group OR of them) beside ${t.text}, got a group with AND/NOT/NEAR`, at);
      }
    }
    const after = this.peek();
    if (after.type === "near") {
      throw new QueryError(`expected AND, OR or ")" after a NEAR pair, got ${after.text} (combine pairs with AND)`, after.pos);
    }
    return { kind: "near", left, right, distance: t.distance };
  }

  private primary(): QueryNode {
    const t = this.next();
    if (t.type === "term") {
      if (t.modifier) {
        throw new QueryError(
          `expected a term, got ${describe(t)}: "+" and "-" belong to the simple form; with AND/OR/NOT write ${t.modifier === "+" ? "AND" : "NOT"} ${t.quoted ? `"${t.text}"` : t.text}`,
          t.pos,
        );
      }
      return termNode(t);
    }
    if (t.type === "lparen") {
      if (++this.depth > MAX_NESTING) throw new QueryError(`expected at most ${MAX_NESTING} nested NOTs and parentheses, got more`, t.pos);
      const inner = this.or();
      const close = this.next();
      if (close.type !== "rparen") throw new QueryError(`expected ")" to close the "(" at character ${t.pos + 1}, got ${describe(close)}`, close.pos);
      this.depth--;
      return inner;
    }
    throw new QueryError(`expected a word, "phrase" or "(", got ${describe(t)}`, t.pos);
  }
}

function nearOperand(node: QueryNode): boolean {
  return node.kind === "term" || (node.kind === "or" && node.children.every(nearOperand));
}

// ---------- compile ----------

function collectTerms(node: QueryNode, out: TermNode[]): void {
  switch (node.kind) {
    case "term":
      out.push(node);
      break;
    case "and":
    case "or":
      for (const c of node.children) collectTerms(c, out);
      break;
    case "not":
      collectTerms(node.child, out);
      break;
    case "near":
      collectTerms(node.left, out);
      collectTerms(node.right, out);
      break;
  }
}

/** Substrings of which at least one must occur for `node` to match, or null when nothing is certain. */
function necessary(node: QueryNode): string[] | null {
  switch (node.kind) {
    case "term":
      return [node.words.reduce((a, b) => (b.length > a.length && !(node.prefix && b === node.words[node.words.length - 1]) ? b : a), node.words[0])];
    case "or": {
      const all: string[] = [];
      for (const c of node.children) {
        const n = necessary(c);
        if (!n) return null;
        all.push(...n);
      }
      return [...new Set(all)];
    }
    case "and":
    case "near": {
      const options = (node.kind === "and" ? node.children : [node.left, node.right]).map(necessary).filter((n): n is string[] => n !== null);
      if (options.length === 0) return null;
      return options.reduce((a, b) => (b.length < a.length ? b : a));
    }
    case "not":
      return null;
  }
}

/** Parses and compiles a brand query. Throws QueryError ("expected X, got Y (at character N)"). */
export function parseQuery(src: string): Query {
  if (typeof src !== "string") throw new QueryError(`expected the query as text, got ${typeof src}`, 0);
  const tokens = lex(src);
  if (tokens.length === 1) throw new QueryError("expected a word or \"phrase\", got an empty query", 0);
  const boolean = tokens.some((t) => t.type !== "term" && t.type !== "end");
  const root = boolean ? new BooleanParser(tokens).parse() : parseSimple(tokens);
  const terms: TermNode[] = [];
  collectTerms(root, terms);
  const vocabulary = new Set<string>();
  const prefixes: string[] = [];
  for (const t of terms) {
    t.words.forEach((w, i) => {
      if (t.prefix && i === t.words.length - 1) prefixes.push(w);
      else vocabulary.add(w);
    });
  }
  const query: Query = {
    source: src,
    form: boolean ? "boolean" : "simple",
    root,
    terms,
    vocabulary,
    prefixes: [...new Set(prefixes)],
    firstUnits: new Set([...vocabulary, ...prefixes].map((w) => w.charCodeAt(0))),
    prefilter: necessary(root),
  };
  // A query that matches a text containing none of its words would match nearly everything.
  if (evaluate(root, new Scan(query, ""))) {
    throw new QueryError("expected at least one word or phrase the text must contain, got a query that only excludes", 0);
  }
  return query;
}

// ---------- matching ----------

/** One pass over a text: where each word the query cares about occurs. */
class Scan {
  readonly positions = new Map<string, number[]>();
  readonly prefixHits = new Map<string, number[]>();
  readonly starts: number[] = [];
  readonly words: string[] = [];
  readonly leafCache = new Map<TermNode, number[]>();

  private readonly query: Query;
  private readonly keepOffsets: boolean;

  constructor(query: Query, norm: string, keepOffsets = false) {
    this.query = query;
    this.keepOffsets = keepOffsets;
    if (!norm) return;
    // Only words that could be a term's are looked up, unless every word's offset is wanted.
    forEachWord(norm, (w, index, start) => this.add(w, index, start), keepOffsets ? undefined : query.firstUnits);
  }

  private add(w: string, index: number, start: number): void {
    if (this.keepOffsets) {
      this.starts.push(start);
      this.words.push(w);
    }
    if (this.query.vocabulary.has(w)) {
      const list = this.positions.get(w);
      if (list) list.push(index);
      else this.positions.set(w, [index]);
    }
    const { prefixes } = this.query;
    for (let k = 0; k < prefixes.length; k++) {
      const p = prefixes[k]!;
      if (w.startsWith(p)) {
        const list = this.prefixHits.get(p);
        if (list) list.push(index);
        else this.prefixHits.set(p, [index]);
      }
    }
  }

  private positionsOf(term: TermNode, i: number): number[] {
    const w = term.words[i]!;
    return (term.prefix && i === term.words.length - 1 ? this.prefixHits.get(w) : this.positions.get(w)) ?? NONE;
  }

  /** Start positions of each occurrence of a term (a word or a phrase of words). */
  occurrences(term: TermNode): number[] {
    const cached = this.leafCache.get(term);
    if (cached) return cached;
    let starts = this.positionsOf(term, 0);
    for (let i = 1; i < term.words.length && starts.length > 0; i++) {
      const next = new Set(this.positionsOf(term, i));
      starts = starts.filter((s) => next.has(s + i));
    }
    this.leafCache.set(term, starts);
    return starts;
  }
}

const NONE: number[] = [];

/** Spans [first word, last word] of a NEAR operand's occurrences. */
function spans(node: QueryNode, scan: Scan): Array<[number, number]> {
  if (node.kind === "term") return scan.occurrences(node).map((s) => [s, s + node.words.length - 1]);
  if (node.kind === "or") return node.children.flatMap((c) => spans(c, scan));
  return [];
}

function evaluate(node: QueryNode, scan: Scan): boolean {
  switch (node.kind) {
    case "term":
      return scan.occurrences(node).length > 0;
    case "and":
      return node.children.every((c) => evaluate(c, scan));
    case "or":
      return node.children.some((c) => evaluate(c, scan));
    case "not":
      return !evaluate(node.child, scan);
    case "near": {
      const a = spans(node.left, scan);
      if (a.length === 0) return false;
      const b = spans(node.right, scan);
      for (const [as, ae] of a) {
        for (const [bs, be] of b) {
          if (ae < bs ? bs - ae - 1 <= node.distance : be < as ? as - be - 1 <= node.distance : false) return true;
        }
      }
      return false;
    }
  }
}

function passesPrefilter(query: Query, norm: string): boolean {
  const needed = query.prefilter;
  if (!needed) return true;
  for (const s of needed) if (norm.includes(s)) return true;
  return false;
}

/** Whether `text` is about the query's brand. */
export function matchesQuery(query: Query, text: string): boolean {
  const norm = normalise(text ?? "");
  if (!passesPrefilter(query, norm)) return false;
  return evaluate(query.root, new Scan(query, norm));
}

export interface MatchExplanation {
  matched: boolean;
  /** Terms (as written in the query) that occur in the text and count for it, in query order. */
  terms: string[];
  /** Excluded terms that occur in the text: the reason a mention was turned away. */
  excluded: string[];
  /** Where the counted terms occur: offsets into the NFC-normalised text (the same as the input for NFC text). */
  hits: Array<{ term: string; start: number; end: number }>;
}

function termsUnderNot(node: QueryNode, negated: boolean, out: Map<TermNode, boolean>): void {
  switch (node.kind) {
    case "term":
      out.set(node, negated);
      break;
    case "and":
    case "or":
      for (const c of node.children) termsUnderNot(c, negated, out);
      break;
    case "not":
      termsUnderNot(node.child, !negated, out);
      break;
    case "near":
      termsUnderNot(node.left, negated, out);
      termsUnderNot(node.right, negated, out);
      break;
  }
}

/** Whether `text` matches, and which of the query's terms it contains (for highlighting and audits). */
export function explainMatch(query: Query, text: string): MatchExplanation {
  const norm = normalise(text ?? "");
  const scan = new Scan(query, norm, true);
  const matched = evaluate(query.root, scan);
  const negation = new Map<TermNode, boolean>();
  termsUnderNot(query.root, false, negation);
  const terms: string[] = [];
  const excluded: string[] = [];
  const hits: MatchExplanation["hits"] = [];
  for (const term of query.terms) {
    const occ = scan.occurrences(term);
    if (occ.length === 0) continue;
    const negated = negation.get(term) ?? false;
    const list = negated ? excluded : terms;
    if (!list.includes(term.source)) list.push(term.source);
    if (!negated) {
      for (const s of occ) {
        const e = s + term.words.length - 1;
        hits.push({ term: term.source, start: scan.starts[s], end: scan.starts[e] + scan.words[e].length });
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return { matched, terms, excluded, hits };
}
