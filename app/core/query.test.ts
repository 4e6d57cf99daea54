import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainMatch, matchesQuery, parseQuery, QueryError, queryWords } from "./query";

const matches = (q: string, text: string) => matchesQuery(parseQuery(q), text);

describe("whole-word, case-insensitive, Unicode-aware matching", () => {
  it("matches a word in any case but never inside a longer word", () => {
    expect(matches("acme", "I love ACME bread")).toBe(true);
    expect(matches("acme", "Welcome to Acmeville")).toBe(false);
    expect(matches("acme", "the subacme layer")).toBe(false);
  });

  it("matches accented words regardless of case or Unicode composition", () => {
    expect(matches("Café", "the café on the corner")).toBe(true);
    expect(matches("café", "CAFÉ DE FLORE")).toBe(true);
    expect(matches("café", "Cafe\u0301 au lait")).toBe(true);
    expect(matches("café", "a cafeteria")).toBe(false);
    expect(matches("straße", "STRASSE")).toBe(false);
    expect(matches("Ёлка", "ёлка")).toBe(true);
  });

  it("finds a brand in possessives, hashtags, handles and hyphenated words", () => {
    for (const text of ["Acme's new store", "Acme’s new store", "#acme rocks", "@acme help!", "acme-branded anvils", "(acme)"]) {
      expect(matches("acme", text), text).toBe(true);
    }
  });

  it("treats a term with punctuation as the phrase of its words", () => {
    expect(matches("acme.com", "visit ACME.COM today")).toBe(true);
    expect(matches("at&t", "my AT&T bill")).toBe(true);
    expect(matches("mcdonald's", "McDonald’s fries")).toBe(true);
    expect(matches("acme.com", "acme is not a .com")).toBe(false);
  });

  it("matches Chinese and Japanese terms inside unbroken text", () => {
    expect(matches("東京", "私は東京に住んでいます")).toBe(true);
    expect(matches("東京", "京都が好き")).toBe(false);
    expect(queryWords("東京タワー")).toEqual(["東", "京", "タ", "ワ", "ー"].filter((w) => /\p{L}/u.test(w)));
  });

  it("matches prefixes with a trailing *", () => {
    expect(matches("bak*", "Baking bread")).toBe(true);
    expect(matches("bak*", "a bakery")).toBe(true);
    expect(matches("bak*", "kebab")).toBe(false);
    expect(matches('"acme bak*"', "acme bakery")).toBe(false); // inside quotes * is not special
  });
});

describe("simple form", () => {
  const q = parseQuery('acme "acme bakery" +bread -jobs');

  it("is chosen when no operator or parenthesis appears", () => {
    expect(q.form).toBe("simple");
  });

  it("needs one of the plain terms, every + term and none of the - terms", () => {
    expect(matchesQuery(q, "Acme bread is great")).toBe(true);
    expect(matchesQuery(q, "The Acme Bakery sells bread")).toBe(true);
    expect(matchesQuery(q, "Acme cakes are great")).toBe(false); // no bread
    expect(matchesQuery(q, "Bread from elsewhere")).toBe(false); // no acme
    expect(matchesQuery(q, "Acme bread: jobs available")).toBe(false); // excluded
  });

  it("matches a phrase across any spacing or punctuation between its words, in order only", () => {
    const p = parseQuery('"acme bakery"');
    expect(matchesQuery(p, "ACME  -  Bakery!")).toBe(true);
    expect(matchesQuery(p, "bakery acme")).toBe(false);
    expect(matchesQuery(p, "acme's bakery")).toBe(false);
  });

  it("treats lower-case and/or/not as ordinary words", () => {
    expect(matches("salt and pepper", "pepper only")).toBe(true); // any of the three words
    expect(matches("+salt +pepper", "salt and pepper")).toBe(true);
    expect(matches("+salt +pepper", "salt only")).toBe(false);
  });

  it("supports excluded phrases", () => {
    expect(matches('acme -"now hiring"', "Acme is now hiring")).toBe(false);
    expect(matches('acme -"now hiring"', "Acme is hiring now")).toBe(true);
  });
});

