import fc from "fast-check";
import Sentiment from "sentiment";
import { describe, expect, it } from "vitest";
import {
  createSentimentScorer,
  extraWordsProblem,
  fuseWithRating,
  NEUTRAL_BAND,
  ratingPosition,
  scoreSentiment,
  type SentimentResult,
} from "./sentiment";

const raw = new Sentiment();

function weightOf(result: SentimentResult, term: string): number | undefined {
  return result.words.find((w) => w.term === term)?.weight;
}

describe("labels and scale", () => {
  it("labels plain praise positive and plain complaints negative", () => {
    expect(scoreSentiment("The staff were friendly and the food was delicious.").label).toBe("positive");
    expect(scoreSentiment("The room was filthy and the manager was rude.").label).toBe("negative");
  });

  it("labels a text with no opinion in it neutral, with a score of zero", () => {
    const r = scoreSentiment("We picked up the order at six and drove home.");
    expect(r).toMatchObject({ label: "neutral", score: 0, comparative: 0, words: [] });
  });

  it("keeps score within -1..+1, confidence within 0..1, and the label on the right side of the neutral band", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), (text, rating) => {
        const r = scoreSentiment(text, { rating });
        expect(r.score).toBeGreaterThanOrEqual(-1);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        const expected = r.score > NEUTRAL_BAND ? "positive" : r.score < -NEUTRAL_BAND ? "negative" : "neutral";
        expect(r.label).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same result for the same input every time", () => {
    const text = "Loved the pasta!!! But the waiter ignored us for 40 minutes :(";
    expect(scoreSentiment(text)).toEqual(scoreSentiment(text));
  });

  it("reports comparative as the raw score per word, like the sentiment package", () => {
    // "good" weighs 3 and is one of three words.
    expect(scoreSentiment("It is good").comparative).toBe(1);
  });

  it("rejects a text that is not a string, naming what came", () => {
    expect(() => scoreSentiment(42 as unknown as string)).toThrow(/expected text as a string, got number/);
  });
});

describe("review phrases the raw package misses", () => {
  it.each([
    ["Total waste of money.", "waste of money"],
    ["It stopped working after a week.", "stopped working"],
    ["Never again.", "never again"],
    ["I returned it the next day.", "returned"],
    ["The headphones fell apart in a month.", "fell apart"],
    ["We waited 45 minutes for cold fries.", "waited 45 minutes"],
  ])("reads %j as negative though the raw package does not", (text, term) => {
    expect(raw.analyze(text).score).toBeGreaterThanOrEqual(-1);
    const r = scoreSentiment(text);
    expect(r.label).toBe("negative");
    // The quoted term may include an intensifier in front ("total waste of money").
    expect(r.words.find((w) => w.term.endsWith(term))!.weight).toBeLessThan(0);
  });

  it("reads praise said through negation as positive", () => {
    expect(scoreSentiment("No complaints at all.").label).toBe("positive");
    expect(scoreSentiment("I can't recommend this bakery enough.").label).toBe("positive");
    expect(scoreSentiment("Never disappointed, every single visit.").label).toBe("positive");
    expect(scoreSentiment("Couldn't be happier with the repair.").label).toBe("positive");
  });

  it("treats a warning not to waste money as a warning, not as praise", () => {
    expect(scoreSentiment("Don't waste your money on this blender.").label).toBe("negative");
  });
});

