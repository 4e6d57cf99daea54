import { describe, expect, it } from "vitest";
import { BASE_LEXICON, compileOverlay, F_BOOST, F_NEGATOR, termTokens } from "./lexicon";
import { REVIEW_PHRASES } from "./review-phrases";
import { REVIEW_WORDS } from "./review-words";
import { expandBraces, parseWordList } from "./word-list";

describe("word list format", () => {
  it("expands each brace group into its alternatives, the empty one included", () => {
    expect(expandBraces("work{,s,ed}")).toEqual(["work", "works", "worked"]);
    expect(expandBraces("{a,b} {c,d}")).toEqual(["a c", "a d", "b c", "b d"]);
  });

  it("reads weights, weights when negated, words and comma-separated phrases", () => {
    const parsed = parseWordList("# note\n-2 flimsy shoddy\n0|-2.5 work{,s}\n-3: waste of {money,time}, never again\n");
    expect(parsed.map((t) => [t.term, t.weight, Number.isNaN(t.negated) ? null : t.negated])).toEqual([
      ["flimsy", -2, null],
      ["shoddy", -2, null],
      ["work", 0, -2.5],
      ["works", 0, -2.5],
      ["waste of money", -3, null],
      ["waste of time", -3, null],
      ["never again", -3, null],
    ]);
  });

  it("rejects a weight off the AFINN scale, quoting the line", () => {
    expect(() => parseWordList("7 great")).toThrow('word list: expected a weight from -5 to 5, got "7" in line "7 great"');
    expect(() => parseWordList("x great")).toThrow(/expected a weight from -5 to 5, got "x"/);
  });

  it("rejects an unclosed brace", () => {
    expect(() => expandBraces("work{s")).toThrow('expected "}" after "{" in "work{s"');
  });
});

describe("our lists", () => {
  it.each([
    ["words", REVIEW_WORDS],
    ["phrases", REVIEW_PHRASES],
  ])("list every %s term once, so no entry silently overrides another", (_, source) => {
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const { term } of parseWordList(source)) {
      if (seen.has(term)) repeated.push(term);
      seen.add(term);
    }
    expect(repeated).toEqual([]);
  });

  it("splits terms the way the tokenizer splits text", () => {
    expect(termTokens("didn't work")).toEqual(["did", "not", "work"]);
    expect(termTokens("user-friendly")).toEqual(["user", "friendly"]);
    expect(termTokens("waste of * money")).toEqual(["waste", "of", "*", "money"]);
  });
});

describe("compiled lexicon", () => {
  it("keeps AFINN where we have no opinion and overrides it where reviews read it differently", () => {
    expect(BASE_LEXICON.words.get("abandon")!.weight).toBe(-2);
    expect(BASE_LEXICON.words.get("joke")!.weight).toBeLessThan(0);
  });

  it("gives modifiers their role without a weight of their own", () => {
    const not = BASE_LEXICON.words.get("not")!;
    expect(not.flags & F_NEGATOR).toBe(F_NEGATOR);
    expect(BASE_LEXICON.words.get("no")!.weight).toBe(0);
    expect(BASE_LEXICON.words.get("very")!.flags & F_BOOST).toBe(F_BOOST);
  });

  it("compiles per-brand words without touching the shared lexicon", () => {
    const before = BASE_LEXICON.words.get("sick")!.weight;
    const overlay = compileOverlay({ sick: 3, "killer app": 3 });
    expect(overlay.words.get("sick")!.weight).toBe(3);
    expect(overlay.phrases.has("killer")).toBe(true);
    expect(BASE_LEXICON.words.get("sick")!.weight).toBe(before);
  });

  it("rejects a per-brand weight that is not a number, saying what came", () => {
    expect(() => compileOverlay({ great: "5" as unknown as number })).toThrow('extraWords["great"]: expected a number from -5 to 5, got "5"');
  });
});
