import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

/** Where the charset of a decoded body came from; useful when a page shows mojibake and someone asks why. */
export type CharsetSource = "bom" | "header" | "xml-declaration" | "meta" | "utf-8-valid" | "fallback";

export interface DecodedBody {
  text: string;
  /** Canonical lower-case name actually used, e.g. "utf-8", "windows-1252", "shift_jis". */
  charset: string;
  source: CharsetSource;
}

// WHATWG Encoding: browsers decode these labels as windows-1252 (or a sibling), and real pages rely on
// that, e.g. "iso-8859-1" pages containing curly quotes in 0x80–0x9F.
const LABEL_ALIASES: Record<string, string> = {
  "iso-8859-1": "windows-1252",
  iso8859_1: "windows-1252",
  "iso8859-1": "windows-1252",
  "iso_8859-1": "windows-1252",
  latin1: "windows-1252",
  l1: "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  "ansi_x3.4-1968": "windows-1252",
  cp819: "windows-1252",
  ibm819: "windows-1252",
  cp1252: "windows-1252",
  "x-cp1252": "windows-1252",
  "iso-8859-9": "windows-1254",
  latin5: "windows-1254",
  "iso-8859-11": "windows-874",
  "tis-620": "windows-874",
  gb2312: "gbk",
  "x-gbk": "gbk",
  "x-sjis": "shift_jis",
  "ms_kanji": "shift_jis",
  "windows-31j": "shift_jis",
  "ks_c_5601-1987": "euc-kr",
  utf8: "utf-8",
  "unicode-1-1-utf-8": "utf-8",
  "x-unicode20utf8": "utf-8",
  "utf-16": "utf-16le",
  unicode: "utf-16le",
};

/** A charset label as iconv-lite can decode it, or null for labels nobody can honour (then the next hint wins). */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const cleaned = label.trim().replace(/^["']|["']$/g, "").trim().toLowerCase();
  if (!cleaned || !/^[a-z0-9._:-]+$/.test(cleaned)) return null;
  const canonical = LABEL_ALIASES[cleaned] ?? cleaned;
  return iconv.encodingExists(canonical) ? canonical : null;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("[^"]*"|[^;\s]*)/i.exec(contentType);
  return match?.[1] ? match[1].replace(/^"|"$/g, "") : null;
}

function sniffBom(bytes: Buffer): { charset: string; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: "utf-8", length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: "utf-16be", length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: "utf-16le", length: 2 };
  return null;
}

// Declarations are ASCII, so a latin1 view of the head is safe to regex whatever the real encoding is.
const PRESCAN_BYTES = 4096;

function xmlDeclarationLabel(head: string): string | null {
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1] ?? null;
}

function metaLabel(head: string): string | null {
  // Covers <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, "");
  const match = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(withoutComments);
  return match?.[1] ?? null;
}

/**
 * A charset named inside the document itself. A document we could read as ASCII cannot really be
 * UTF-16, so such a declaration is taken as UTF-8 (what browsers do too).
 */
function inDocumentCharset(bytes: Buffer): { charset: string; source: CharsetSource } | null {
  const head = bytes.subarray(0, PRESCAN_BYTES).toString("latin1");
  const xml = normaliseCharset(xmlDeclarationLabel(head));
  if (xml) return { charset: xml.startsWith("utf-16") ? "utf-8" : xml, source: "xml-declaration" };
  const meta = normaliseCharset(metaLabel(head));
  if (meta) return { charset: meta.startsWith("utf-16") ? "utf-8" : meta, source: "meta" };
  return null;
}

function decodeWith(bytes: Buffer, charset: string, source: CharsetSource): DecodedBody {
  return { text: iconv.decode(bytes, charset, { stripBOM: true }), charset, source };
}

/**
 * Bytes to text, choosing the charset in this order:
 *  1. a byte-order mark (it cannot be there by accident, and HTML lets it override everything);
 *  2. the Content-Type charset, as HTTP and RFC 7303 (XML media types) both say the transport wins —
 *     except when the header claims UTF-8 and the bytes are not valid UTF-8: framework defaults stamp
 *     "charset=utf-8" on legacy pages so often that the document's own declaration is the better witness;
 *  3. the XML declaration, then a <meta> charset in the first 4 KiB;
 *  4. UTF-8 if the bytes are valid UTF-8, otherwise windows-1252 (the web's historical default).
 * Unknown labels are skipped rather than trusted.
 */
export function decodeBody(bytes: Buffer, contentType?: string | null): DecodedBody {
  if (bytes.length === 0) return { text: "", charset: normaliseCharset(charsetFromContentType(contentType)) ?? "utf-8", source: "fallback" };
  const bom = sniffBom(bytes);
  if (bom) return decodeWith(bytes, bom.charset, "bom");

  const declared = normaliseCharset(charsetFromContentType(contentType));
  const valid = isUtf8(bytes);
  if (declared && !(declared === "utf-8" && !valid)) return decodeWith(bytes, declared, "header");

  const inDocument = inDocumentCharset(bytes);
  if (inDocument && !(inDocument.charset === "utf-8" && !valid)) {
    return decodeWith(bytes, inDocument.charset, inDocument.source);
  }
  if (valid) return decodeWith(bytes, "utf-8", "utf-8-valid");
  return decodeWith(bytes, "windows-1252", "fallback");
}