describe("negation", () => {
  it("turns praise into complaint and complaint into weak praise", () => {
    const good = scoreSentiment("The soup was good.").score;
    const notGood = scoreSentiment("The soup was not good.").score;
    const notBad = scoreSentiment("The soup was not bad.").score;
    expect(notGood).toBeLessThan(-NEUTRAL_BAND);
    expect(notBad).toBeGreaterThan(NEUTRAL_BAND);
    expect(notBad).toBeLessThan(good);
  });

  it("makes words about things that should happen negative when they did not", () => {
    expect(scoreSentiment("It works.").label).toBe("positive");
    expect(scoreSentiment("It didn't work.").label).toBe("negative");
    expect(scoreSentiment("The parcel never arrived.").label).toBe("negative");
    expect(scoreSentiment("The parcel arrived.").label).toBe("neutral");
  });

  it("handles contractions written without the apostrophe", () => {
    expect(weightOf(scoreSentiment("it doesnt work"), "doesnt work")).toBeLessThan(0);
  });

  it("reaches across a few see-through words", () => {
    expect(scoreSentiment("I don't think you will be disappointed.").label).toBe("positive");
  });

  it("stops at a comma", () => {
    const r = scoreSentiment("No sauce, great fries.");
    expect(weightOf(r, "great")).toBe(3);
    expect(r.label).toBe("positive");
  });

  it("stops after a few words", () => {
    const r = scoreSentiment("Nobody told us about the brunch menu which was wonderful.");
    expect(weightOf(r, "wonderful")).toBeGreaterThan(0);
  });

  it("softens what follows an unreal past: 'would have been great' counts against", () => {
    expect(scoreSentiment("It would have been great with more seats.").label).toBe("negative");
    expect(scoreSentiment("It used to be good.").label).toBe("negative");
  });
});

describe("contrast", () => {
  it("leans on the clause after 'but'", () => {
    expect(scoreSentiment("Good food but rude staff.").label).toBe("negative");
    expect(scoreSentiment("Rude staff but good food.").label).toBe("positive");
  });

  it("weighs words after 'but' more than the same words before it", () => {
    const r = scoreSentiment("Good food but rude staff.");
    expect(Math.abs(weightOf(r, "rude")!)).toBeGreaterThan(Math.abs(weightOf(r, "good")!) * 2);
  });

  it("lets a sentence that opens with 'But' or 'However' outweigh the one before", () => {
    expect(scoreSentiment("The view was lovely. However, the bed was awful.").label).toBe("negative");
    expect(scoreSentiment("The view was lovely. The bed was awful.").score).toBeGreaterThan(
      scoreSentiment("The view was lovely. However, the bed was awful.").score,
    );
  });

  it("strengthens the clause after 'but' only modestly, since halving the clause before already lets it win", () => {
    const after = Math.abs(weightOf(scoreSentiment("Good food but rude staff."), "rude")!);
    const alone = Math.abs(weightOf(scoreSentiment("Rude staff."), "rude")!);
    expect(after).toBeGreaterThan(alone);
    expect(after).toBeLessThan(alone * 1.3);
  });

  it("counts a conceded 'although' clause for less", () => {
    const r = scoreSentiment("Although the lobby was beautiful, the rooms were dirty.");
    expect(r.label).toBe("negative");
    expect(weightOf(r, "beautiful")).toBeLessThan(3);
  });
});

describe("intensity", () => {
  it("orders downtoned < plain < intensified", () => {
    const plain = scoreSentiment("The checkout was slow.").score;
    const bit = scoreSentiment("The checkout was a bit slow.").score;
    const very = scoreSentiment("The checkout was extremely slow.").score;
    expect(bit).toBeGreaterThan(plain);
    expect(very).toBeLessThan(plain);
    expect(bit).toBeLessThan(0);
  });

  it("reads 'pretty' as an intensifier before an opinion and as praise on its own", () => {
    expect(scoreSentiment("The service was pretty bad.").label).toBe("negative");
    expect(scoreSentiment("What a pretty garden.").label).toBe("positive");
  });

  it("reads 'epic' before a complaint as its size, not as praise that cancels it", () => {
    expect(scoreSentiment("The launch was an epic disaster.").score).toBeLessThan(scoreSentiment("The launch was a disaster.").score);
    expect(scoreSentiment("That update was an epic fail").label).toBe("negative");
  });

  it("reads 'too' before a neutral word as a complaint", () => {
    const r = scoreSentiment("The broth was too salty.");
    expect(r.label).toBe("negative");
    expect(weightOf(r, "too salty")).toBeLessThan(0);
    expect(scoreSentiment("The portions were too much.").label).toBe("negative");
  });

  it("strengthens the word before a trailing 'a lot'", () => {
    expect(weightOf(scoreSentiment("I liked it a lot."), "liked it a lot")).toBeGreaterThan(2);
  });
});

