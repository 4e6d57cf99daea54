/**
 * schema.org reviews and aggregate ratings embedded in HTML, in all three syntaxes: JSON-LD
 * (`<script type="application/ld+json">`, with `@graph`, `@id` references, `@type` arrays, reviews nested
 * in a Product, Recipe, LocalBusiness…), microdata (`itemscope`/`itemprop`, `itemref`) and RDFa Lite
 * (`vocab`/`typeof`/`property`).
 *
 * Only live markup counts: text inside `<script>` (templates, app-state blobs such as `__NEXT_DATA__`)
 * and `<template>` is never read as a review. The same review published in two blocks or two syntaxes
 * is returned once.
 */
import type { CandidateMention } from "~/core/candidate";
import { parseDate } from "./date";
import { isElement, parseHtml, textContent, walk, type DomElement, type DomNode } from "./dom";
import { canonicalUrl, mentionKey, safeHttpUrl } from "./key";
import { parseRating } from "./rating";
import { cleanText, htmlToText, nodeToText, oneLine, type WalkBudget } from "./text";

export type SchemaSyntax = "json-ld" | "microdata" | "rdfa";

export interface AggregateRating {
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  ratingCount: number | null;
  reviewCount: number | null;
  /** Name of the thing rated (the Product, Recipe, business…), when known. */
  itemName: string | null;
  syntax: SchemaSyntax;
}

export interface SchemaOrgResult {
  reviews: CandidateMention[];
  /** Every AggregateRating block found, one per occurrence, tagged with its syntax. */
  aggregates: AggregateRating[];
  /** `<link rel="next">` / `<a rel="next">`, resolved. */
  nextUrl: string | null;
  /** JSON-LD blocks that could not be read even leniently (count). */
  unreadableBlocks: number;
}

/** Text whose markup is resolved lazily: a page can have hundreds of itemprops nobody asks about. */
class LazyText {
  private cached: string | null = null;
  constructor(
    private readonly el: DomElement,
    private readonly budget: WalkBudget,
  ) {}
  get value(): string {
    this.cached ??= nodeToText(this.el, undefined, this.budget);
    return this.cached;
  }
}

type Value = string | number | boolean | Thing | LazyText;

interface Thing {
  types: Set<string>;
  props: Map<string, Value[]>;
  /** @id / itemid. */
  id: string | null;
  syntax: SchemaSyntax;
  parent: Thing | null;
  /** The property of `parent` this thing is the value of. */
  via: string | null;
}

const REVIEW_TYPES = new Set(["review", "userreview", "criticreview", "employerreview"]);
// Where reviews and ratings hang; objects found there count even when they forgot their @type.
const REVIEW_PROPS = new Set(["review", "reviews"]);
const AGGREGATE_PROPS = new Set(["aggregaterating"]);
const MAX_JSON_DEPTH = 64;
const MAX_THINGS = 20_000;
/** Element visits allowed per page for microdata crawling and for reading text, together. */
const PAGE_BUDGET = 3_000_000;