describe("boolean form", () => {
  it("combines AND, OR and NOT with the usual precedence", () => {
    const q = parseQuery('("acme bakery" OR acme) AND NOT jobs');
    expect(q.form).toBe("boolean");
    expect(matchesQuery(q, "Acme Bakery opened")).toBe(true);
    expect(matchesQuery(q, "acme jobs fair")).toBe(false);
    expect(matches("a OR b AND c", "a")).toBe(true); // a OR (b AND c)
    expect(matches("a OR b AND c", "b")).toBe(false);
    expect(matches("NOT a AND b", "b")).toBe(true);
    expect(matches("NOT a AND b", "a b")).toBe(false);
  });

  it("reads 'a NOT b' as a AND NOT b", () => {
    expect(matches("acme NOT jobs", "acme news")).toBe(true);
    expect(matches("acme NOT jobs", "acme jobs")).toBe(false);
  });

  it("finds NEAR/n operands within n words of each other, in either order", () => {
    const q = parseQuery("acme NEAR/3 refund");
    expect(matchesQuery(q, "Acme gave me a refund")).toBe(true); // 3 words between
    expect(matchesQuery(q, "refund requested from my Acme")).toBe(true);
    expect(matchesQuery(q, "Acme never ever gave me a refund")).toBe(false);
    expect(matches("acme NEAR/0 refund", "acme refund")).toBe(true);
    expect(matches("acme NEAR/0 refund", "acme, a refund")).toBe(false);
  });

  it("takes phrases and OR-groups as NEAR operands", () => {
    const q = parseQuery('("acme bakery" OR acme) NEAR/2 (refund OR "money back")');
    expect(matchesQuery(q, "Acme Bakery gave my money back")).toBe(true);
    expect(matchesQuery(q, "Acme Bakery is lovely; we never needed our money back")).toBe(false);
  });

  it("does not let one occurrence stand for both NEAR operands", () => {
    expect(matches("acme NEAR/5 acme", "acme once")).toBe(false);
    expect(matches("acme NEAR/5 acme", "acme and acme")).toBe(true);
  });
});

describe("parseQuery errors", () => {
  it.each([
    ["", 0, 'expected a word or "phrase", got an empty query'],
    ["acme AND", 8, 'expected a word, "phrase" or "(", got end of query'],
    ["(acme OR x", 10, 'expected ")" to close the "(" at character 1, got end of query'],
    ["acme)", 4, 'expected end of query, got ")" without a matching "("'],
    ['"acme bakery', 0, 'expected a closing " for the phrase opened here, got end of query'],
    ["acme bakery AND x", 5, 'expected AND, OR, NOT or NEAR/n between terms, got "bakery" (for a phrase, quote it: "acme bakery")'],
    ["acme and OR x", 5, 'got "and" (operators are written in capitals: AND)'],
    ["acme NEAR/x refund", 5, 'expected NEAR/n with n a number of words from 0 to 1000, got "NEAR/x"'],
    ["acme NEAR refund", 5, "expected NEAR/n"],
    ["a NEAR/2 b NEAR/2 c", 11, "expected AND, OR or \")\" after a NEAR pair, got NEAR/2"],
    ["(a AND b) NEAR/2 c", 10, "beside NEAR/2, got a group with AND/NOT/NEAR"],
    ["+acme OR b", 0, '"+" and "-" belong to the simple form; with AND/OR/NOT write AND acme'],
    ["acme + bread", 5, 'expected a word or "phrase" right after "+", got " "'],
    ["&", 0, 'expected a term with letters or digits, got "&"'],
    ['acme ""', 5, "expected words inside the quotes, got an empty phrase"],
    ["a*", 0, 'expected at least two letters before "*", got "a*"'],
    ["-jobs", 0, "expected at least one word or phrase the text must contain"],
    ["NOT jobs", 0, "expected at least one word or phrase the text must contain"],
    ["acme OR NOT jobs", 0, "expected at least one word or phrase the text must contain"],
  ])("rejects %j at its position with an expected/got message", (src, position, message) => {
    let error: unknown;
    try {
      parseQuery(src);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).position).toBe(position);
    expect((error as QueryError).message).toContain(message);
    expect((error as QueryError).message).toContain(`(at character ${position + 1})`);
  });

  it("refuses absurdly deep nesting instead of overflowing the stack", () => {
    expect(() => parseQuery(`${"(".repeat(5000)}a${")".repeat(5000)}`)).toThrow(QueryError);
    expect(() => parseQuery(`${"(".repeat(5000)}a${")".repeat(5000)}`)).toThrow(/expected at most 100 nested NOTs and parentheses/);
    expect(() => parseQuery(`acme AND ${"NOT ".repeat(100_000)}jobs`)).toThrow(QueryError);
  });

  it("either parses or throws a QueryError for any input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (src) => {
        try {
          parseQuery(src);
        } catch (e) {
          expect(e).toBeInstanceOf(QueryError);
        }
      }),
    );
  });
});