describe("emoji, emoticons and emphasis", () => {
  it("reads emoji and emoticons", () => {
    expect(scoreSentiment("New menu 😍").label).toBe("positive");
    expect(scoreSentiment("New menu 😡").label).toBe("negative");
    expect(scoreSentiment("Thanks for the quick fix :)").score).toBeGreaterThan(scoreSentiment("Thanks for the quick fix").score);
    expect(scoreSentiment("Order delayed again :(").label).toBe("negative");
  });

  it("scores an emoji with a skin tone like the plain emoji", () => {
    expect(scoreSentiment("Great job 👍🏽").score).toBe(scoreSentiment("Great job 👍").score);
  });

  it("does not read a clock time as an emoticon", () => {
    expect(scoreSentiment("We arrived at 10:30").words).toEqual([]);
  });

  it("reads a row of star emoji as a rating", () => {
    expect(scoreSentiment("⭐⭐").label).toBe("negative");
    expect(scoreSentiment("⭐⭐⭐⭐⭐").label).toBe("positive");
  });

  it("reads a rating written in words or numbers", () => {
    expect(scoreSentiment("One star, and that is generous.").label).toBe("negative");
    expect(scoreSentiment("I give it 9/10").label).toBe("positive");
    expect(scoreSentiment("Honestly 2 out of 5").label).toBe("negative");
  });

  it("reads a bare score after a rating verb as out of ten, but not a quantity", () => {
    expect(scoreSentiment("We gave the new menu a 9.").label).toBe("positive");
    expect(scoreSentiment("We would rate the coffee a 9 on any day").words.map((w) => w.term)).toContain("9");
    // Below 6 the scale is unclear (four of five stars, or of ten?): no rating is read.
    expect(scoreSentiment("I'd give them a 4").words.map((w) => w.term)).not.toContain("4");
    expect(scoreSentiment("They gave us a 10 to 15 minute wait").words.map((w) => w.term)).not.toContain("10");
    expect(scoreSentiment("Honestly I'd give this place a 10 plus").label).toBe("positive");
    expect(scoreSentiment("They gave us a 10 minute wait for the table").words.map((w) => w.term)).not.toContain("10");
    expect(scoreSentiment("I ordered a 2 litre bottle").label).toBe("neutral");
  });

  it("treats a word in capitals among lower case as shouted", () => {
    const plain = weightOf(scoreSentiment("this place is bad"), "bad")!;
    const shouted = weightOf(scoreSentiment("this place is BAD"), "bad")!;
    expect(shouted).toBeLessThan(plain);
    // All in capitals is loud throughout, so each word stands out less.
    const allCaps = weightOf(scoreSentiment("THIS PLACE IS BAD"), "bad")!;
    expect(allCaps).toBeGreaterThan(shouted);
  });

  it("adds '!!!' in the direction the sentence leans and leaves a neutral sentence alone", () => {
    expect(scoreSentiment("Great coffee!!!").score).toBeGreaterThan(scoreSentiment("Great coffee.").score);
    expect(scoreSentiment("Awful coffee!!!").score).toBeLessThan(scoreSentiment("Awful coffee.").score);
    expect(scoreSentiment("We went on Tuesday!!!").label).toBe("neutral");
  });

  it("lets an exclaimed sentence with no opinion of its own lean the way the rest of the post does", () => {
    expect(scoreSentiment("Best weekend ever. We got engaged!!!").score).toBeGreaterThan(
      scoreSentiment("Best weekend ever. We got engaged.").score,
    );
    expect(scoreSentiment("Worst weekend ever. They cancelled again!!").score).toBeLessThan(
      scoreSentiment("Worst weekend ever. They cancelled again.").score,
    );
  });

  it("splits a camel-case hashtag into its words so the opinion inside counts", () => {
    expect(scoreSentiment("Third delay this month #EpicFail").label).toBe("negative");
    expect(scoreSentiment("Sunday brunch #LoveThisPlace").label).toBe("positive");
    expect(scoreSentiment("Sunday brunch #LoveThisPlace").words[0]!.term).toBe("love");
  });

  it("reads 'omg' as heightening the opinion after it and as nothing on its own", () => {
    expect(scoreSentiment("omg so good").score).toBeGreaterThan(scoreSentiment("so good").score);
    expect(scoreSentiment("omg terrible service").score).toBeLessThan(scoreSentiment("terrible service").score);
    expect(scoreSentiment("omg they moved the store").label).toBe("neutral");
  });

  it("reads stretched words and counts the stretch as emphasis", () => {
    const r = scoreSentiment("sooo goooood");
    expect(r.label).toBe("positive");
    expect(r.score).toBeGreaterThan(scoreSentiment("so good").score);
  });
});

