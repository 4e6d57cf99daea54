import { describe, expect, it } from "vitest";
import { extractSchemaOrg, parseJsonLenient } from "./schema-org";

const page = (body: string, head = "") => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ld = (obj: unknown) => `<script type="application/ld+json">${JSON.stringify(obj)}</script>`;
const PAGE_URL = "https://shop.example/anvil";

describe("extractSchemaOrg: JSON-LD", () => {
  it("finds reviews nested in a product, with rating, scale, author, date and text", () => {
    const html = page(
      ld({
        "@context": "https://schema.org",
        "@type": "Product",
        name: "Executive Anvil",
        aggregateRating: { "@type": "AggregateRating", ratingValue: "4.4", bestRating: "5", ratingCount: "1,234", reviewCount: 89 },
        review: [
          {
            "@type": "Review",
            name: "Heavy &amp; reliable",
            reviewBody: "Dropped it from a height.<br>Still <b>fine</b>.",
            author: { "@type": "Person", name: "Wile E." },
            datePublished: "2023-07-28",
            reviewRating: { "@type": "Rating", ratingValue: 8, bestRating: 10 },
          },
          {
            "@type": "Review",
            reviewBody: "Meh",
            author: [{ "@type": "Organization", name: "Anvil Weekly" }, "Road Runner"],
            reviewRating: { "@type": "Rating", ratingValue: "2" },
          },
        ],
      }),
    );
    const { reviews, aggregates } = extractSchemaOrg(html, PAGE_URL);
    expect(reviews).toHaveLength(2);
    expect(reviews[0]).toMatchObject({
      url: PAGE_URL,
      title: "Heavy & reliable",
      text: "Dropped it from a height.\nStill fine.",
      author: "Wile E.",
      rating: 8,
      ratingMax: 10,
      publishedAt: "2023-07-28T00:00:00.000Z",
    });
    expect(reviews[1]).toMatchObject({ author: "Anvil Weekly, Road Runner", rating: 2, ratingMax: 5, publishedAt: null, title: null });
    expect(aggregates).toEqual([
      { ratingValue: 4.4, bestRating: 5, worstRating: null, ratingCount: 1234, reviewCount: 89, itemName: "Executive Anvil", syntax: "json-ld" },
    ]);
  });

  it("follows @graph and @id references, @type arrays and prefixed types", () => {
    const html = page(
      ld({
        "@context": "https://schema.org",
        "@graph": [
          { "@type": "WebPage", "@id": "https://b.example/#page", name: "Page" },
          { "@type": ["LocalBusiness", "Bakery"], "@id": "https://b.example/#biz", name: "Acme Bakery", review: [{ "@id": "https://b.example/#r1" }] },
          { "@type": ["Review", "CreativeWork"], "@id": "https://b.example/#r1", reviewBody: "Best rye in town", author: "Ann",
            reviewRating: { "@type": "schema:Rating", "schema:ratingValue": "5" } },
          { "@type": "http://schema.org/Review", "@id": "https://b.example/#r2", itemReviewed: { "@id": "https://b.example/#biz" },
            reviewBody: "Queue too long", author: { name: "Bob" } },
        ],
      }),
    );
    const { reviews } = extractSchemaOrg(html, "https://b.example/");
    expect(reviews.map((r) => [r.author, r.text, r.rating])).toEqual([
      ["Ann", "Best rye in town", 5],
      ["Bob", "Queue too long", null],
    ]);
    // Their @id tells them apart, so it is their key.
    expect(reviews.map((r) => r.key)).toEqual(["https://b.example/#r1", "https://b.example/#r2"]);
  });

  it("does not read a bare reviewRating string as a rating: schema.org wants a Rating", () => {
    const html = page(ld({ "@type": "Book", name: "B", review: { "@type": "Review", reviewBody: "Fun", reviewRating: "4" } }));
    expect(extractSchemaOrg(html).reviews[0].rating).toBeNull();
  });

  it("accepts reviews whose @type was forgotten when they sit under a review property", () => {
    const html = page(ld({ "@type": "Recipe", name: "Pie", review: [{ reviewBody: "Tasty", reviewRating: { ratingValue: 5 } }] }));
    expect(extractSchemaOrg(html).reviews).toMatchObject([{ text: "Tasty", rating: 5, ratingMax: 5 }]);
  });

  it("reads JSON-LD as sites really write it: comments, trailing commas, raw line breaks, CDATA fences", () => {
    const messy = `<script type="application/ld+json">//<![CDATA[
      { "@type": "Product", "name": "X", /* plugin v2 */
        "review": [{ "@type": "Review", "reviewBody": "line one
line two", "author": "Cy", }], // trailing
      }
    //]]></script>`;
    expect(extractSchemaOrg(page(messy)).reviews).toMatchObject([{ text: "line one\nline two", author: "Cy" }]);
  });

  it("counts a block it cannot read instead of failing the page", () => {
    const html = page(`<script type="application/ld+json">{ this is not json </script>${ld({ "@type": "Review", reviewBody: "ok" })}`);
    const result = extractSchemaOrg(html);
    expect(result.unreadableBlocks).toBe(1);
    expect(result.reviews.map((r) => r.text)).toEqual(["ok"]);
  });
});

