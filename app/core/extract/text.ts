/**
 * Turning scraped markup into plain text that is safe to store, show and match against.
 *
 * Scraped content is hostile or just broken: tags and event handlers must vanish, scripts and styles must
 * not leak their code into the text, entities must be decoded exactly once, and the usual encoding
 * accidents (Windows-1252 bytes read as Latin-1, UTF-8 read as Latin-1) are repaired.
 */
import { isElement, parseHtml, type DomNode, childrenOf } from "./dom";

/** Anything this long is cut: a mention's text is for reading and matching, not for archiving pages. */
export const MAX_TEXT_CHARS = 100_000;

// Windows-1252 assigns printable characters to 0x80–0x9F where Latin-1 has C1 controls. Feeds that
// claim Latin-1 (or nothing) but were typed on Windows carry these bytes; readers expect the quotes.
const CP1252_HIGH: Record<number, string> = {
  0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020",
  0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8a: "\u0160", 0x8b: "\u2039", 0x8c: "\u0152",
  0x8e: "\u017d", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022",
  0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122", 0x9a: "\u0161", 0x9b: "\u203a",
  0x9c: "\u0153", 0x9e: "\u017e", 0x9f: "\u0178",
};
const CP1252_BYTE = new Map<string, number>(Object.entries(CP1252_HIGH).map(([b, ch]) => [ch, Number(b)]));

/** The byte a character would have been in Latin-1 / Windows-1252, or -1. */
function singleByteOf(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code <= 0xff) return code;
  return CP1252_BYTE.get(ch) ?? -1;
}

const CONTINUATION_CHARS = `\\u0080-\\u00bf${[...CP1252_BYTE.keys()].join("")}`;
// A lead character (as a byte: 0xC2–0xDF two-byte, 0xE2 three-byte, 0xF0 four-byte) followed by
// continuation-byte characters. Other three-byte leads are left alone: "é…”" is far more often real
// French than double-encoded CJK.
const MOJIBAKE = new RegExp(
  `[\\u00c2-\\u00df][${CONTINUATION_CHARS}]|\\u00e2[${CONTINUATION_CHARS}]{2}|\\u00f0[${CONTINUATION_CHARS}]{3}`,
  "g",
);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Repairs UTF-8 that was decoded as Latin-1 or Windows-1252 somewhere upstream ("donâ€™t" → "don’t"),
 * then maps stray C1 controls to the Windows-1252 characters they almost always stand for.
 */
export function repairEncoding(s: string): string {
  let out = s;
  if (/[\u00c2-\u00f4]/.test(out)) {
    out = out.replace(MOJIBAKE, (seq) => {
      const bytes = new Uint8Array(seq.length);
      for (let i = 0; i < seq.length; i++) {
        const b = singleByteOf(seq[i]);
        if (b < 0) return seq;
        bytes[i] = b;
      }
      try {
        return strictUtf8.decode(bytes);
      } catch {
        return seq;
      }
    });
  }
  if (/[\u0080-\u009f]/.test(out)) out = out.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0)] ?? "");
  return out;
}

/**
 * Final clean-up shared by every text field: encoding repair, control characters dropped, spaces
 * collapsed, paragraphs kept as single line breaks, NFC, length cap.
 */
// Printable ASCII with single spaces and nothing to trim: every step below would return it unchanged
// (no mojibake, no control characters, NFC is the identity), and most feed titles and bodies look like this.
const ALREADY_CLEAN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

export function cleanText(s: string, maxChars = MAX_TEXT_CHARS): string {
  if (s.length <= maxChars && ALREADY_CLEAN.test(s)) return s;
  let out = repairEncoding(s);
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\u200b\u2028\u2029\ufeff\ufffe]/g, (c) =>
    c === "\u2028" || c === "\u2029" ? "\n" : c === "\u000b" ? " " : "",
  );
  out = out
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, " ")
    .replace(/ ?\n[ \n]*/g, "\n")
    .trim();
  out = out.normalize("NFC");
  if (out.length > maxChars) out = out.slice(0, maxChars).trimEnd();
  return out;
}

// Elements whose content is never readable text.
const SKIPPED = new Set([
  "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
  "select", "option", "textarea", "canvas", "audio", "video", "applet", "frameset", "frame", "xml",
]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
  "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
  "body", "html", "caption", "center",
]);
const CELL = new Set(["td", "th"]);
const PRE_END = Symbol("pre-end");

/**
 * Node visits left for one extraction. Shared by every text read from one page, so markup built to make
 * each item re-read the whole page (thousands of nested items) costs a bounded amount of work.
 */
export interface WalkBudget {
  nodes: number;
}

/** Plain text of a parsed subtree (the node itself included), with block structure as line breaks. */
export function nodeToText(node: DomNode, maxChars = MAX_TEXT_CHARS, budget?: WalkBudget): string {
  const parts: string[] = [];
  let size = 0;
  let preDepth = 0;
  // Entries are nodes to enter, strings to emit when a block element closes, or the end of a <pre>.
  const stack: Array<DomNode | string | typeof PRE_END> = [node];
  while (stack.length > 0 && size <= maxChars * 2) {
    const item = stack.pop()!;
    if (budget && --budget.nodes < 0) break;
    if (item === PRE_END) {
      preDepth--;
      continue;
    }
    if (typeof item === "string") {
      parts.push(item);
      continue;
    }
    if (item.type === "text") {
      // Line breaks in HTML source are just spaces, except inside <pre>.
      const data = preDepth > 0 ? (item.data ?? "") : (item.data ?? "").replace(/[ \t\n\r\f]+/g, " ");
      parts.push(data);
      size += data.length;
      continue;
    }
    if (item.type === "cdata" || item.type === "root") {
      const kids = childrenOf(item);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      continue;
    }
    if (!isElement(item)) continue; // comments, doctype, processing instructions
    const name = item.name.toLowerCase();
    const local = name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
    if (SKIPPED.has(local)) continue;
    // A <br> has no children in HTML, but raw markup parsed as XML can leave what follows inside it.
    if (local === "br") parts.push("\n");
    else if (BLOCK.has(local)) {
      parts.push("\n");
      stack.push("\n");
    } else if (CELL.has(local)) {
      parts.push(" ");
      stack.push(" ");
    }
    if (local === "pre") {
      preDepth++;
      stack.push(PRE_END);
    }
    const kids = item.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return cleanText(parts.join(""), maxChars);
}

/**
 * Plain text from an HTML fragment: tags dropped, entities decoded once, scripts, styles and other
 * non-text elements removed with their content.
 */
export function htmlToText(html: string, maxChars = MAX_TEXT_CHARS): string {
  if (!html) return "";
  // Fast path: nothing to parse. Most titles and many review bodies are already plain.
  if (html.indexOf("<") < 0 && html.indexOf("&") < 0) return cleanText(html, maxChars);
  return nodeToText(parseHtml(html), maxChars);
}

/** Text that is known not to be markup (Atom `type="text"`, JSON Feed `content_text`). */
export function plainText(text: string, maxChars = MAX_TEXT_CHARS): string {
  return cleanText(text, maxChars);
}

/** A single-line label (title, author): text with every line break folded into a space. */
export function oneLine(text: string | null | undefined): string | null {
  if (!text) return null;
  const out = text.replace(/\s*\n\s*/g, " ").trim();
  return out.length > 0 ? out.slice(0, 1000) : null;
}