/** "http://schema.org/Review", "schema:Review", "Review" → "review". */
function localName(s: string): string {
  const trimmed = s.trim().replace(/[/#]+$/, "");
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("#"), trimmed.lastIndexOf(":"));
  return trimmed.slice(cut + 1).toLowerCase();
}

function newThing(syntax: SchemaSyntax, parent: Thing | null, via: string | null): Thing {
  return { types: new Set(), props: new Map(), id: null, syntax, parent, via };
}

function addProp(thing: Thing, name: string, value: Value): void {
  const key = localName(name);
  if (!key) return;
  const list = thing.props.get(key);
  if (list) list.push(value);
  else thing.props.set(key, [value]);
}

// ---------- JSON-LD ----------

/** JSON as sites really write it: comments, trailing commas, raw line breaks in strings, CDATA fences. */
export function parseJsonLenient(source: string): unknown {
  let s = source.trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[|(?:\/\/\s*)?\]\]>$/g, "")
    .replace(/^\/\*\s*<!\[CDATA\[\s*\*\/|\/\*\s*\]\]>\s*\*\/$/g, "")
    .replace(/^<!--|-->$/g, "")
    .trim();
  try {
    return JSON.parse(s);
  } catch {
    // fall through to repair
  }
  let out = "";
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === "\\") {
        out += c + (s[i + 1] ?? "");
        i++;
      } else if (c === '"') {
        inString = false;
        out += c;
      } else if (c === "\n") out += "\\n";
      else if (c === "\r") out += "\\r";
      else if (c === "\t") out += "\\t";
      else if (c < " ") out += "";
      else out += c;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && s[i + 1] === "/") {
      while (i < s.length && s[i] !== "\n") i++;
    } else if (c === "/" && s[i + 1] === "*") {
      const end = s.indexOf("*/", i + 2);
      i = end < 0 ? s.length : end + 1;
    } else out += c;
  }
  // Trailing commas, now that comments are gone; string contents are copied untouched.
  s = "";
  inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === "\\") {
        s += c + (out[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "," && /^\s*[}\]]/.test(out.slice(i + 1, i + 200))) continue;
    s += c;
  }
  try {
    return JSON.parse(s);
  } catch {
    // Several objects back to back, as some plugins emit.
    return JSON.parse(`[${s.replace(/}\s*{/g, "},{")}]`);
  }
}