describe("extractSchemaOrg: microdata and RDFa", () => {
  it("reads microdata reviews with nested ratings and meta values", () => {
    const html = page(`
      <div itemscope itemtype="http://schema.org/Recipe"><h1 itemprop="name">Crab Cakes</h1>
        <div itemprop="review" itemscope itemtype="http://schema.org/Review">
          <meta itemprop="author" content="Angela"><meta itemprop="datePublished" content="2021-10-29">
          <div itemprop="reviewRating" itemscope itemtype="http://schema.org/Rating">
            <meta itemprop="worstRating" content="1"><meta itemprop="ratingValue" content="5"><meta itemprop="bestRating" content="5"></div>
          <div itemprop="description"><p>I made it and everyone loved it.</p><script>track()</script></div>
        </div>
        <div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">
          <span itemprop="ratingValue">4,8</span> from <span itemprop="reviewCount">42</span></div>
      </div>`);
    const { reviews, aggregates } = extractSchemaOrg(html, PAGE_URL);
    expect(reviews).toEqual([
      expect.objectContaining({ author: "Angela", rating: 5, ratingMax: 5, publishedAt: "2021-10-29T00:00:00.000Z", text: "I made it and everyone loved it." }),
    ]);
    expect(aggregates).toEqual([{ ratingValue: 4.8, bestRating: null, worstRating: null, ratingCount: null, reviewCount: 42, itemName: "Crab Cakes", syntax: "microdata" }]);
  });

  it("follows itemref to properties kept elsewhere on the page", () => {
    const html = page(`
      <div itemscope itemtype="http://schema.org/Review" itemref="rv-author rv-body missing-id"><span itemprop="name">Solid</span></div>
      <aside><span id="rv-author" itemprop="author">Dana</span></aside>
      <section id="rv-body"><p itemprop="reviewBody">Works as advertised.</p>
        <div itemprop="reviewRating" itemscope itemtype="http://schema.org/Rating"><span itemprop="ratingValue">4</span></div></section>`);
    expect(extractSchemaOrg(html).reviews).toMatchObject([{ title: "Solid", author: "Dana", text: "Works as advertised.", rating: 4 }]);
  });

  it("does not loop on itemref cycles", () => {
    const html = page(`<div id="a" itemscope itemtype="http://schema.org/Review" itemref="b"><span itemprop="reviewBody">x</span></div>
      <div id="b" itemref="a"><span itemprop="author">y</span></div>`);
    expect(extractSchemaOrg(html).reviews).toMatchObject([{ text: "x", author: "y" }]);
  });

  it("reads RDFa Lite (vocab, typeof, property)", () => {
    const html = page(`
      <div vocab="https://schema.org/" typeof="Product"><span property="name">Anvil</span>
        <div property="review" typeof="Review"><span property="author" typeof="Person"><span property="name">Ed</span></span>
          <time property="datePublished" datetime="2022-02-02">Feb 2</time>
          <div property="reviewRating" typeof="Rating"><meta property="ratingValue" content="3"><meta property="bestRating" content="5"></div>
          <p property="reviewBody">Heavier than expected.</p></div>
        <span property="aggregateRating" typeof="AggregateRating"><span property="ratingValue">3.5</span>
          <span property="ratingCount">12</span></span>
      </div>
      <meta property="og:title" content="Not schema.org">`);
    const { reviews, aggregates } = extractSchemaOrg(html);
    expect(reviews).toMatchObject([{ author: "Ed", rating: 3, ratingMax: 5, publishedAt: "2022-02-02T00:00:00.000Z", text: "Heavier than expected." }]);
    expect(aggregates).toMatchObject([{ ratingValue: 3.5, ratingCount: 12, itemName: "Anvil", syntax: "rdfa" }]);
  });
});

describe("extractSchemaOrg: what is not a review", () => {
  it("ignores markup inside script templates, <template> and app-state blobs", () => {
    const html = page(`
      <script type="text/template"><div itemscope itemtype="http://schema.org/Review"><span itemprop="reviewBody">TEMPLATE</span></div>
        <script type="application/ld+json">{"@type":"Review","reviewBody":"NESTED"}</script>
      <script type="text/x-handlebars-template"><div itemscope itemtype="http://schema.org/Review"><span itemprop="reviewBody">{{body}}</span></div></script>
      <template><div itemscope itemtype="http://schema.org/Review"><span itemprop="reviewBody">TPL</span></div></template>
      <script id="__NEXT_DATA__" type="application/json">{"props":{"review":{"@type":"Review","reviewBody":"STATE"}}}</script>
      <script>window.__STATE__ = {"@type":"Review","reviewBody":"JS"}</script>
      <p>No reviews here.</p>`);
    expect(extractSchemaOrg(html).reviews).toEqual([]);
  });

  it("finds nothing on a page without schema.org markup", () => {
    expect(extractSchemaOrg(page("<p>Hello</p>"))).toEqual({ reviews: [], aggregates: [], nextUrl: null, unreadableBlocks: 0 });
  });
});

