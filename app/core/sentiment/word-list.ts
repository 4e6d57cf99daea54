/**
 * A compact text format for our word lists, so that hundreds of entries stay readable and reviewable:
 *
 *   -2.5 flimsy shoddy faulty          words with a weight on the AFINN scale (-5..+5)
 *   0|-2.5 work{,s,ed,ing}             weight, then "|" and the weight when negated ("didn't work")
 *   -3: waste of money, stopped working   a colon: comma-separated multi-word phrases
 *   # comment
 *
 * `{a,b}` expands to each alternative (an empty one included), so inflections are written once. In phrases
 * `*` stands for any one word ("waste of * money" covers "waste of my money", "waste of good money").
 */

export interface ListedTerm {
  term: string;
  weight: number;
  /** The weight when negated; NaN means "derive it from the weight". */
  negated: number;
}

export function expandBraces(term: string): string[] {
  const open = term.indexOf("{");
  if (open < 0) return [term];
  const close = term.indexOf("}", open);
  if (close < 0) throw new Error(`word list: expected "}" after "{" in "${term}", got end of term`);
  const head = term.slice(0, open);
  const tail = expandBraces(term.slice(close + 1));
  const out: string[] = [];
  for (const option of term.slice(open + 1, close).split(",")) {
    for (const rest of tail) out.push(head + option + rest);
  }
  return out;
}

/** Splits on commas that are not inside braces, so "{a,b} c, d" is two phrases. */
function splitPhrases(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === "," && depth === 0) {
      out.push(body.slice(start, i));
      start = i + 1;
    }
  }
  out.push(body.slice(start));
  return out;
}

function parseWeight(text: string, line: string): number {
  const value = Number(text);
  if (text === "" || !Number.isFinite(value) || value < -5 || value > 5) {
    throw new Error(`word list: expected a weight from -5 to 5, got "${text}" in line "${line}"`);
  }
  return value;
}

export function parseWordList(source: string): ListedTerm[] {
  const out: ListedTerm[] = [];
  for (const raw of source.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const space = line.search(/[\s:]/);
    if (space < 0) throw new Error(`word list: expected "<weight> <words>", got "${line}"`);
    const head = line.slice(0, space);
    const isPhraseLine = line[space] === ":";
    const [w, n] = head.split("|");
    const weight = parseWeight(w!, line);
    const negated = n === undefined ? Number.NaN : parseWeight(n, line);
    const body = line.slice(space + (isPhraseLine ? 1 : 0)).trim();
    const terms = isPhraseLine ? splitPhrases(body) : body.split(/\s+/);
    for (const t of terms) {
      const term = t.trim();
      if (term === "") continue;
      for (const expanded of expandBraces(term)) out.push({ term: expanded, weight, negated });
    }
  }
  return out;
}
