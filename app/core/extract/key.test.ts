import { describe, expect, it } from "vitest";
import { canonicalUrl, mentionKey, safeHttpUrl, unwrapRedirect } from "./key";

describe("safeHttpUrl", () => {
  it("resolves relative links against the base", () => {
    expect(safeHttpUrl("/a/b?c=1", "https://example.com/x/y")).toBe("https://example.com/a/b?c=1");
    expect(safeHttpUrl("../z", "https://example.com/x/y/")).toBe("https://example.com/x/z");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:a@example.com",
    "ftp://example.com/x",
  ])("refuses %j: only http(s) links may become a mention's URL", (raw) => {
    expect(safeHttpUrl(raw, "https://example.com/")).toBeNull();
  });

  it("refuses relative links when there is nothing to resolve them against", () => {
    expect(safeHttpUrl("/only/a/path")).toBeNull();
  });

  it("drops credentials embedded in a link", () => {
    expect(safeHttpUrl("https://user:secret@example.com/p")).toBe("https://example.com/p");
  });
});

describe("unwrapRedirect", () => {
  it("returns the real article behind a Google Alerts link", () => {
    const alert =
      "https://www.google.com/url?rct=j&sa=t&url=https://news.example.org/2024/acme-recall%3Fid%3D7&ct=ga&cd=CAIyGjA&usg=AOvVaw0";
    expect(unwrapRedirect(alert)).toBe("https://news.example.org/2024/acme-recall?id=7");
  });

  it("unwraps Facebook's outbound link wrapper", () => {
    expect(unwrapRedirect("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fa&h=AT0")).toBe("https://example.com/a");
  });

  it("keeps the wrapper when its target is not an http(s) URL", () => {
    const evil = "https://www.google.com/url?url=javascript:alert(1)";
    expect(unwrapRedirect(evil)).toBe(evil);
  });

  it("leaves ordinary links alone, including Google pages that are not redirects", () => {
    expect(unwrapRedirect("https://example.com/url?url=https://x.org")).toBe("https://example.com/url?url=https://x.org");
    expect(unwrapRedirect("https://www.google.com/search?q=acme")).toBe("https://www.google.com/search?q=acme");
  });
});

describe("canonicalUrl", () => {
  it("lower-cases the host, drops the fragment, the default port and tracking parameters", () => {
    expect(canonicalUrl("HTTPS://News.Example.COM:443/Story?id=7&utm_source=x&utm_medium=rss&fbclid=abc#comments")).toBe(
      "https://news.example.com/Story?id=7",
    );
  });

  it("keeps parameters that select content", () => {
    expect(canonicalUrl("https://example.com/item?id=42&page=2")).toBe("https://example.com/item?id=42&page=2");
  });

  it("removes a query string that held only tracking", () => {
    expect(canonicalUrl("https://example.com/a?utm_campaign=z&gclid=1")).toBe("https://example.com/a");
  });

  it("gives null for links that are not http(s)", () => {
    expect(canonicalUrl("javascript:void(0)")).toBeNull();
  });
});

describe("mentionKey", () => {
  it("prefers the item's own id", () => {
    expect(mentionKey({ id: " tag:blogger.com,1999:post-1 ", url: "https://example.com/a", title: "t", text: "x" })).toBe(
      "tag:blogger.com,1999:post-1",
    );
  });

  it("canonicalises an id that is a URL but keeps its fragment, which may be what identifies it", () => {
    expect(mentionKey({ id: "https://Example.com/p?utm_source=rss#review-12" })).toBe("https://example.com/p#review-12");
  });

  it("falls back to the canonical URL when there is no id", () => {
    expect(mentionKey({ url: "https://Example.com/a?utm_source=feed#top", title: "t", text: "x" })).toBe("https://example.com/a");
  });

  it("falls back to a sha256 of title and text, prefixed h:", () => {
    const key = mentionKey({ title: "Great", text: "Loved it" });
    expect(key).toMatch(/^h:[0-9a-f]{64}$/);
    expect(mentionKey({ title: "Great", text: "Loved it" })).toBe(key);
    expect(mentionKey({ title: "Great", text: "Hated it" })).not.toBe(key);
    // Title and text are kept apart, so moving words between them changes the key.
    expect(mentionKey({ title: "Great Loved", text: "it" })).not.toBe(key);
  });

  it("tells apart identical short texts by the extra parts given", () => {
    const a = mentionKey({ title: null, text: "great", extra: ["Ann", "2024-01-01"] });
    const b = mentionKey({ title: null, text: "great", extra: ["Bob", "2024-01-01"] });
    expect(a).not.toBe(b);
  });

  it("ignores a non-http URL and hashes instead", () => {
    expect(mentionKey({ url: "javascript:alert(1)", title: "t", text: "x" })).toMatch(/^h:/);
  });
});