describe("explainMatch", () => {
  it("lists the query terms found, the excluded ones found, and where", () => {
    const q = parseQuery('acme "acme bakery" +bread -jobs');
    expect(explainMatch(q, "Acme Bakery bread")).toEqual({
      matched: true,
      terms: ["acme", '"acme bakery"', "bread"],
      excluded: [],
      hits: [
        { term: "acme", start: 0, end: 4 },
        { term: '"acme bakery"', start: 0, end: 11 },
        { term: "bread", start: 12, end: 17 },
      ],
    });
    expect(explainMatch(q, "acme bread jobs")).toMatchObject({ matched: false, excluded: ["jobs"] });
  });

  it("agrees with matchesQuery", () => {
    // explainMatch looks at every word; matchesQuery only at words that begin like a term: both must agree,
    // prefixes and phrases included.
    const queries = ["acme", "acme -jobs", '"acme bakery" OR bread', "acme NEAR/2 bread", "+acme +bread", "bak*", '"acme bak*" -jo*', "bre* NEAR/1 acme", "ÉCOLE OR été*"].map(parseQuery);
    fc.assert(
      fc.property(fc.array(fc.constantFrom("acme", "bakery", "bread", "jobs", "the", "Acme's", "x", "baked", "Bäker", "BREAKFAST", "école", "Été-time", "jo"), { maxLength: 12 }), (words) => {
        const text = words.join(" ");
        for (const q of queries) expect(explainMatch(q, text).matched).toBe(matchesQuery(q, text));
      }),
    );
  });
});

describe("matching is consistent with a naive reference", () => {
  it("finds a single word exactly when it is one of the text's words", () => {
    fc.assert(
      fc.property(fc.constantFrom("acme", "bread", "café", "x1"), fc.array(fc.constantFrom("acme", "acmes", "Bread", "CAFÉ", "x1", "x12", "the", "-", "!"), { maxLength: 10 }), (term, words) => {
        const text = words.join(" ");
        const naive = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).includes(term);
        expect(matchesQuery(parseQuery(term), text)).toBe(naive);
      }),
    );
  });
});

describe("the word walker", () => {
  // The plain reading of a word: a run of letters, digits and marks, as one Unicode regex finds them, with
  // each Han or kana character a word of its own.
  const regexWords = (text: string) => {
    const cjk = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
    const words = text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
    return words.flatMap((w) => (cjk.test(w) ? w.match(/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu)! : [w]));
  };
  const pieces = ["coffee", "東京", "𠀀ܐ", "Café", "e\u0301", "naïve", "  ", "-", "'", "😀", "👍🏽", "\uD800", "\uDC00", "x\uD83Dy", "٣", "ß", "İ", "\u00A0", "ǅ", "१२", "\n", "Ωμέγα", "_", "a1b2", "\u200D"];

  it("finds the same words as a Unicode regex in any mix of scripts, emoji and broken surrogates", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        expect(queryWords(text)).toEqual(regexWords(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps a letter that follows a lone high surrogate", () => {
    expect(queryWords("\uD800coffee")).toEqual(["coffee"]);
    expect(queryWords("😀coffee😀")).toEqual(["coffee"]);
  });
});

describe("normalising for matching", () => {
  it("matches a decomposed accent against a composed one, and plain Latin-1 text as written", () => {
    // "Café" with a combining acute accent must still match the query's composed "café".
    expect(matchesQuery(parseQuery("café"), "Cafe\u0301 Noir was lovely")).toBe(true);
    expect(matchesQuery(parseQuery("crème"), "La CRÈME brûlée")).toBe(true);
    expect(matchesQuery(parseQuery("cafe"), "Café Noir")).toBe(false);
  });
});
