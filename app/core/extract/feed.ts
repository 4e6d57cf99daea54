/**
 * Feeds → entries → mentions: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3/1.0 and JSON Feed 1.x, as
 * blogs, news sites, Google Alerts, Reddit and Hacker News searches and YouTube channels publish them.
 *
 * Element names are matched through their namespace, not their prefix: whatever a feed calls Dublin
 * Core or Atom, `dc:creator` and `atom:link` are found. Links are resolved against `xml:base`, then the
 * caller's base URL, then the feed's own address, and only http(s) links survive.
 */
import type { CandidateMention } from "~/core/candidate";
import { parseDate } from "./date";
import { Parser } from "htmlparser2";
import { parseXml } from "./dom";
import { ExtractError } from "./errors";
import { mentionKey, safeHttpUrl, unwrapRedirect } from "./key";
import { htmlToText, nodeToText, oneLine, plainText } from "./text";

export type FeedFormat = "rss" | "rdf" | "atom" | "json";

export interface FeedEntry {
  /** guid / id as the feed gives it. */
  id: string | null;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  publishedAt: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to. */
  link: string | null;
  /** The next page of a paged feed (`rel="next"`, JSON Feed `next_url`). */
  nextUrl: string | null;
  entries: FeedEntry[];
}

export interface FeedOptions {
  baseUrl?: string | null;
  /** Entries beyond this are ignored (a feed is not an archive). */
  maxEntries?: number;
}

const MAX_ENTRIES = 10_000;

// Namespaces whose elements are the feed's own vocabulary: they are matched without a prefix.
const CORE_NAMESPACES = new Set([
  "http://www.w3.org/2005/atom", "http://purl.org/atom/ns#", "http://purl.org/rss/1.0/",
  "http://my.netscape.com/rdf/simple/0.9/", "http://backend.userland.com/rss2", "http://backend.userland.com/rss",
  "http://blogs.law.harvard.edu/tech/rss",
]);
const KNOWN_PREFIXES: Record<string, string> = {
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/terms/": "dcterms",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://search.yahoo.com/mrss/": "media",
  "http://search.yahoo.com/mrss": "media",
  "http://www.youtube.com/xml/schemas/2015": "yt",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
};

/** The document behind a feed's elements: its source, and its character data in document order. */
interface FeedDoc {
  source: string;
  chunks: string[];
}

/** A feed element with its name canonicalised ("" prefix for the feed vocabulary) and its xml:base. */
interface XEl {
  name: string;
  attrs: Record<string, string>;
  kids: XEl[];
  base: string | null;
  doc: FeedDoc;
  /** Its character data is doc.chunks[textFrom .. textTo). */
  textFrom: number;
  textTo: number;
  /** Its content in the source, for the rare element that holds markup (XHTML content, raw HTML). */
  innerFrom: number;
  innerTo: number;
}

/** All the character data inside an element, markup ignored (like DOM textContent). */
function textOf(el: XEl): string {
  return el.textTo - el.textFrom === 1 ? el.doc.chunks[el.textFrom]! : el.doc.chunks.slice(el.textFrom, el.textTo).join("");
}

/** The readable text of an element that holds markup, read from its source as HTML would be. */
function markupText(el: XEl): string {
  return nodeToText(parseXml(el.doc.source.slice(el.innerFrom, el.innerTo)));
}

/**
 * Reads the feed's elements straight from the parser's events, without building a DOM first: a feed is
 * mostly small text elements, and a DOM of thousands of nodes per feed costs more to build and collect
 * than everything read from it. The same parser and options as everywhere else (htmlparser2, XML mode).
 */
