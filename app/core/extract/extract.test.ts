import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectDocumentKind, ExtractError, extractMentions } from "./index";

const RSS = `<?xml version="1.0"?><!-- generator: x --><rss version="2.0"><channel><title>t</title>
  <item><title>Acme news</title><link>https://n.example/1</link><description>Body</description></item></channel></rss>`;
const REVIEW_PAGE = `<html><body><script type="application/ld+json">{"@type":"Product","name":"P","review":{"@type":"Review","reviewBody":"Good","author":"Al"}}</script>
  <div class="r"><p>Selected</p></div></body></html>`;

describe("detectDocumentKind", () => {
  it.each([
    [RSS, "feed"],
    ["\ufeff  <feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"],
    ["<!--\nDescription: x\n-->\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'></rdf:RDF>", "feed"],
    ['{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}', "feed"],
    ["<!doctype html><html><body></body></html>", "html"],
    ['<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"></html>', "html"],
    ['{"@context":"https://schema.org"}', "html"],
    ["just some text", "html"],
  ])("tells a feed from a page: %#", (body, kind) => {
    expect(detectDocumentKind(body)).toBe(kind);
  });

  it("trusts a feed Content-Type when the body does not say", () => {
    expect(detectDocumentKind("garbage", "application/rss+xml")).toBe("feed");
    expect(detectDocumentKind("<html></html>", "application/rss+xml")).toBe("html");
  });
});

describe("extractMentions", () => {
  it("extracts a feed when asked automatically", () => {
    const result = extractMentions(RSS);
    expect(result.kind).toBe("feed");
    expect(result.mentions).toMatchObject([{ title: "Acme news", url: "https://n.example/1", text: "Body" }]);
  });

  it("extracts schema.org reviews from a page, with aggregates beside them", () => {
    const result = extractMentions(REVIEW_PAGE, { baseUrl: "https://s.example/p" });
    expect(result.kind).toBe("schema");
    expect(result.mentions).toMatchObject([{ text: "Good", author: "Al", url: "https://s.example/p" }]);
    expect(result.aggregates).toEqual([]);
  });

  it("uses selectors when given them for a page", () => {
    const result = extractMentions(REVIEW_PAGE, { selectors: { item: ".r" } });
    expect(result.kind).toBe("selectors");
    expect(result.mentions.map((m) => m.text)).toEqual(["Selected"]);
  });

  it("decodes a Buffer body with the charset from the Content-Type", () => {
    const bytes = iconv.encode(`<rss><channel><item><title>Notícia</title><link>https://n.example/2</link></item></channel></rss>`, "latin1");
    const result = extractMentions(bytes, { contentType: "text/xml; charset=iso-8859-1" });
    expect(result.mentions[0].title).toBe("Notícia");
  });

  it("refuses a page when a feed is required, with a clear error", () => {
    expect(() => extractMentions(REVIEW_PAGE, { kind: "feed" })).toThrow(ExtractError);
    expect(() => extractMentions("   ", { kind: "feed" })).toThrow("expected a feed, got an empty document");
  });

  it("asks for a spec when selectors are requested without one", () => {
    expect(() => extractMentions(REVIEW_PAGE, { kind: "selectors" })).toThrow(/needs a selector spec/);
  });

  it("refuses an oversized document instead of trying to parse it", () => {
    expect(() => extractMentions("x".repeat(2048), { maxBytes: 1024 })).toThrow("expected a document of at most 1.0 KiB, got 2.0 KiB");
  });

  it("gives an empty result for empty or garbage input in auto mode", () => {
    for (const body of ["", " ", "\u0000\u0001\u0002", "<<<>>>", "{", "]]>", "<?xml", "<rss", "null", "%PDF-1.4 \u00ff\u00fe"]) {
      expect(extractMentions(body).mentions).toEqual([]);
    }
  });

  it("never crashes on arbitrary input, and only ever yields http(s) URLs", () => {
    const fragments = ["<rss>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>", "</link>", "javascript:alert(1)",
      "https://ok.example/a", "<![CDATA[", "]]>", "<script>", "</script>", "&amp;", "&#0;", "<entry>", "<feed>", "x", " "];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), fc.constantFrom("auto", "schema") as fc.Arbitrary<"auto" | "schema">, (parts, kind) => {
        let result;
        try {
          result = extractMentions(parts.join(""), { kind });
        } catch (error) {
          expect(error).toBeInstanceOf(ExtractError);
          return;
        }
        for (const m of result.mentions) {
          if (m.url !== null) expect(m.url).toMatch(/^https?:\/\//);
          expect(m.text).not.toMatch(/<script/i);
        }
      }),
    );
  });

  it("copes with a page nested tens of thousands of levels deep", () => {
    const deep = `<html><body>${"<div>".repeat(30_000)}<div itemscope itemtype="http://schema.org/Review"><span itemprop="reviewBody">deep</span></div>${"</div>".repeat(30_000)}</body></html>`;
    expect(extractMentions(deep).mentions.map((m) => m.text)).toEqual(["deep"]);
  });

  it("refuses selector extraction on a page nested absurdly deep, saying so", () => {
    const deep = `<html><body>${"<div>".repeat(5000)}<p class="r">x</p>${"</div>".repeat(5000)}</body></html>`;
    expect(() => extractMentions(deep, { selectors: { item: ".r" } })).toThrow(/expected a page nested at most 1000 elements deep, got one nested 50\d\d deep/);
  });

  it("reads only the outer levels of items nested inside items, so nesting cannot make the work quadratic", () => {
    const nested = `<html><body>${'<div class="r"><p>t</p>'.repeat(800)}${"</div>".repeat(800)}</body></html>`;
    const started = Date.now();
    const { mentions } = extractMentions(nested, { selectors: { item: ".r", text: "p", author: "p", rating: "p", date: "p", link: "a" } });
    expect(mentions.length).toBe(6);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("bounds the work on thousands of nested microdata and RDFa items", () => {
    const n = 20_000;
    const micro = `<html><body>${'<div itemscope itemtype="http://schema.org/Review"><span itemprop="reviewBody">x</span><div itemprop="description">'.repeat(n)}${"</div></div>".repeat(n)}</body></html>`;
    const rdfa = `<html><body>${'<div vocab="https://schema.org/" typeof="Review"><div property="reviewBody">'.repeat(n)}x${"</div></div>".repeat(n)}</body></html>`;
    const started = Date.now();
    expect(extractMentions(micro).mentions.length).toBeGreaterThan(0);
    expect(extractMentions(rdfa).mentions.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("turns script tags and event handlers in feed content into plain text without the markup", () => {
    const hostile = `<rss><channel><item><title><![CDATA[<img src=x onerror=alert(1)>Acme <script>alert(2)</script>rocks]]></title>
      <link>  JaVaScRiPt:alert(3)</link>
      <description>&lt;a href="javascript:alert(4)" onmouseover="alert(5)"&gt;click&lt;/a&gt;&lt;style&gt;body{}&lt;/style&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</description>
    </item></channel></rss>`;
    const [m] = extractMentions(hostile).mentions;
    expect(m.title).toBe("Acme rocks");
    expect(m.text).toBe("click");
    expect(m.url).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(/alert|onerror|onmouseover|javascript|<\/?\w/i);
  });
});
