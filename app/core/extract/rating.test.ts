import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRating, parseRatingFromClass } from "./rating";

describe("parseRating", () => {
  it.each([
    ["4.0 out of 5 stars", 4, 5],
    ["Rated 4.67 out of 5 based on 12 customer ratings", 4.67, 5],
    ["Rating 4 of 5", 4, 5],
    ["8/10", 8, 10],
    ["4.5 / 5", 4.5, 5],
    ["4,5 von 5 Sternen", 4.5, 5],
    ["4 sur 5 étoiles", 4, 5],
    ["3 stars", 3, 5],
    ["3-star", 3, 5],
    ["90%", 90, 100],
    ["4", 4, 5],
    ["Rating: 4.5", 4.5, 5],
    ["7", 7, 10],
    ["17/20", 17, 20],
  ])("reads %j as %d out of %d", (input, value, max) => {
    expect(parseRating(input)).toEqual({ value, max });
  });

  it.each([
    ["★★★☆☆", 3, 5],
    ["★★★★★", 5, 5],
    ["★★★★½☆", 4.5, 6],
    ["⭐⭐⭐⭐", 4, 5],
    ["★★★★★★★★☆☆", 8, 10],
  ])("counts star glyphs in %j as %d out of %d", (input, value, max) => {
    expect(parseRating(input)).toEqual({ value, max });
  });

  it("uses a scale the caller knows (schema.org bestRating) when the text has none", () => {
    expect(parseRating("8", { max: 10 })).toEqual({ value: 8, max: 10 });
    expect(parseRating(4, { max: 5 })).toEqual({ value: 4, max: 5 });
    expect(parseRating(8)).toEqual({ value: 8, max: 10 });
  });

  it.each(["", "great product", "7 out of 5", "07/28/2023", "12 reviews · 3 answers", "-1", "500"])(
    "gives null for %j, which is no sensible rating",
    (input) => {
      expect(parseRating(input)).toBeNull();
    },
  );

  it("gives null for null and undefined", () => {
    expect(parseRating(null)).toBeNull();
    expect(parseRating(undefined)).toBeNull();
  });

  it("never returns a value above its scale or below zero", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = parseRating(s);
        if (r) {
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(r.max);
        }
      }),
    );
  });

  it("reads back every 'X out of Y' it is given", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 100 }), (max, pct) => {
        const value = Math.round(((max * pct) / 100) * 10) / 10;
        expect(parseRating(`${value} out of ${max}`)).toEqual({ value, max });
      }),
    );
  });
});

describe("parseRatingFromClass", () => {
  it.each([
    ["a-icon a-icon-star a-star-4 review-rating", 4, 5],
    ["a-icon-star a-star-4-5", 4.5, 5],
    ["stars rating-45", 4.5, 5],
    ["star-rating stars-40", 4, 5],
    ["rating-8", 8, 10],
  ])("reads the rating spelled in class %j", (cls, value, max) => {
    expect(parseRatingFromClass(cls)).toEqual({ value, max });
  });

  it("ignores classes that only mention ratings", () => {
    expect(parseRatingFromClass("rating-container crfp-group-1")).toBeNull();
    expect(parseRatingFromClass("star-rating")).toBeNull();
    expect(parseRatingFromClass(null)).toBeNull();
  });
});