describe("long texts", () => {
  it("keeps a long review with one complaint among praise positive", () => {
    const review =
      "We stayed four nights. The room was spotless and the bed was comfortable. Breakfast was delicious. " +
      "The staff were friendly and helpful. Parking was expensive. The pool was lovely and quiet.";
    expect(scoreSentiment(review).label).toBe("positive");
  });

  it("keeps telling strong praise from very strong praise apart near the top of the scale", () => {
    const strong = scoreSentiment("Amazing food and wonderful staff.").score;
    const stronger = scoreSentiment("Amazing food and wonderful staff, absolutely perfect!!!").score;
    expect(stronger - strong).toBeGreaterThan(0.04);
    expect(scoreSentiment("The cake was good.").score).toBeGreaterThan(0.5);
  });

  it("does not let length alone push the score to the end of the scale", () => {
    const one = scoreSentiment("The cake was nice.").score;
    const ten = scoreSentiment(Array.from({ length: 10 }, () => "The cake was nice.").join(" ")).score;
    expect(ten).toBeGreaterThan(one);
    expect(ten).toBeLessThan(0.99);
  });
});

describe("star ratings", () => {
  it("keeps a one-star review negative whatever its words say", () => {
    const r = scoreSentiment("Amazing, wonderful, perfect!", { rating: 1 });
    expect(r.label).toBe("negative");
  });

  it("keeps a five-star review positive even with a complaint", () => {
    expect(scoreSentiment("Parking was a nightmare.", { rating: 5 }).label).toBe("positive");
  });

  it("lets the text decide a three-star review", () => {
    expect(scoreSentiment("Lovely staff, great coffee.", { rating: 3 }).label).toBe("positive");
    expect(scoreSentiment("Rude staff, awful coffee.", { rating: 3 }).label).toBe("negative");
    expect(scoreSentiment("We had coffee.", { rating: 3 }).label).toBe("neutral");
  });

  it("places the text inside the rating's band: better words, higher score", () => {
    const good = scoreSentiment("Great pizza.", { rating: 4 }).score;
    const bad = scoreSentiment("Awful pizza.", { rating: 4 }).score;
    expect(good).toBeGreaterThan(bad);
    expect(bad).toBeGreaterThanOrEqual(-0.05);
  });

  it("reads ratings on other scales", () => {
    expect(scoreSentiment("Fine.", { rating: 2, ratingMax: 10 }).label).toBe("negative");
    expect(scoreSentiment("Fine.", { rating: 9, ratingMax: 10 }).label).toBe("positive");
  });

  it("ignores a missing rating or a scale it cannot read", () => {
    const text = "Lovely staff.";
    expect(scoreSentiment(text, { rating: null })).toEqual(scoreSentiment(text));
    expect(scoreSentiment(text, { rating: 1, ratingMax: 1 })).toEqual(scoreSentiment(text));
    expect(ratingPosition(Number.NaN, 5)).toBeNull();
  });

  it("clamps ratings outside the scale", () => {
    expect(ratingPosition(7, 5)).toBe(1);
    expect(ratingPosition(0, 5)).toBe(0);
    expect(fuseWithRating(1, 0)).toBeCloseTo(-0.3);
    expect(fuseWithRating(-1, 1)).toBeCloseTo(0.3);
  });

  it("is more confident when the rating agrees with the text than when it overrules it", () => {
    const agree = scoreSentiment("Awful, rude and dirty.", { rating: 1 }).confidence;
    const alone = scoreSentiment("Awful, rude and dirty.").confidence;
    const overruled = scoreSentiment("Wonderful and friendly.", { rating: 1 }).confidence;
    expect(agree).toBeGreaterThan(alone);
    expect(overruled).toBeLessThan(agree);
  });
});

