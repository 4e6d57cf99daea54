import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeDocument, decodeDocumentDetailed, normaliseCharset } from "./decode";

const rss = (title: string, decl = "") => `${decl}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe("decodeDocument", () => {
  it("takes the charset from the Content-Type header", () => {
    const bytes = iconv.encode(rss("Notícias"), "latin1");
    const out = decodeDocumentDetailed(bytes, "application/rss+xml; charset=ISO-8859-1");
    expect(out.text).toContain("Notícias");
    expect(out.source).toBe("header");
  });

  it("lets a byte-order mark win over a header that says otherwise", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss("Grüße"), "utf-16le")]);
    const out = decodeDocumentDetailed(bytes, "text/xml; charset=iso-8859-1");
    expect(out.charset).toBe("utf-16le");
    expect(out.text.startsWith("<rss")).toBe(true);
    expect(out.text).toContain("Grüße");
  });

  it("reads the XML declaration's encoding", () => {
    const bytes = iconv.encode(rss("뉴스", '<?xml version="1.0" encoding="euc-kr"?>'), "euc-kr");
    const out = decodeDocumentDetailed(bytes);
    expect(out.source).toBe("declaration");
    expect(out.text).toContain("<title>뉴스</title>");
  });

  it("reads an HTML meta charset, in either form", () => {
    const a = iconv.encode('<html><head><meta charset="shift_jis"></head><body>日本語</body></html>', "shift_jis");
    expect(decodeDocument(a)).toContain("日本語");
    const b = iconv.encode(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>Привет</body></html>',
      "windows-1251",
    );
    expect(decodeDocument(b)).toContain("Привет");
  });

  it("reads Latin-1 labels as Windows-1252, so curly quotes survive", () => {
    const bytes = Buffer.from([...Buffer.from("<p>don"), 0x92, ...Buffer.from("t</p>")]);
    expect(decodeDocument(bytes, "text/html; charset=iso-8859-1")).toBe("<p>don\u2019t</p>");
  });

  it("assumes UTF-8 for undeclared bytes that are valid UTF-8, and strips its BOM", () => {
    expect(decodeDocument(Buffer.from("\ufeff<rss>café</rss>", "utf8"))).toBe("<rss>café</rss>");
  });

  it("guesses a legacy charset for undeclared bytes that are not UTF-8", () => {
    const cases: Array<[string, string]> = [
      ["Ibope: Bolsonaro perde em simulações de 2º turno, diz pesquisa", "windows-1252"],
      ["Как пережить новогоднюю ночь и не сойти с ума", "koi8-r"],
      ["Как пережить новогоднюю ночь и не сойти с ума", "windows-1251"],
      ["記事投稿が反映されない。色々調べてたら判明しました", "shift_jis"],
      ["このレストランのサービスはとても良かったです。また来ます。", "euc-jp"],
      ["这家餐厅的服务非常好，我们下次还会再来。价格也很合理。", "gb18030"],
      ["這家餐廳的服務非常好，我們下次還會再來。價格也很合理。", "big5"],
      ["이 식당의 서비스는 정말 좋았습니다. 다음에 또 올게요.", "cp949"],
      ["Ελληνικά νέα σήμερα από την Αθήνα", "windows-1253"],
    ];
    for (const [text, charset] of cases) {
      const out = decodeDocumentDetailed(iconv.encode(`<rss><title>${text}</title></rss>`, charset));
      expect(out.source).toBe("guess");
      expect(out.text).toContain(text);
    }
  });

  it("ignores a declaration that claims UTF-16 on bytes that are plainly ASCII-based", () => {
    const out = decodeDocumentDetailed(Buffer.from('<?xml version="1.0" encoding="utf-16"?><rss>ok</rss>'));
    expect(out.charset).toBe("utf-8");
    expect(out.text).toContain("<rss>ok</rss>");
  });

  it("never honours UTF-7, which can smuggle markup past filters", () => {
    expect(normaliseCharset("utf-7")).toBeNull();
    const out = decodeDocumentDetailed(Buffer.from("+ADw-script+AD4-"), "text/html; charset=utf-7");
    expect(out.text).toBe("+ADw-script+AD4-");
  });

  it("falls through an unknown label to the next source", () => {
    const out = decodeDocumentDetailed(Buffer.from('<?xml version="1.0" encoding="x-made-up"?><rss/>'), "text/xml; charset=bogus");
    expect(out.charset).toBe("utf-8");
  });

  it("decodes empty input to an empty string", () => {
    expect(decodeDocument(Buffer.alloc(0))).toBe("");
  });
});

describe("decoding what the fetcher brings back", () => {
  const latin1 = (text: string) => iconv.encode(text, "latin1");

  it("reads a Latin-1 page with no header charset from its <meta> tag, as windows-1252", () => {
    const decoded = decodeDocumentDetailed(latin1('<html><head><meta charset="ISO-8859-1"><title>Café</title></head><body>Très bien</body></html>'), "text/html");
    expect(decoded).toMatchObject({ charset: "windows-1252", source: "meta" });
    expect(decoded.text).toContain("Très bien");
  });

  it("decodes iso-8859-1 as windows-1252, as browsers do, so 0x80–0x9F become curly quotes", () => {
    expect(decodeDocument(Buffer.from([0x93, 0x6f, 0x6b, 0x94]), "text/plain; charset=iso-8859-1")).toBe("\u201cok\u201d");
  });

  it("lets the header win over a conflicting XML declaration when the bytes agree with the header", () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><feed><title>Café</title></feed>', "utf8");
    const decoded = decodeDocumentDetailed(bytes, "application/atom+xml; charset=utf-8");
    expect(decoded).toMatchObject({ source: "header" });
    expect(decoded.text).toContain("<title>Café</title>");
  });

  it("falls back to the XML declaration when the header claims UTF-8 but the bytes are not UTF-8", () => {
    const decoded = decodeDocumentDetailed(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Café</title></rss>'), "application/rss+xml; charset=UTF-8");
    expect(decoded).toMatchObject({ charset: "windows-1252", source: "declaration" });
    expect(decoded.text).toContain("<title>Café</title>");
  });

  it("lets a byte-order mark override a wrong header and strips it from the text", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("héllo", "utf16le")]);
    expect(decodeDocumentDetailed(bytes, "text/html; charset=windows-1252")).toMatchObject({ text: "héllo", charset: "utf-16le", source: "bom" });
  });

  it("skips an unknown header charset and uses the next hint", () => {
    expect(decodeDocument(latin1('<meta charset="windows-1252"><p>naïve</p>'), "text/html; charset=klingon-8")).toContain("naïve");
  });
});
