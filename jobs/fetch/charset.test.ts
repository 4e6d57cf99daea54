import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { charsetFromContentType, decodeBody, normaliseCharset } from "./charset";

const latin1 = (text: string) => iconv.encode(text, "latin1");

describe("decodeBody", () => {
  it("reads a Latin-1 page with no header charset from its <meta> tag", () => {
    const bytes = latin1('<html><head><meta charset="ISO-8859-1"><title>Café</title></head><body>Très bien</body></html>');
    const decoded = decodeBody(bytes, "text/html");
    expect(decoded.text).toContain("Café");
    expect(decoded.text).toContain("Très bien");
    expect(decoded).toMatchObject({ charset: "windows-1252", source: "meta" });
  });

  it("reads the http-equiv form of the meta declaration too", () => {
    const bytes = latin1('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Zoë</p>');
    expect(decodeBody(bytes).text).toContain("Zoë");
  });

  it("decodes iso-8859-1 as windows-1252, as browsers do, so 0x80–0x9F become curly quotes not control codes", () => {
    const bytes = Buffer.from([0x93, 0x6f, 0x6b, 0x94]);
    expect(decodeBody(bytes, "text/plain; charset=iso-8859-1").text).toBe("\u201cok\u201d");
  });

  it("lets the header charset win over a conflicting XML declaration when the bytes agree with the header", () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><feed><title>Café</title></feed>', "utf8");
    const decoded = decodeBody(bytes, "application/atom+xml; charset=utf-8");
    expect(decoded.text).toContain("<title>Café</title>");
    expect(decoded.source).toBe("header");
  });

  it("falls back to the XML declaration when the header claims UTF-8 but the bytes are not UTF-8", () => {
    const bytes = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Café</title></rss>');
    const decoded = decodeBody(bytes, "application/rss+xml; charset=UTF-8");
    expect(decoded.text).toContain("<title>Café</title>");
    expect(decoded).toMatchObject({ charset: "windows-1252", source: "xml-declaration" });
  });

  it("honours a non-UTF-8 header charset such as Shift_JIS", () => {
    const bytes = iconv.encode("こんにちは", "shift_jis");
    expect(decodeBody(bytes, 'text/html; charset="Shift_JIS"')).toMatchObject({ text: "こんにちは", charset: "shift_jis" });
  });

  it("lets a byte-order mark override a wrong header and strips it from the text", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("héllo", "utf16le")]);
    expect(decodeBody(bytes, "text/html; charset=windows-1252")).toMatchObject({ text: "héllo", charset: "utf-16le", source: "bom" });
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("ok", "utf8")]);
    expect(decodeBody(utf8).text).toBe("ok");
  });

  it("skips an unknown header charset instead of failing, and uses the next hint", () => {
    const bytes = latin1('<meta charset="windows-1252"><p>naïve</p>');
    expect(decodeBody(bytes, "text/html; charset=klingon-8").text).toContain("naïve");
  });

  it("decodes valid UTF-8 without any declaration as UTF-8 and anything else as windows-1252", () => {
    expect(decodeBody(Buffer.from("Grüße", "utf8"))).toMatchObject({ text: "Grüße", charset: "utf-8" });
    expect(decodeBody(latin1("Grüße"))).toMatchObject({ text: "Grüße", charset: "windows-1252" });
  });

  it("treats a meta tag claiming UTF-16 in an ASCII-readable page as UTF-8", () => {
    const bytes = Buffer.from('<meta charset="utf-16"><p>ok ✓</p>', "utf8");
    expect(decodeBody(bytes).text).toContain("ok ✓");
  });
});

describe("charset labels", () => {
  it("reads quoted and unquoted charset parameters", () => {
    expect(charsetFromContentType('text/html; charset="utf-8"')).toBe("utf-8");
    expect(charsetFromContentType("text/html;charset=EUC-JP; foo=bar")).toBe("EUC-JP");
    expect(charsetFromContentType("text/html")).toBeNull();
  });

  it("maps labels to names iconv-lite decodes and rejects the rest", () => {
    expect(normaliseCharset("Latin1")).toBe("windows-1252");
    expect(normaliseCharset("GB2312")).toBe("gbk");
    expect(normaliseCharset("no-such-charset")).toBeNull();
    expect(normaliseCharset("utf-8; drop table")).toBeNull();
  });
});
