import { describe, expect, it } from "vitest";
import { ExtractError } from "./errors";
import { extractBySelectors, parseSelectorSpec } from "./selectors";

const LISTING = `<!doctype html><html><body>
<div id="reviews">
  <div class="review" id="R1">
    <a class="profile" href="/profile/ann"><span class="name">Ann</span></a>
    <i class="a-icon a-icon-star a-star-4"><span class="a-icon-alt">4.0 out of 5 stars</span></i>
    <a class="title" href="/review/R1?utm_medium=cm"><span>Solid anvil</span></a>
    <span class="date">Reviewed in the United States on July 28, 2023</span>
    <div class="body"><span>Dropped it twice.<br>No dent.</span><script>track()</script></div>
  </div>
  <div class="review" id="R2">
    <span class="name">Bob</span>
    <span class="stars" aria-label="Rated 2 out of 5"></span>
    <span class="title">Too heavy</span>
    <time class="date" datetime="2023-08-01T10:00:00Z">last week</time>
    <div class="body">Could not lift it.</div>
  </div>
  <div class="review">
    <span class="name">Cy</span><span class="stars">★★★☆☆</span>
    <div class="body">It is fine. <a href="javascript:alert(1)" class="title">x</a></div>
  </div>
  <div class="review"><span class="name">Empty</span></div>
</div>
<a class="next" href="?page=2">Next page</a>
</body></html>`;

const SPEC = {
  item: ".review",
  text: ".body",
  title: ".title",
  author: ".name",
  rating: ".a-icon-star, .stars",
  date: ".date",
  link: "a.title",
  next: "a.next",
};

describe("extractBySelectors", () => {
  const { mentions, nextUrl } = extractBySelectors(LISTING, SPEC, "https://shop.example/product-reviews/B00X");

  it("returns one mention per item that has content, in page order", () => {
    expect(mentions.map((m) => m.author)).toEqual(["Ann", "Bob", "Cy"]);
  });

  it("reads text, title, author, rating and date relative to each item", () => {
    expect(mentions[0]).toMatchObject({
      title: "Solid anvil",
      text: "Dropped it twice.\nNo dent.",
      rating: 4,
      ratingMax: 5,
      publishedAt: "2023-07-28T00:00:00.000Z",
      url: "https://shop.example/review/R1?utm_medium=cm",
    });
  });

  it("reads ratings from aria-label and star glyphs, dates from datetime", () => {
    expect(mentions[1]).toMatchObject({ rating: 2, ratingMax: 5, publishedAt: "2023-08-01T10:00:00.000Z", title: "Too heavy" });
    expect(mentions[2]).toMatchObject({ rating: 3, ratingMax: 5 });
  });

  it("falls back to the page URL when an item has no safe link of its own", () => {
    expect(mentions[1].url).toBe("https://shop.example/product-reviews/B00X");
    expect(mentions[2].url).toBe("https://shop.example/product-reviews/B00X");
  });

  it("keys an item by its own link, else by a hash of its content", () => {
    expect(mentions[0].key).toBe("https://shop.example/review/R1");
    expect(mentions[1].key).toMatch(/^h:[0-9a-f]{64}$/);
    expect(new Set(mentions.map((m) => m.key)).size).toBe(3);
  });

  it("resolves the next page's link against the page URL", () => {
    expect(nextUrl).toBe("https://shop.example/product-reviews/B00X?page=2");
  });

  it("uses the whole item as the text when no text selector is given", () => {
    const out = extractBySelectors(`<ul><li class="c">Nice <b>bread</b></li><li class="c">Bad</li></ul>`, { item: "li.c" });
    expect(out.mentions.map((m) => m.text)).toEqual(["Nice bread", "Bad"]);
    expect(out.nextUrl).toBeNull();
  });

  it("does not let a link shared by every item stand for each of them", () => {
    const html = `<div class="r"><a href="/product">P</a><p>one</p></div><div class="r"><a href="/product">P</a><p>two</p></div>`;
    const out = extractBySelectors(html, { item: ".r", text: "p", link: "a" }, "https://s.example/list");
    expect(out.mentions.map((m) => m.key.startsWith("h:"))).toEqual([true, true]);
  });

  it("reads a star bar drawn as a width and a rating in a class name", () => {
    const html = `<div class="r"><p>a</p><span class="bar" style="width: 80%"></span></div><div class="r"><p>b</p><span class="stars-45"></span></div>`;
    const out = extractBySelectors(html, { item: ".r", text: "p", rating: ".bar, .stars-45" });
    expect(out.mentions.map((m) => [m.rating, m.ratingMax])).toEqual([[4, 5], [4.5, 5]]);
  });
});

describe("parseSelectorSpec", () => {
  it("accepts JSON text or an object and trims selectors", () => {
    expect(parseSelectorSpec('{"item": " .review ", "text": ".body"}')).toEqual({ item: ".review", text: ".body" });
    expect(parseSelectorSpec({ item: "li" })).toEqual({ item: "li" });
  });

  it.each([
    ["{not json", /expected JSON/],
    ["[]", /expected an object/],
    ['{"text": ".body"}', /"item" is required/],
    ['{"item": ""}', /"item" must be a CSS selector, got an empty string/],
    ['{"item": 5}', /"item" must be a CSS selector string, got the number 5/],
    ['{"item": ".r", "body": ".b"}', /unknown key "body"; expected only item, text, title/],
    ['{"item": "div[", "text": ".b"}', /"item" must be valid CSS, got "div\["/],
    ['{"item": ".r", "rating": ":nope(1)"}', /"rating" must be valid CSS/],
  ])("rejects %s with a message saying what was expected", (input, message) => {
    expect(() => parseSelectorSpec(input)).toThrow(ExtractError);
    expect(() => parseSelectorSpec(input)).toThrow(message);
  });
});
