import { describe, expect, it } from "vitest";
import { formatAggregate } from "./aggregate";

describe("a page's own rating, in a line", () => {
  it("says the value, the scale and how many reviews it rests on", () => {
    expect(formatAggregate({ ratingValue: 4.25, bestRating: 5, ratingCount: null, reviewCount: 120 })).toBe("★ 4.3 of 5 from 120 reviews");
    expect(formatAggregate({ ratingValue: 8, bestRating: 10, ratingCount: 1, reviewCount: null })).toBe("★ 8 of 10 from 1 rating");
  });

  it("assumes five stars when the page names no best rating, and says nothing without a value", () => {
    expect(formatAggregate({ ratingValue: 3.5, bestRating: null, ratingCount: null, reviewCount: null })).toBe("★ 3.5 of 5");
    expect(formatAggregate({ ratingValue: null, bestRating: 5, ratingCount: 10, reviewCount: null })).toBe("");
  });
});