function readFeedTree(xml: string, baseUrl: string | null): XEl[] {
  type Frame = { el: XEl; ns: Map<string, string> };
  const doc: FeedDoc = { source: xml, chunks: [] };
  const top: XEl[] = [];
  const stack: Frame[] = [];
  const rootNs = new Map<string, string>();
  let atEnd = false;
  const parser = new Parser(
    {
      onopentag(rawName, attribs) {
        const parent = stack[stack.length - 1];
        const parentNs = parent?.ns ?? rootNs;
        let ns = parentNs;
        for (const attrName in attribs) {
          if (attrName === "xmlns" || attrName.startsWith("xmlns:")) {
            if (ns === parentNs) ns = new Map(parentNs);
            ns.set(attrName === "xmlns" ? "" : attrName.slice(6).toLowerCase(), attribs[attrName]!.trim().toLowerCase());
          }
        }
        const raw = rawName.toLowerCase();
        const colon = raw.indexOf(":");
        const prefix = colon >= 0 ? raw.slice(0, colon) : "";
        const local = colon >= 0 ? raw.slice(colon + 1) : raw;
        const uri = ns.get(prefix);
        let canonicalPrefix = prefix;
        if (uri !== undefined) {
          if (CORE_NAMESPACES.has(uri)) canonicalPrefix = "";
          else if (KNOWN_PREFIXES[uri]) canonicalPrefix = KNOWN_PREFIXES[uri];
        }
        const parentBase = parent ? parent.el.base : baseUrl;
        const xmlBase = attribs["xml:base"];
        const base = xmlBase ? (safeHttpUrl(xmlBase, parentBase) ?? parentBase) : parentBase;
        const el: XEl = {
          name: canonicalPrefix ? `${canonicalPrefix}:${local}` : local,
          attrs: attribs,
          kids: [],
          base,
          doc,
          textFrom: doc.chunks.length,
          textTo: doc.chunks.length,
          innerFrom: parser.endIndex + 1,
          innerTo: parser.endIndex + 1,
        };
        (parent ? parent.el.kids : top).push(el);
        stack.push({ el, ns });
      },
      ontext(data) {
        doc.chunks.push(data);
      },
      onclosetag(_name, implied) {
        const frame = stack.pop();
        if (!frame) return;
        frame.el.textTo = doc.chunks.length;
        // A self-closing tag ends where it began; an unclosed one where its parent, or the document, ends.
        const end = implied && atEnd ? xml.length : parser.startIndex;
        frame.el.innerTo = Math.max(frame.el.innerFrom, end);
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(xml);
  atEnd = true;
  parser.end();
  return top;
}

function child(el: XEl, ...names: string[]): XEl | undefined {
  for (const name of names) {
    const found = el.kids.find((k) => k.name === name);
    if (found) return found;
  }
  return undefined;
}

function childText(el: XEl, ...names: string[]): string | null {
  for (const name of names) {
    for (const k of el.kids) {
      if (k.name !== name) continue;
      const t = textOf(k).trim();
      if (t) return t;
    }
  }
  return null;
}

/** Text that should be plain but may carry entities the XML parser left alone (&nbsp;, &eacute;). */
function entityText(s: string): string {
  if (s.indexOf("&") < 0) return plainText(s);
  return htmlToText(s.replace(/</g, "&lt;").replace(/\r?\n/g, "<br>"));
}

/**
 * The readable text of a text-bearing element. Atom says what it holds (`type`); RSS does not, and in
 * practice holds HTML, escaped or (invalidly) raw.
 */
function readText(el: XEl | undefined, atomStyle: boolean): string {
  if (!el) return "";
  const type = (el.attrs.type ?? "").toLowerCase();
  if (type === "xhtml" || type === "application/xhtml+xml" || el.kids.length > 0) return markupText(el);
  const raw = textOf(el);
  if (type === "html" || type === "text/html" || (!atomStyle && type === "")) return htmlToText(raw);
  if (type && type !== "text" && type !== "text/plain") {
    // Base64 or other media; not something to read as text.
    if (el.attrs.mode === "base64" || !type.startsWith("text/")) return "";
  }
  return entityText(raw);
}

// "jane@example.com (Jane Doe)" → "Jane Doe"; "Jane Doe <jane@example.com>" → "Jane Doe".
function personName(raw: string | null): string | null {
  if (!raw) return null;
  const s = entityText(raw).replace(/\s+/g, " ").trim();
  const paren = s.match(/^\S+@\S+\s*\((.+)\)$/);
  if (paren) return paren[1].trim() || null;
  const angle = s.match(/^(.+?)\s*<[^>]*@[^>]*>$/);
  if (angle) return angle[1].replace(/^"|"$/g, "").trim() || null;
  return s || null;
}

function readPerson(el: XEl | undefined): string | null {
  if (!el) return null;
  const name = childText(el, "name");
  if (name) return personName(name);
  if (el.kids.length > 0) return childText(el, "email");
  return personName(textOf(el).trim() || null);
}

function linkHref(el: XEl, fallbackBase: string | null): string | null {
  const href = el.attrs.href ?? el.attrs["rdf:resource"];
  if (href === undefined) {
    const text = textOf(el).trim();
    return text ? safeHttpUrl(text, el.base ?? fallbackBase) : null;
  }
  return safeHttpUrl(href, el.base ?? fallbackBase);
}

/** The alternate (human-readable) link among an element's links, HTML preferred. */
function alternateLink(parent: XEl, fallbackBase: string | null): string | null {
  const links = parent.kids.filter((k) => k.name === "link");
  // RSS <link>text</link> first: in RSS that is the item's page.
  for (const l of links) {
    if (l.attrs.href === undefined && l.attrs.rel === undefined) {
      const url = linkHref(l, fallbackBase);
      if (url) return url;
    }
  }
  const alternates = links.filter((l) => {
    const rel = (l.attrs.rel ?? "alternate").toLowerCase().trim();
    return rel === "alternate" && l.attrs.href !== undefined;
  });
  const html = alternates.find((l) => !l.attrs.type || /html/i.test(l.attrs.type));
  for (const l of html ? [html, ...alternates] : alternates) {
    const url = linkHref(l, fallbackBase);
    if (url) return url;
  }
  return null;
}

function relLink(parent: XEl, rel: string, fallbackBase: string | null): string | null {
  for (const l of parent.kids) {
    if (l.name === "link" && (l.attrs.rel ?? "").toLowerCase().trim() === rel && l.attrs.href) {
      const url = linkHref(l, fallbackBase);
      if (url) return url;
    }
  }
  return null;
}

function firstDate(el: XEl, ...names: string[]): string | null {
  for (const name of names) {
    for (const k of el.kids) {
      if (k.name !== name) continue;
      const d = parseDate(textOf(k));
      if (d) return d;
    }
  }
  return null;
}

function mediaDescription(el: XEl): string {
  const group = child(el, "media:group");
  const desc = (group && child(group, "media:description")) ?? child(el, "media:description");
  return desc ? readText(desc, desc.attrs.type !== "html") : "";
}

// FeedBurner rewrites links to its click tracker and keeps the real one here.
function origLink(item: XEl, fallbackBase: string | null): string | null {
  const orig = childText(item, "feedburner:origlink");
  return orig ? safeHttpUrl(orig, item.base ?? fallbackBase) : null;
}

function readRssItem(item: XEl, fallbackBase: string | null): FeedEntry {
  const guidEl = child(item, "guid");
  const guid = guidEl ? textOf(guidEl).trim() || null : null;
  let url = origLink(item, fallbackBase) ?? alternateLink(item, fallbackBase);
  if (!url && guid && (guidEl!.attrs.ispermalink ?? guidEl!.attrs.isPermaLink ?? "true").toLowerCase() !== "false") {
    url = safeHttpUrl(guid);
  }
  const atomId = childText(item, "id");
  const about = item.attrs["rdf:about"] ?? null;
  const text =
    readText(child(item, "content:encoded"), false) ||
    readText(child(item, "content"), true) ||
    readText(child(item, "description"), false) ||
    readText(child(item, "summary"), true) ||
    mediaDescription(item) ||
    readText(child(item, "itunes:summary"), true);
  const titleEl = child(item, "title") ?? child(item, "media:title") ?? child(item, "dc:title");
  return {
    id: guid ?? atomId ?? about,
    url: url ? unwrapRedirect(url) : null,
    title: oneLine(titleEl ? readText(titleEl, titleEl.attrs.type !== undefined) : null),
    text,
    author:
      personName(childText(item, "dc:creator")) ??
      readPerson(child(item, "author")) ??
      personName(childText(item, "itunes:author", "dc:contributor")),
    publishedAt: firstDate(item, "pubdate", "dc:date", "published", "updated", "dcterms:issued", "dcterms:created", "dcterms:modified", "dc:created", "date"),
  };
}

function readAtomEntry(entry: XEl, feedAuthor: string | null, fallbackBase: string | null): FeedEntry {
  const url = origLink(entry, fallbackBase) ?? alternateLink(entry, fallbackBase) ?? relLink(entry, "related", fallbackBase);
  const content = child(entry, "content");
  const inline = content && content.attrs.src === undefined ? content : undefined;
  const titleEl = child(entry, "title") ?? child(entry, "media:group")?.kids.find((k) => k.name === "media:title");
  return {
    id: childText(entry, "id", "yt:videoid", "guid"),
    url: url ? unwrapRedirect(url) : null,
    title: oneLine(titleEl ? readText(titleEl, true) : null),
    text: readText(inline, true) || readText(child(entry, "summary"), true) || mediaDescription(entry),
    author: readPerson(child(entry, "author")) ?? personName(childText(entry, "dc:creator")) ?? feedAuthor,
    publishedAt: firstDate(entry, "published", "issued", "created", "updated", "modified", "dc:date", "pubdate"),
  };
}

function hasContent(e: FeedEntry): boolean {
  return Boolean(e.id || e.url || e.title || e.text);
}

function findFeedRoot(top: XEl[]): XEl | null {
  const isRoot = (el: XEl) => ["rss", "feed", "rdf:rdf", "rdf", "channel"].includes(el.name);
  for (const el of top) if (isRoot(el)) return el;
  // Leniency for feeds wrapped in something else: look a couple of levels down.
  for (const el of top) for (const k of el.kids) if (isRoot(k)) return k;
  return null;
}

// A truncated download ends inside a CDATA section or comment; the parser would turn the fragment into
// junk text ("[CD"), so the unfinished construct is dropped.
function dropUnterminated(xml: string): string {
  let out = xml;
  // indexOf first: it searches far faster than lastIndexOf, and most feeds have neither construct.
  const cdata = out.indexOf("<![") < 0 ? -1 : out.lastIndexOf("<![");
  if (cdata >= 0 && out.indexOf("]]>", cdata) < 0) out = out.slice(0, cdata);
  const comment = out.indexOf("<!--") < 0 ? -1 : out.lastIndexOf("<!--");
  if (comment >= 0 && out.indexOf("-->", comment) < 0) out = out.slice(0, comment);
  return out;
}

function parseXmlFeed(xml: string, options: FeedOptions): ParsedFeed {
  const baseUrl = options.baseUrl ? safeHttpUrl(options.baseUrl) : null;
  const max = options.maxEntries ?? MAX_ENTRIES;
  const root = findFeedRoot(readFeedTree(dropUnterminated(xml), baseUrl));
  if (!root) throw new ExtractError("expected a feed (<rss>, <feed> or <rdf:RDF>), got a document without one");

  if (root.name === "feed") {
    const self = relLink(root, "self", baseUrl);
    const alternate = alternateLink(root, baseUrl);
    const fallback = baseUrl ?? self ?? alternate;
    const feedAuthor = readPerson(child(root, "author"));
    const entries = root.kids
      .filter((k) => k.name === "entry")
      .slice(0, max)
      .map((e) => readAtomEntry(e, feedAuthor, fallback))
      .filter(hasContent);
    return {
      format: "atom",
      title: oneLine(readText(child(root, "title"), true)),
      link: alternate,
      nextUrl: relLink(root, "next", fallback),
      entries,
    };
  }

  const channel = root.name === "channel" ? root : child(root, "channel");
  const self = channel ? relLink(channel, "self", baseUrl) : null;
  const site = channel ? alternateLink(channel, baseUrl) : null;
  const fallback = baseUrl ?? self ?? site;
  // RSS 2.0 nests items in the channel; RSS 0.90 and 1.0 put them beside it.
  const items = [...(channel?.kids ?? []), ...(channel === root ? [] : root.kids)].filter((k) => k.name === "item");
  return {
    format: root.name === "rss" || root.name === "channel" ? "rss" : "rdf",
    title: channel ? oneLine(readText(child(channel, "title"), false)) : null,
    link: site,
    nextUrl: channel ? relLink(channel, "next", fallback) : null,
    entries: items.slice(0, max).map((i) => readRssItem(i, fallback)).filter(hasContent),
  };
}

// JSON Feed: https://www.jsonfeed.org/version/1.1/
function str(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function jsonAuthor(obj: Record<string, unknown>): string | null {
  const authors = Array.isArray(obj.authors) ? obj.authors : obj.author ? [obj.author] : [];
  for (const a of authors) {
    if (a && typeof a === "object") {
      const name = str((a as Record<string, unknown>).name);
      if (name) return oneLine(entityText(name));
    } else if (typeof a === "string" && a.trim()) {
      return oneLine(entityText(a));
    }
  }
  return null;
}

function parseJsonFeed(doc: Record<string, unknown>, options: FeedOptions): ParsedFeed {
  const baseUrl = options.baseUrl ? safeHttpUrl(options.baseUrl) : null;
  const feedUrl = safeHttpUrl(str(doc.feed_url), baseUrl);
  const home = safeHttpUrl(str(doc.home_page_url), baseUrl);
  const fallback = baseUrl ?? feedUrl ?? home;
  const feedAuthor = jsonAuthor(doc);
  const items = Array.isArray(doc.items) ? doc.items : [];
  const entries: FeedEntry[] = [];
  for (const raw of items.slice(0, options.maxEntries ?? MAX_ENTRIES)) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) continue;
    const item = raw as Record<string, unknown>;
    const url = safeHttpUrl(str(item.url), fallback) ?? safeHttpUrl(str(item.external_url), fallback);
    const html = str(item.content_html);
    const plain = str(item.content_text);
    const summary = str(item.summary);
    const title = str(item.title);
    const entry: FeedEntry = {
      id: str(item.id),
      url: url ? unwrapRedirect(url) : null,
      title: oneLine(title ? entityText(title) : null),
      text: html ? htmlToText(html) : plain ? plainText(plain) : summary ? entityText(summary) : "",
      author: jsonAuthor(item) ?? feedAuthor,
      publishedAt: parseDate(str(item.date_published)) ?? parseDate(str(item.date_modified)),
    };
    if (hasContent(entry)) entries.push(entry);
  }
  return {
    format: "json",
    title: oneLine(str(doc.title) ? entityText(str(doc.title)!) : null),
    link: home,
    nextUrl: safeHttpUrl(str(doc.next_url), fallback),
    entries,
  };
}

/** True when `doc` (parsed JSON) is shaped like a JSON Feed. */
export function isJsonFeed(doc: unknown): doc is Record<string, unknown> {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return (typeof d.version === "string" && d.version.includes("jsonfeed.org")) || (Array.isArray(d.items) && typeof d.title === "string");
}

/** Parses an RSS, RDF, Atom or JSON feed. Throws ExtractError when `body` is not a feed. */
export function parseFeed(body: string, options: FeedOptions = {}): ParsedFeed {
  const trimmed = body.replace(/^\ufeff/, "").trimStart();
  if (trimmed.startsWith("{")) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (error) {
      throw new ExtractError(`expected a JSON Feed, got JSON that does not parse (${(error as Error).message})`);
    }
    if (!isJsonFeed(doc)) throw new ExtractError("expected a JSON Feed (with \"version\" and \"items\"), got other JSON");
    return parseJsonFeed(doc, options);
  }
  return parseXmlFeed(trimmed, options);
}

export function entryToMention(entry: FeedEntry): CandidateMention {
  return {
    key: mentionKey({ id: entry.id, url: entry.url, title: entry.title, text: entry.text }),
    url: entry.url,
    title: entry.title,
    text: entry.text,
    author: entry.author,
    rating: null,
    ratingMax: null,
    publishedAt: entry.publishedAt,
  };
}

/** Mentions from a feed, one per entry, in feed order. */
export function extractFeed(body: string, options: FeedOptions = {}): { mentions: CandidateMention[]; nextUrl: string | null; feed: ParsedFeed } {
  const feed = parseFeed(body, options);
  return { mentions: feed.entries.map(entryToMention), nextUrl: feed.nextUrl, feed };
}