function jsonToThings(doc: unknown, things: Thing[]): void {
  // Objects that are only a reference ({"@id": …}) are resolved against the nodes that define them.
  const byId = new Map<string, Record<string, unknown>>();
  const seen = new Set<unknown>();
  const index = (v: unknown, depth: number) => {
    if (depth > MAX_JSON_DEPTH || !v || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) index(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    const id = o["@id"];
    if (typeof id === "string" && Object.keys(o).some((k) => k !== "@id")) byId.set(id, o);
    for (const x of Object.values(o)) index(x, depth + 1);
  };
  index(doc, 0);

  const converted = new Map<Record<string, unknown>, Thing>();
  const convert = (o: Record<string, unknown>, parent: Thing | null, via: string | null, depth: number): Thing | null => {
    if (depth > MAX_JSON_DEPTH || things.length >= MAX_THINGS) return null;
    const keys = Object.keys(o);
    const ref = typeof o["@id"] === "string" && keys.length === 1 ? byId.get(o["@id"] as string) : undefined;
    const target = ref ?? o;
    const existing = converted.get(target);
    if (existing) {
      // A node first met at the top of a @graph and later referenced from its product.
      if (!existing.parent && parent && parent !== existing) {
        existing.parent = parent;
        existing.via = via;
      }
      return existing;
    }
    const thing = newThing("json-ld", parent, via);
    converted.set(target, thing);
    things.push(thing);
    const type = target["@type"];
    for (const t of Array.isArray(type) ? type : [type]) if (typeof t === "string") thing.types.add(localName(t));
    if (typeof target["@id"] === "string") thing.id = target["@id"] as string;
    for (const [k, v] of Object.entries(target)) {
      if (k.startsWith("@")) continue;
      const prop = localName(k);
      for (const item of Array.isArray(v) ? v : [v]) {
        if (item === null || item === undefined) continue;
        if (typeof item === "object" && !Array.isArray(item)) {
          const obj = item as Record<string, unknown>;
          if ("@value" in obj) {
            const inner = obj["@value"];
            if (typeof inner === "string" || typeof inner === "number") addProp(thing, prop, inner);
            continue;
          }
          const nested = convert(obj, thing, prop, depth + 1);
          if (nested) addProp(thing, prop, nested);
        } else if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
          addProp(thing, prop, item);
        }
      }
    }
    return thing;
  };
  const roots = (v: unknown, depth: number) => {
    if (depth > 4 || !v || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const x of v) roots(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (Array.isArray(o["@graph"])) roots(o["@graph"], depth + 1);
    if (Object.keys(o).some((k) => k !== "@context" && k !== "@graph")) convert(o, null, null, 0);
  };
  roots(doc, 0);
}

// ---------- microdata & RDFa ----------

const URL_ELEMENTS: Record<string, string> = {
  a: "href", area: "href", link: "href", img: "src", audio: "src", video: "src", source: "src",
  embed: "src", iframe: "src", track: "src", object: "data",
};

function elementValue(el: DomElement, baseUrl: string | null, budget: WalkBudget): Value {
  const a = el.attribs;
  if (a.content !== undefined) return a.content;
  const name = el.name.toLowerCase();
  const urlAttr = URL_ELEMENTS[name];
  if (urlAttr && a[urlAttr] !== undefined) return safeHttpUrl(a[urlAttr], baseUrl) ?? a[urlAttr].trim();
  if ((name === "data" || name === "meter") && a.value !== undefined) return a.value;
  if (name === "time" && a.datetime !== undefined) return a.datetime;
  return new LazyText(el, budget);
}

interface DomIndex {
  ids: Map<string, DomElement>;
  scopes: DomElement[];
  rdfaTyped: DomElement[];
  rdfaProps: DomElement[];
  ldJson: DomElement[];
  nextLinks: DomElement[];
}

// Elements whose content never renders: nothing inside them is a review on the page.
const INERT = new Set(["template", "textarea", "xmp", "noembed", "noframes"]);

function indexDom(root: DomNode): DomIndex {
  const idx: DomIndex = { ids: new Map(), scopes: [], rdfaTyped: [], rdfaProps: [], ldJson: [], nextLinks: [] };
  walk(root, (node) => {
    if (!isElement(node)) return false;
    const name = node.name.toLowerCase();
    if (INERT.has(name)) return false;
    const a = node.attribs;
    if (name === "script") {
      const type = (a.type ?? "").split(";")[0].trim().toLowerCase();
      if (type === "application/ld+json") idx.ldJson.push(node);
      return false;
    }
    if (a.id !== undefined && !idx.ids.has(a.id)) idx.ids.set(a.id, node);
    if (a.itemscope !== undefined) idx.scopes.push(node);
    if (a.typeof !== undefined) idx.rdfaTyped.push(node);
    if (a.property !== undefined) idx.rdfaProps.push(node);
    if ((name === "link" || name === "a") && a.rel && /(^|\s)next(\s|$)/i.test(a.rel) && a.href) idx.nextLinks.push(node);
    return true;
  });
  return idx;
}

function microdataThings(idx: DomIndex, baseUrl: string | null, things: Thing[], budget: WalkBudget): void {
  const made = new Map<DomElement, Thing>();
  const thingFor = (el: DomElement): Thing => {
    let t = made.get(el);
    if (!t) {
      t = newThing("microdata", null, null);
      for (const type of (el.attribs.itemtype ?? "").split(/\s+/)) if (type) t.types.add(localName(type));
      const itemid = el.attribs.itemid?.trim();
      t.id = itemid ? (safeHttpUrl(itemid, baseUrl) ?? itemid) : null;
      made.set(el, t);
      things.push(t);
    }
    return t;
  };
  for (const scope of idx.scopes) {
    if (things.length >= MAX_THINGS) break;
    const item = thingFor(scope);
    // The item's properties: its descendants, plus the elements named in itemref, without entering
    // nested items (their properties are theirs).
    const pending: DomElement[] = [];
    const kids = scope.children.filter(isElement);
    for (let i = kids.length - 1; i >= 0; i--) pending.push(kids[i]);
    for (const ref of (scope.attribs.itemref ?? "").split(/\s+/)) {
      const target = ref ? idx.ids.get(ref) : undefined;
      if (target && target !== scope) pending.push(target);
    }
    const visited = new Set<DomElement>();
    while (pending.length > 0 && budget.nodes-- > 0) {
      const el = pending.pop()!;
      if (visited.has(el)) continue;
      visited.add(el);
      const name = el.name.toLowerCase();
      if (name === "script" || INERT.has(name)) continue;
      const props = el.attribs.itemprop;
      const nestedScope = el.attribs.itemscope !== undefined;
      if (props !== undefined) {
        for (const prop of props.split(/\s+/)) {
          if (!prop) continue;
          if (nestedScope) {
            const nested = thingFor(el);
            if (nested !== item) {
              nested.parent ??= item;
              nested.via ??= localName(prop);
              addProp(item, prop, nested);
            }
          } else addProp(item, prop, elementValue(el, baseUrl, budget));
        }
      }
      if (nestedScope) continue;
      const children = el.children;
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (isElement(c)) pending.push(c);
      }
    }
  }
}

