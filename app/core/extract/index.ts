/**
 * Pure extraction of mentions from fetched documents: feed or HTML in, CandidateMention[] out.
 * No network, no clock, no global state; the caller fetches and stores.
 *
 * - feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) → one mention per entry          (./feed)
 * - HTML with schema.org Review markup (JSON-LD, microdata, RDFa) → one per review (./schema-org)
 * - HTML read with user-supplied CSS selectors → one per matched item           (./selectors)
 */
import type { CandidateMention } from "~/core/candidate";
import { decodeDocument } from "./decode";
import { ExtractError } from "./errors";
import { extractFeed, isJsonFeed } from "./feed";
import { extractSchemaOrg, type AggregateRating } from "./schema-org";
import { extractBySelectors, type SelectorSpec } from "./selectors";

export { decodeDocument, decodeDocumentDetailed, detectCharset } from "./decode";
export { ExtractError } from "./errors";
export { parseFeed, extractFeed, type ParsedFeed, type FeedEntry, type FeedFormat } from "./feed";
export { extractSchemaOrg, type AggregateRating, type SchemaOrgResult } from "./schema-org";
export { extractBySelectors, parseSelectorSpec, selectorSpecSchema, type SelectorSpec } from "./selectors";
export { parseDate } from "./date";
export { parseRating, parseRatingFromClass, type Rating } from "./rating";
export { mentionKey, canonicalUrl, safeHttpUrl, unwrapRedirect } from "./key";
export { htmlToText } from "./text";

export type ExtractKind = "feed" | "schema" | "selectors";

export interface ExtractOptions {
  /** The document's URL: relative links resolve against it. */
  baseUrl?: string | null;
  /** "auto" (default): a feed if it looks like one, else selectors if given, else schema.org. */
  kind?: "auto" | ExtractKind;
  /** Required for kind "selectors"; JSON text or an object (validated). */
  selectors?: SelectorSpec | string | unknown;
  /** The Content-Type header, used to decode a Buffer body and to recognise feeds. */
  contentType?: string;
  /** Larger documents are refused (default 20 MiB). */
  maxBytes?: number;
}

export interface ExtractResult {
  kind: ExtractKind;
  mentions: CandidateMention[];
  /** The next page of a paged feed or review list, if the document links to one. */
  nextUrl: string | null;
  /** schema.org AggregateRatings (kind "schema" only). */
  aggregates?: AggregateRating[];
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

function formatSize(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
const FEED_TYPES = /(rss|atom|rdf|feed\+json|application\/feed|application\/json)/i;

/** "feed" when the body (or its Content-Type) says it is a feed, else "html". */
export function detectDocumentKind(body: string, contentType?: string): "feed" | "html" {
  const head = body.slice(0, 4096).replace(/^\ufeff/, "").trimStart();
  if (head.startsWith("{")) {
    if (!/"items"\s*:/.test(body.slice(0, 1 << 20)) && !/jsonfeed\.org/.test(head)) return "html";
    try {
      return isJsonFeed(JSON.parse(body.replace(/^\ufeff/, ""))) ? "feed" : "html";
    } catch {
      return "html";
    }
  }
  // Skip the prolog (declaration, comments, processing instructions, DOCTYPE) to the first element.
  const prolog = head.replace(/^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i, "");
  const root = prolog.match(/^<([A-Za-z_][\w.-]*(?::[\w.-]+)?)/)?.[1]?.toLowerCase();
  if (root) {
    if (root === "rss" || root === "feed" || root === "channel" || root.endsWith(":rdf") || root === "rdf") return "feed";
    if (root === "html" || root === "head" || root === "body") return "html";
  }
  if (contentType && FEED_TYPES.test(contentType) && !/html/i.test(contentType)) return "feed";
  return "html";
}

/**
 * Mentions found in a document. Throws ExtractError when the document cannot be what `kind` asks for
 * (a non-feed with kind "feed", a bad selector spec, an oversized document); garbage with kind "auto"
 * simply yields no mentions.
 */
export function extractMentions(body: string | Buffer, options: ExtractOptions = {}): ExtractResult {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof body === "string" ? body.length : body.byteLength;
  if (size > max) {
    throw new ExtractError(`expected a document of at most ${formatSize(max)}, got ${formatSize(size)}`);
  }
  const text = typeof body === "string" ? body : decodeDocument(body, options.contentType);
  const requested = options.kind ?? "auto";
  let kind: ExtractKind;
  if (requested === "auto") {
    if (detectDocumentKind(text, options.contentType) === "feed") kind = "feed";
    else kind = options.selectors !== undefined && options.selectors !== null ? "selectors" : "schema";
  } else kind = requested;

  switch (kind) {
    case "feed": {
      if (!text.trim()) throw new ExtractError("expected a feed, got an empty document");
      try {
        const { mentions, nextUrl } = extractFeed(text, { baseUrl: options.baseUrl });
        return { kind, mentions, nextUrl };
      } catch (error) {
        // A guess (from a truncated prolog or a feed Content-Type) that the body does not bear out:
        // read it as the page it more likely is.
        if (requested !== "auto" || !(error instanceof ExtractError)) throw error;
        return extractMentions(text, { ...options, kind: options.selectors ? "selectors" : "schema" });
      }
    }
    case "selectors": {
      if (options.selectors === undefined || options.selectors === null) {
        throw new ExtractError('kind "selectors" needs a selector spec, e.g. {"item": ".review", "text": ".body"}');
      }
      const { mentions, nextUrl } = extractBySelectors(text, options.selectors, options.baseUrl);
      return { kind, mentions, nextUrl };
    }
    case "schema": {
      const { reviews, aggregates, nextUrl } = extractSchemaOrg(text, options.baseUrl);
      return { kind, mentions: reviews, nextUrl, aggregates };
    }
    default:
      throw new ExtractError(`expected kind auto, feed, schema or selectors, got ${JSON.stringify(kind)}`);
  }
}
