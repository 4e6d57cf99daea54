import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanText, htmlToText, repairEncoding } from "./text";

describe("htmlToText", () => {
  it("drops tags and keeps the words", () => {
    expect(htmlToText("<p>Loved <b>Acme</b>&rsquo;s <i>sourdough</i>!</p>")).toBe("Loved Acme’s sourdough!");
  });

  it("removes scripts, styles and other non-text elements together with their content", () => {
    const html = `<div>Good<script>alert("x")</script> <style>p{color:red}</style>bread<noscript>enable js</noscript>
      <template><p>tpl</p></template><iframe src="https://evil.example">frame</iframe><svg><text>svg</text></svg></div>`;
    const text = htmlToText(html);
    expect(text).toBe("Good bread");
  });

  it("keeps no trace of event handlers or javascript: links, which live in attributes", () => {
    const text = htmlToText(`<img src=x onerror="alert(1)"><a href="javascript:alert(2)" onclick="steal()">click</a> me`);
    expect(text).toBe("click me");
    expect(text).not.toMatch(/alert|onerror|onclick|javascript/);
  });

  it("decodes entities exactly once", () => {
    expect(htmlToText("AT&amp;T &lt;3 &amp;lt;b&amp;gt; &#x263A; &eacute;")).toBe("AT&T <3 &lt;b&gt; ☺ é");
  });

  it("turns block structure into line breaks and collapses other whitespace", () => {
    expect(htmlToText("<p>One\n  two</p><p>Three</p>Four<br>Five<ul><li>a</li><li>b</li></ul>")).toBe("One two\nThree\nFour\nFive\na\nb");
  });

  it("does not mistake a lone < for a tag", () => {
    expect(htmlToText("1 < 2 and 3 > 2")).toBe("1 < 2 and 3 > 2");
  });

  it("survives markup nested far deeper than any call stack", () => {
    const deep = "<div>".repeat(50_000) + "bottom" + "</div>".repeat(50_000);
    expect(htmlToText(deep)).toBe("bottom");
  });

  it("survives unclosed and broken markup", () => {
    expect(htmlToText("<p>unclosed <b>bold <i>italic")).toBe("unclosed bold italic");
    expect(htmlToText("<<>><p <p>text</p></")).toContain("text");
  });

  it("caps very long text", () => {
    expect(htmlToText(`<p>${"word ".repeat(50_000)}</p>`, 1000).length).toBeLessThanOrEqual(1000);
  });

  it("never leaves a tag-like string from its input's tags", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("<b>", "</b>", "<script>x()</script>", "<p>", "word", " ", "&amp;", "<a href='javascript:x'>", "</a>"), { maxLength: 30 }), (parts) => {
        const out = htmlToText(parts.join(""));
        expect(out).not.toMatch(/<\/?(b|p|a|script)\b/);
        expect(out).not.toContain("x()");
      }),
    );
  });
});

describe("repairEncoding", () => {
  it("repairs UTF-8 read as Windows-1252 or Latin-1", () => {
    expect(repairEncoding("donâ€™t")).toBe("don’t");
    expect(repairEncoding("caf\u00c3\u00a9")).toBe("café");
    expect(repairEncoding("\u00e2\u0080\u00a6")).toBe("…");
    expect(repairEncoding("ðŸ˜€")).toBe("😀");
  });

  it("maps stray C1 controls to the Windows-1252 characters they stand for", () => {
    expect(repairEncoding("don\u0092t")).toBe("don’t");
  });

  it("leaves real accented text alone", () => {
    for (const s of ["Crème brûlée à Paris", "Ñandú", "São Paulo", "Grüße aus Köln", "Ελληνικά", "café…”"]) {
      expect(repairEncoding(s)).toBe(s);
    }
  });
});

describe("cleanText", () => {
  it("drops control and zero-width characters and normalises to NFC", () => {
    expect(cleanText("a\u0000b\u200bc\ufeff Cafe\u0301")).toBe("abc Café");
  });

  it("trims lines and squeezes blank lines", () => {
    expect(cleanText("  one  \r\n\r\n\r\n  two\t\tthree ")).toBe("one\ntwo three");
  });
});