function rdfaThings(idx: DomIndex, baseUrl: string | null, things: Thing[], budget: WalkBudget): void {
  if (idx.rdfaTyped.length === 0) return;
  const made = new Map<DomElement, Thing>();
  for (const el of idx.rdfaTyped) {
    if (things.length >= MAX_THINGS) break;
    const t = newThing("rdfa", null, null);
    for (const type of el.attribs.typeof.split(/\s+/)) if (type) t.types.add(localName(type));
    const about = el.attribs.resource ?? el.attribs.about;
    t.id = about ? (safeHttpUrl(about, baseUrl) ?? about) : null;
    made.set(el, t);
    things.push(t);
  }
  // The nearest typed ancestor, remembered along the way: deep pages stay linear.
  const ownerMemo = new Map<DomNode, Thing | null>();
  const owner = (el: DomElement): Thing | null => {
    const path: DomNode[] = [];
    let found: Thing | null = null;
    for (let p = el.parent; p; p = p.parent) {
      const memo = ownerMemo.get(p);
      if (memo !== undefined) {
        found = memo;
        break;
      }
      const t = isElement(p) ? made.get(p) : undefined;
      if (t) {
        found = t;
        break;
      }
      path.push(p);
    }
    for (const p of path) ownerMemo.set(p, found);
    return found;
  };
  for (const el of idx.rdfaProps) {
    const item = owner(el);
    if (!item) continue;
    const own = made.get(el);
    for (const prop of el.attribs.property.split(/\s+/)) {
      if (!prop) continue;
      if (own) {
        own.parent ??= item;
        own.via ??= localName(prop);
        addProp(item, prop, own);
      } else addProp(item, prop, elementValue(el, baseUrl, budget));
    }
  }
}

// ---------- reading things ----------

function first(thing: Thing, ...props: string[]): Value | undefined {
  for (const p of props) {
    const list = thing.props.get(p);
    if (list && list.length > 0) return list[0];
  }
  return undefined;
}

function isThing(v: Value | undefined): v is Thing {
  return typeof v === "object" && v !== null && !(v instanceof LazyText);
}

/** A value as readable text (JSON-LD strings may carry markup and entities too). */
function text(v: Value | undefined, syntax: SchemaSyntax): string | null {
  if (v === undefined) return null;
  if (v instanceof LazyText) return v.value || null;
  if (isThing(v)) return null;
  if (typeof v === "string") return (syntax === "json-ld" ? htmlToText(v) : cleanText(v)) || null;
  return String(v);
}

