import { describe, expect, it } from "vitest";
import { CLAUSE, SENTENCE, SYMBOL, tokenize, WORD } from "./tokenize";

const texts = (input: string) => tokenize(input).map((t) => (t.kind === WORD || t.kind === SYMBOL ? t.text : `<${t.kind}>`));

describe("tokenize", () => {
  it("splits negative contractions into two words, with or without the apostrophe", () => {
    expect(texts("didn't")).toEqual(["did", "not"]);
    expect(texts("Can't")).toEqual(["can", "not"]);
    expect(texts("won’t")).toEqual(["will", "not"]);
    expect(texts("cannot")).toEqual(["can", "not"]);
    expect(texts("doesnt")).toEqual(["does", "not"]);
  });

  it("expands other short forms so whole-word rules match them", () => {
    expect(texts("would've")).toEqual(["would", "have"]);
    expect(texts("I'd")).toEqual(["i", "would"]);
    expect(texts("it's")).toEqual(["it", "is"]);
    // A possessive stays one word.
    expect(texts("John's")).toEqual(["john's"]);
  });

  it("keeps offsets into the original text, shared by both halves of a contraction", () => {
    const input = "We DIDN'T care";
    const [, did, not] = tokenize(input);
    expect(input.slice(did!.start, did!.end)).toBe("DIDN'T");
    expect([not!.start, not!.end]).toEqual([did!.start, did!.end]);
  });

  it("marks sentence ends with the number of exclamation marks and question marks", () => {
    const tokens = tokenize("Great!!! Really?");
    const ends = tokens.filter((t) => t.kind === SENTENCE);
    expect(ends.map((t) => [t.bangs, t.questions])).toEqual([
      [3, 0],
      [0, 1],
    ]);
  });

  it("marks commas, semicolons and spaced dashes as clause breaks, but not hyphens inside words", () => {
    expect(texts("cheap, but well-made - honestly")).toEqual(["cheap", `<${CLAUSE}>`, "but", "well", "made", `<${CLAUSE}>`, "honestly"]);
  });

  it("treats a line break as the end of a sentence", () => {
    expect(tokenize("fine\nawful").map((t) => t.kind)).toEqual([WORD, SENTENCE, WORD]);
  });

  it("reads emoticons but not clock times or glued letters", () => {
    expect(texts("ok :) bad :-( <3")).toEqual(["ok", ":)", "bad", ":-(", "<3"]);
    expect(texts("at 10:30")).toEqual(["at", "10:30"]);
    expect(texts("note:Please")).toEqual(["note", `<${CLAUSE}>`, "please"]);
  });

  it("reads a smile made of repeated parentheses as one smile", () => {
    const [smile] = tokenize(":)))");
    expect(smile).toMatchObject({ kind: SYMBOL, text: ":)", stretched: true });
  });

  it("reads emoji and drops skin tones and variation selectors", () => {
    expect(texts("👍🏽 ❤️ 😡")).toEqual(["👍", "❤", "😡"]);
  });

  it("skips links and @handles", () => {
    expect(texts("see https://example.com/a:/b and @badguy")).toEqual(["see", "and"]);
  });

  it("flags capitals of three letters or more, and stretched words with their shortened forms", () => {
    const [ok, bad, good] = tokenize("OK BAD goooood");
    expect(ok!.caps).toBe(false);
    expect(bad!.caps).toBe(true);
    expect(good).toMatchObject({ text: "good", alt: "god", stretched: true });
  });

  it("keeps numbers with decimals and ratings whole", () => {
    expect(texts("4.5 stars, 8/10")).toEqual(["4.5", "stars", `<${CLAUSE}>`, "8/10"]);
  });

  it("splits a camel-case hashtag into words with their own offsets, and leaves other words whole", () => {
    expect(texts("#EpicFail")).toEqual(["epic", "fail"]);
    expect(texts("#fail")).toEqual(["fail"]);
    expect(texts("EpicFail")).toEqual(["epicfail"]);
    const input = "so #LoveThisPlace";
    expect(tokenize(input).map((t) => input.slice(t.start, t.end))).toEqual(["so", "Love", "This", "Place"]);
  });
});