describe("confidence", () => {
  it("is higher for strong agreeing evidence than for a single weak word or mixed signals", () => {
    const strong = scoreSentiment("Excellent food, wonderful staff, perfect evening.").confidence;
    const weak = scoreSentiment("It was okay.").confidence;
    const mixed = scoreSentiment("Excellent food, terrible service.").confidence;
    expect(strong).toBeGreaterThan(weak);
    expect(strong).toBeGreaterThan(mixed);
  });
});

describe("explanation", () => {
  it("lists the words that moved the score, signed, strongest first", () => {
    const r = scoreSentiment("The pasta was very good but the bill was wrong and the waiter rude.");
    const weights = r.words.map((w) => Math.abs(w.weight));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(r.words.find((w) => w.term === "rude")!.weight).toBeLessThan(0);
    expect(r.words.find((w) => w.term === "very good")!.weight).toBeGreaterThan(0);
  });

  it("quotes negated and intensified words with their modifier and weight after it", () => {
    const r = scoreSentiment("I didn't like the decor. The desserts were really good.");
    expect(weightOf(r, "didn't like")).toBeLessThan(0);
    expect(weightOf(r, "really good")).toBeCloseTo(3.9);
  });

  it("quotes phrases as written so they can be highlighted in the text", () => {
    const text = "It STOPPED Working after a week.";
    const term = scoreSentiment(text).words[0]!.term;
    expect(text.toLowerCase()).toContain(term);
  });

  it("adds up a word that repeats", () => {
    expect(scoreSentiment("love love love").words).toEqual([{ term: "love", weight: 9 }]);
  });
});

describe("per-brand extra words", () => {
  it("adds a word the lexicon does not know", () => {
    expect(scoreSentiment("The new flavour is bussin").label).toBe("neutral");
    expect(scoreSentiment("The new flavour is bussin", { extraWords: { bussin: 3 } }).label).toBe("positive");
  });

  it("overrides the lexicon, including with zero to silence a word that is part of a name", () => {
    expect(scoreSentiment("Crazy Horse Saloon").label).toBe("negative");
    expect(scoreSentiment("Crazy Horse Saloon", { extraWords: { crazy: 0 } }).label).toBe("neutral");
    expect(weightOf(scoreSentiment("these boards are sick", { extraWords: { sick: 3 } }), "sick")).toBe(3);
  });

  it("accepts multi-word terms, which win over the lexicon's phrases", () => {
    const r = scoreSentiment("The battery life is a joke.", { extraWords: { "battery life": -2 } });
    expect(weightOf(r, "battery life")).toBe(-2);
  });

  it("negates extra words like any other", () => {
    expect(scoreSentiment("these boards are not sick", { extraWords: { sick: 3 } }).label).toBe("negative");
  });

  it("rejects a weight outside -5..+5 naming the term and the value", () => {
    expect(() => scoreSentiment("x", { extraWords: { meh: 9 } })).toThrow('extraWords["meh"]: expected a number from -5 to 5, got 9');
    expect(() => scoreSentiment("x", { extraWords: { "!!!": 1 } })).toThrow(/expected a word or phrase as key, got "!!!"/);
  });

  it("tells a form what is wrong with a word list before it reaches scoring", () => {
    expect(extraWordsProblem({ fab: 3, "worst ever": -4 })).toBeNull();
    expect(extraWordsProblem({ fab: "lots" })).toBe('extraWords["fab"]: expected a number from -5 to 5, got "lots"');
  });

  it("notices when the same extraWords object is edited between calls", () => {
    const words: Record<string, number> = { zoomy: 3 };
    expect(scoreSentiment("so zoomy", { extraWords: words }).label).toBe("positive");
    words.zoomy = -3;
    expect(scoreSentiment("so zoomy", { extraWords: words }).label).toBe("negative");
  });

  it("scores the same through a precompiled scorer", () => {
    const score = createSentimentScorer({ zoomy: 3 });
    const text = "The scooter is zoomy but the brakes squeak.";
    expect(score(text, { rating: 4 })).toEqual(scoreSentiment(text, { rating: 4, extraWords: { zoomy: 3 } }));
  });
});