function number(v: Value | undefined, syntax: SchemaSyntax): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  const s = text(v, syntax);
  if (s === null) return null;
  // "4.5", "4,5", "4.5 stars"
  const m = s.replace(/\s/g, "").match(/-?\d+(?:[.,]\d+)?/);
  if (!m) return null;
  const n = Number(m[0].replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

function count(v: Value | undefined, syntax: SchemaSyntax): number | null {
  const s = text(v, syntax);
  if (s === null) return null;
  const digits = s.replace(/[\s,.'\u00a0\u202f]/g, "").match(/\d+/);
  return digits ? Number(digits[0]) : null;
}

function personName(v: Value | undefined, syntax: SchemaSyntax): string | null {
  if (v === undefined) return null;
  if (isThing(v)) {
    const name = text(first(v, "name", "alternatename"), v.syntax);
    if (name) return oneLine(name);
    const given = text(first(v, "givenname"), v.syntax);
    const family = text(first(v, "familyname"), v.syntax);
    return oneLine([given, family].filter(Boolean).join(" ")) ?? null;
  }
  return oneLine(text(v, syntax));
}

function nameOf(thing: Thing | null): string | null {
  if (!thing) return null;
  return oneLine(text(first(thing, "name", "headline"), thing.syntax));
}

/** The name of what a review or rating is about: its itemReviewed, else the thing it hangs from. */
function subjectName(thing: Thing): string | null {
  const reviewed = first(thing, "itemreviewed");
  if (isThing(reviewed)) return nameOf(reviewed);
  if (typeof reviewed === "string" || reviewed instanceof LazyText) return oneLine(text(reviewed, thing.syntax));
  for (let p = thing.parent; p; p = p.parent) {
    if (isReview(p)) continue;
    const n = nameOf(p);
    if (n) return n;
  }
  return null;
}

function isReview(t: Thing): boolean {
  for (const type of t.types) if (REVIEW_TYPES.has(type)) return true;
  // An untyped object under "review" that reads like one.
  return t.types.size === 0 && t.via !== null && REVIEW_PROPS.has(t.via) && (t.props.has("reviewbody") || t.props.has("reviewrating"));
}

function isAggregate(t: Thing): boolean {
  return t.types.has("aggregaterating") || (t.types.size === 0 && t.via !== null && AGGREGATE_PROPS.has(t.via));
}

interface ReviewRecord {
  own: string | null;
  title: string | null;
  text: string;
  author: string | null;
  rating: number | null;
  ratingMax: number | null;
  publishedAt: string | null;
  subject: string | null;
}

function readReview(t: Thing, baseUrl: string | null): ReviewRecord | null {
  const s = t.syntax;
  const body = text(first(t, "reviewbody", "description", "text", "articlebody"), s) ?? "";
  const title = oneLine(text(first(t, "name", "headline"), s));
  const authorValues = t.props.get("author") ?? t.props.get("creator") ?? [];
  const authors = authorValues.map((v) => personName(v, s)).filter((x): x is string => Boolean(x));
  const author = authors.length > 0 ? [...new Set(authors)].join(", ") : null;
  let rating: number | null = null;
  let ratingMax: number | null = null;
  // A review's rating must be a Rating; a bare "reviewRating": "4" is not valid schema.org.
  const rr = first(t, "reviewrating");
  if (isThing(rr)) {
    const value = number(first(rr, "ratingvalue"), rr.syntax);
    const best = number(first(rr, "bestrating"), rr.syntax);
    const parsed = value === null ? null : parseRating(value, { max: best });
    if (parsed) {
      rating = parsed.value;
      ratingMax = parsed.max;
    }
  }
  const date = text(first(t, "datepublished", "datecreated", "datemodified"), s);
  if (!body && !title && rating === null) return null;
  const url = first(t, "url");
  const urlText = typeof url === "string" ? url : url instanceof LazyText ? url.value : null;
  const own = safeHttpUrl(urlText, baseUrl) ?? (t.id ? safeHttpUrl(t.id, baseUrl) : null);
  return {
    own,
    title,
    text: body,
    author,
    rating,
    ratingMax,
    publishedAt: parseDate(date),
    subject: subjectName(t),
  };
}

function sameness(r: ReviewRecord): string {
  const norm = (s: string | null) => (s ?? "").toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return `${norm(r.author)}\u0000${norm(r.text).slice(0, 200)}\u0000${norm(r.title)}`;
}

/** Merges reviews that are the same review published twice (two JSON-LD blocks, JSON-LD + microdata). */
function collapse(records: ReviewRecord[]): ReviewRecord[] {
  const out: ReviewRecord[] = [];
  const groups = new Map<string, ReviewRecord[]>();
  for (const r of records) {
    const key = sameness(r);
    const group = groups.get(key) ?? [];
    // Same words by the same person but a different date or rating: two reviews that happen to match.
    const twin = group.find(
      (g) =>
        (g.publishedAt === null || r.publishedAt === null || g.publishedAt.slice(0, 10) === r.publishedAt.slice(0, 10)) &&
        (g.rating === null || r.rating === null || g.rating === r.rating) &&
        (g.own === null || r.own === null || g.own === r.own),
    );
    if (twin) {
      twin.publishedAt ??= r.publishedAt;
      twin.rating ??= r.rating;
      twin.ratingMax ??= r.ratingMax;
      twin.own ??= r.own;
      twin.subject ??= r.subject;
      if (r.text.length > twin.text.length) twin.text = r.text;
      continue;
    }
    group.push(r);
    groups.set(key, group);
    out.push(r);
  }
  return out;
}

function toMentions(records: ReviewRecord[], pageUrl: string | null): CandidateMention[] {
  const page = pageUrl ? canonicalUrl(pageUrl) : null;
  const ownCount = new Map<string, number>();
  for (const r of records) if (r.own) ownCount.set(r.own, (ownCount.get(r.own) ?? 0) + 1);
  return records.map((r) => {
    // A review's own URL identifies it only if no other review shares it and it is not just the page.
    const identifying = r.own && ownCount.get(r.own) === 1 && canonicalUrl(r.own, { keepFragment: true }) !== page ? r.own : null;
    return {
      key: identifying
        ? mentionKey({ id: identifying })
        : mentionKey({ title: r.title, text: r.text, extra: [r.author, r.publishedAt?.slice(0, 10), r.subject] }),
      url: r.own ?? pageUrl,
      title: r.title,
      text: r.text,
      author: r.author,
      rating: r.rating,
      ratingMax: r.ratingMax,
      publishedAt: r.publishedAt,
    };
  });
}

/** All schema.org things on a parsed page, in document order per syntax. */
function collectThings(root: DomNode, baseUrl: string | null, budget: WalkBudget): { things: Thing[]; idx: DomIndex; unreadable: number } {
  const idx = indexDom(root);
  const things: Thing[] = [];
  let unreadable = 0;
  for (const script of idx.ldJson) {
    const source = textContent(script);
    if (!source.trim()) continue;
    try {
      jsonToThings(parseJsonLenient(source), things);
    } catch {
      unreadable++;
    }
  }
  microdataThings(idx, baseUrl, things, budget);
  rdfaThings(idx, baseUrl, things, budget);
  return { things, idx, unreadable };
}

/** Reviews (as mentions) and aggregate ratings marked up with schema.org on an HTML page. */
export function extractSchemaOrg(html: string, baseUrl?: string | null): SchemaOrgResult {
  const page = baseUrl ? safeHttpUrl(baseUrl) : null;
  const root = parseHtml(html);
  return extractSchemaOrgFromDom(root, page);
}

export function extractSchemaOrgFromDom(root: DomNode, page: string | null): SchemaOrgResult {
  const { things, idx, unreadable } = collectThings(root, page, { nodes: PAGE_BUDGET });
  const records: ReviewRecord[] = [];
  const aggregates: AggregateRating[] = [];
  for (const t of things) {
    if (isReview(t)) {
      const r = readReview(t, page);
      if (r) records.push(r);
    } else if (isAggregate(t)) {
      const s = t.syntax;
      const agg: AggregateRating = {
        ratingValue: number(first(t, "ratingvalue"), s),
        bestRating: number(first(t, "bestrating"), s),
        worstRating: number(first(t, "worstrating"), s),
        ratingCount: count(first(t, "ratingcount"), s),
        reviewCount: count(first(t, "reviewcount"), s),
        itemName: subjectName(t),
        syntax: s,
      };
      if (agg.ratingValue !== null || agg.ratingCount !== null || agg.reviewCount !== null) aggregates.push(agg);
    }
  }
  let nextUrl: string | null = null;
  for (const el of idx.nextLinks) {
    nextUrl = safeHttpUrl(el.attribs.href, page);
    if (nextUrl) break;
  }
  return { reviews: toMentions(collapse(records), page), aggregates, nextUrl, unreadableBlocks: unreadable };
}