describe("extractSchemaOrg: duplicates, keys and URLs", () => {
  const review = { "@type": "Review", reviewBody: "Chef! Amazing recipe.", author: { "@type": "Person", name: "Karen" }, datePublished: "2024-11-24", reviewRating: { "@type": "Rating", ratingValue: "5" } };

  it("collapses the same review published in two JSON-LD blocks", () => {
    const html = page(ld({ "@type": "Recipe", name: "Stew", review: [review] }) + ld({ "@type": "Recipe", name: "Stew", review: [review] }));
    expect(extractSchemaOrg(html).reviews).toHaveLength(1);
  });

  it("collapses a review given both as JSON-LD and as microdata, keeping the fuller record", () => {
    const html = page(
      ld({ "@type": "Recipe", name: "Stew", review: [{ ...review, reviewRating: undefined }] }) +
        `<div itemscope itemtype="http://schema.org/Review"><span itemprop="author">Karen</span>
         <p itemprop="reviewBody">Chef!  Amazing recipe.</p>
         <div itemprop="reviewRating" itemscope itemtype="http://schema.org/Rating"><meta itemprop="ratingValue" content="5"></div></div>`,
    );
    const { reviews } = extractSchemaOrg(html);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ author: "Karen", rating: 5, publishedAt: "2024-11-24T00:00:00.000Z" });
  });

  it("keeps identical words from different people, or on different dates, as separate reviews", () => {
    const html = page(
      ld({
        "@type": "Product",
        name: "P",
        review: [
          { "@type": "Review", reviewBody: "great", author: "Ann", datePublished: "2024-01-01" },
          { "@type": "Review", reviewBody: "great", author: "Bob", datePublished: "2024-01-01" },
          { "@type": "Review", reviewBody: "great", author: "Ann", datePublished: "2024-02-01" },
        ],
      }),
    );
    const { reviews } = extractSchemaOrg(html);
    expect(reviews).toHaveLength(3);
    expect(new Set(reviews.map((r) => r.key)).size).toBe(3);
  });

  it("uses a review's own URL as its link and key, but not a URL every review shares", () => {
    const html = page(
      ld({
        "@type": "Product",
        name: "P",
        review: [
          { "@type": "Review", reviewBody: "a", url: "/reviews/1" },
          { "@type": "Review", reviewBody: "b", url: PAGE_URL },
          { "@type": "Review", reviewBody: "c", url: "javascript:alert(1)" },
        ],
      }),
    );
    const { reviews } = extractSchemaOrg(html, PAGE_URL);
    expect(reviews[0]).toMatchObject({ url: "https://shop.example/reviews/1", key: "https://shop.example/reviews/1" });
    expect(reviews[1].url).toBe(PAGE_URL);
    expect(reviews[1].key).toMatch(/^h:/);
    expect(reviews[2]).toMatchObject({ url: PAGE_URL });
    expect(reviews[2].key).toMatch(/^h:/);
  });

  it("gives review keys that do not depend on the page URL, so syndicated copies meet", () => {
    const html = page(ld({ "@type": "Product", name: "P", review: [review] }));
    expect(extractSchemaOrg(html, "https://a.example/p").reviews[0].key).toBe(extractSchemaOrg(html, "https://b.example/p").reviews[0].key);
  });

  it("finds the next page of reviews", () => {
    const html = page("<p>page 1</p>", '<link rel="next" href="?page=2">');
    expect(extractSchemaOrg(html, PAGE_URL).nextUrl).toBe("https://shop.example/anvil?page=2");
  });
});

describe("parseJsonLenient", () => {
  it("parses strict JSON untouched and several concatenated objects as an array", () => {
    expect(parseJsonLenient('{"a":"//not a comment"}')).toEqual({ a: "//not a comment" });
    expect(parseJsonLenient('{"a":1}{"b":2}')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("repairs commas and comments without touching the same characters inside strings", () => {
    expect(parseJsonLenient('{"a": "x, } // y /* z */", /* c */ "b": [1,],}')).toEqual({ a: "x, } // y /* z */", b: [1] });
  });

  it("throws on text that is no JSON at all", () => {
    expect(() => parseJsonLenient("<div>")).toThrow();
  });
});
