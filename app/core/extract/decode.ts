/**
 * Bytes → text for fetched or saved documents (feeds and pages), with the charset taken from, in order:
 * a byte-order mark, the HTTP Content-Type header, the XML declaration or an HTML `<meta>` tag, and
 * otherwise a guess: UTF-8 when the bytes are valid UTF-8, else the legacy encoding whose decoding looks
 * most like real text, else Windows-1252 (what browsers assume).
 *
 * The one decoder: the guarded fetcher, the extractors, `earshot extract` and CSV import all read text
 * through it, so what a preview shows is what collection stores.
 */
import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

export type CharsetSource = "bom" | "header" | "declaration" | "meta" | "utf8" | "guess";

export interface DecodedDocument {
  text: string;
  /** The iconv-lite name used, e.g. "utf-8", "windows-1252", "shift_jis". */
  charset: string;
  source: CharsetSource;
}

// Labels that name a subset or an alias are read with the superset browsers use, so bytes that the
// label does not strictly allow (curly quotes in "ISO-8859-1" pages, say) still come out right.
const ALIASES: Record<string, string> = {
  "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "iso_8859-1": "windows-1252",
  latin1: "windows-1252", l1: "windows-1252", "us-ascii": "windows-1252", ascii: "windows-1252",
  cp819: "windows-1252", "iso-8859-9": "windows-1254", latin5: "windows-1254",
  gb2312: "gb18030", gbk: "gb18030", "x-gbk": "gb18030", chinese: "gb18030", "gb_2312-80": "gb18030",
  "euc-kr": "cp949", "ks_c_5601-1987": "cp949", korean: "cp949", "windows-949": "cp949",
  sjis: "shift_jis", "x-sjis": "shift_jis", ms_kanji: "shift_jis", "windows-31j": "shift_jis",
  "tis-620": "windows-874", "iso-8859-11": "windows-874",
  utf8: "utf-8", "unicode-1-1-utf-8": "utf-8",
  "utf-16": "utf-16le", unicode: "utf-16le", "ucs-2": "utf-16le",
};
// Never honoured: UTF-7 smuggles markup past filters; the rest are not decodable here.
const REFUSED = new Set(["utf-7", "x-user-defined", "replacement"]);

/** The iconv-lite charset for a label from a header or document, or null if unusable. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, "");
  if (!l || REFUSED.has(l)) return null;
  const mapped = ALIASES[l] ?? l;
  return iconv.encodingExists(mapped) ? mapped : null;
}

function bomCharset(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  // UTF-16 without a BOM still starts with "<" interleaved with zero bytes.
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return "utf-16le";
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] !== 0) return "utf-16be";
  return null;
}

function headerCharset(contentType: string | undefined): string | null {
  const m = contentType?.match(/charset\s*=\s*["']?([^;"'\s]+)/i);
  return m ? normaliseCharset(m[1]) : null;
}

// A declaration or meta tag is ASCII text, so it can be read before the charset is known.
function declaredCharset(bytes: Buffer): { charset: string; source: "declaration" | "meta" } | null {
  const head = bytes.subarray(0, 4096).toString("latin1");
  const xml = head.match(/<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i);
  const meta = head.match(/<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i);
  for (const [m, source] of [[xml, "declaration"], [meta, "meta"]] as const) {
    const charset = normaliseCharset(m?.[1]);
    // A declaration read as ASCII cannot truthfully say UTF-16: the bytes would have had zeros in them.
    if (charset && !charset.startsWith("utf-16")) return { charset, source };
  }
  return null;
}

const GUESSES = ["windows-1252", "windows-1251", "koi8-r", "windows-1253", "shift_jis", "euc-jp", "gb18030", "big5", "cp949"];

function scriptOf(code: number): "latin" | "cyrillic" | "greek" | "kana" | "han" | "hangul" | "other" {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)) return "latin";
  if (code >= 0x400 && code <= 0x4ff) return "cyrillic";
  if (code >= 0x370 && code <= 0x3ff) return "greek";
  if (code >= 0x3040 && code <= 0x30ff) return "kana";
  if (code >= 0x4e00 && code <= 0x9fff) return "han";
  if (code >= 0xac00 && code <= 0xd7a3) return "hangul";
  return "other";
}

// The everyday CJK repertoires (GB2312, Big5 level 1, JIS X 0208 level 1, KS X 1001 Hangul). A wrong
// multi-byte decoding lands mostly outside them, in the rare extension blocks of a superset charset.
let commonCjk: Set<number> | null = null;
function commonCjkChars(): Set<number> {
  if (commonCjk) return commonCjk;
  const set = new Set<number>();
  const add = (charset: string, leads: [number, number], trails: Array<[number, number]>) => {
    const bytes: number[] = [];
    for (let l = leads[0]; l <= leads[1]; l++) for (const [a, b] of trails) for (let t = a; t <= b; t++) bytes.push(l, t);
    for (const ch of iconv.decode(Buffer.from(bytes), charset)) set.add(ch.codePointAt(0)!);
  };
  add("gb18030", [0xb0, 0xf7], [[0xa1, 0xfe]]);
  add("big5", [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]]);
  add("shift_jis", [0x88, 0x98], [[0x40, 0x7e], [0x80, 0xfc]]);
  add("cp949", [0xb0, 0xc8], [[0xa1, 0xfe]]);
  commonCjk = set;
  return set;
}

/**
 * How much a decoding looks like real text: letters of a real script score, replacement characters,
 * controls, private-use and half-width forms cost, and so do the tell-tales of a wrong single-byte
 * table (a capital right after a small letter, scripts mixed inside one word).
 */
function plausibility(text: string): number {
  let score = 0;
  let prevScript = "other";
  let prevLower = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      const isLetter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
      if (code < 0x20 && code !== 9 && code !== 10 && code !== 13) score -= 20;
      if (isLetter && prevScript !== "latin" && prevScript !== "other") score -= 3;
      prevScript = isLetter ? "latin" : "other";
      prevLower = code >= 0x61 && code <= 0x7a;
      continue;
    }
    if (code === 0xfffd || (code >= 0x80 && code <= 0x9f)) score -= 50;
    else if (code >= 0xe000 && code <= 0xf8ff) score -= 10;
    else if (code >= 0xff61 && code <= 0xff9f) score -= 2;
    else if (code >= 0x3400 && code <= 0x4dbf) score -= 2;
    const script = scriptOf(code);
    const ch = text[i];
    const upper = ch !== ch.toLowerCase();
    const lower = ch !== ch.toUpperCase();
    if (script === "kana") score += 3;
    else if (script === "hangul") score += commonCjkChars().has(code) ? 3 : -2;
    else if (script === "han") score += commonCjkChars().has(code) ? 1.5 : -1;
    else if (script === "cyrillic" || script === "greek") score += 1;
    else if (script === "latin") score += 0.5;
    else if (code < 0x3000) score -= 1; // symbols, box drawing, odd punctuation
    if (upper && prevLower) score -= 3;
    if (script !== "other" && prevScript !== "other" && script !== prevScript) score -= 3;
    prevScript = script;
    prevLower = lower;
  }
  return score;
}

/** The legacy charset whose decoding of `bytes` looks most like text (bytes known not to be UTF-8). */
export function guessLegacyCharset(bytes: Buffer): string {
  const sample = bytes.subarray(0, 65536);
  let best = "windows-1252";
  let bestScore = -Infinity;
  for (const charset of GUESSES) {
    const score = plausibility(iconv.decode(sample, charset));
    if (score > bestScore) {
      best = charset;
      bestScore = score;
    }
  }
  return best;
}

export function detectCharset(bytes: Buffer, contentType?: string): { charset: string; source: CharsetSource } {
  const bom = bomCharset(bytes);
  if (bom) return { charset: bom, source: "bom" };
  // The transport wins (HTTP, RFC 7303) — except a UTF-8 claim that the bytes contradict: frameworks stamp
  // "charset=utf-8" on legacy pages so often that the document's own declaration is the better witness.
  const valid = isUtf8(bytes);
  const header = headerCharset(contentType);
  if (header && !(header === "utf-8" && !valid)) return { charset: header, source: "header" };
  const declared = declaredCharset(bytes);
  if (declared && !(declared.charset === "utf-8" && !valid)) return declared;
  if (valid) return { charset: "utf-8", source: "utf8" };
  return { charset: guessLegacyCharset(bytes), source: "guess" };
}

export function decodeDocumentDetailed(bytes: Buffer, contentType?: string): DecodedDocument {
  const { charset, source } = detectCharset(bytes, contentType);
  let text = iconv.decode(bytes, charset, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, charset, source };
}

/** Decodes a fetched or saved document to text; see the module comment for how the charset is chosen. */
export function decodeDocument(bytes: Buffer, contentType?: string): string {
  return decodeDocumentDetailed(bytes, contentType).text;
}
