/**
 * Reviews from pages without usable markup, read with CSS selectors the user supplies:
 * `{ "item": ".review", "text": ".body", "title": "h3", "author": ".by", "rating": ".stars",
 *    "date": "time", "link": "a.permalink", "next": "a.next-page" }`.
 * `item` picks one element per review; the others are looked up inside it, except `next`, which is
 * looked up in the whole page and gives the next page's URL.
 */
import { load, type CheerioAPI } from "cheerio/slim";
import { z } from "zod";
import type { CandidateMention } from "~/core/candidate";
import { parseDate } from "./date";
import { isElement, walk, type DomElement, type DomNode } from "./dom";
import { ExtractError } from "./errors";
import { mentionKey, safeHttpUrl } from "./key";
import { parseRating, parseRatingFromClass, type Rating } from "./rating";
import { nodeToText, oneLine, type WalkBudget } from "./text";

const FIELDS = ["item", "text", "title", "author", "rating", "date", "link", "next"] as const;

const selector = (field: string) =>
  z
    .string({ error: (issue) => `"${field}" must be a CSS selector string, got ${describe(issue.input)}` })
    .trim()
    .min(1, { error: `"${field}" must be a CSS selector, got an empty string` })
    .max(1000, { error: `"${field}" must be at most 1000 characters long` });

export const selectorSpecSchema = z.strictObject(
  {
    item: selector("item"),
    text: selector("text").optional(),
    title: selector("title").optional(),
    author: selector("author").optional(),
    rating: selector("rating").optional(),
    date: selector("date").optional(),
    link: selector("link").optional(),
    next: selector("next").optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; expected only ${FIELDS.join(", ")}`
        : `expected an object like {"item": ".review", "text": ".body"}, got ${describe(issue.input)}`,
  },
);

export type SelectorSpec = z.infer<typeof selectorSpecSchema>;

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v === "object" ? "an object" : `the ${typeof v}`}${typeof v === "object" ? "" : ` ${String(v)}`}`;
}

/**
 * A validated selector spec from JSON text or an already-parsed value. Throws ExtractError saying what
 * was expected: bad JSON, a missing `item`, an unknown key, a selector that is not valid CSS.
 */
export function parseSelectorSpec(input: unknown): SelectorSpec {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ExtractError(`selectors: expected JSON such as {"item": ".review"}, got text that does not parse (${(error as Error).message})`);
    }
  }
  const result = selectorSpecSchema.safeParse(value);
  if (!result.success) {
    const given = value && typeof value === "object" ? (value as Record<string, unknown>) : null;
    const messages = result.error.issues.slice(0, 3).map((issue) => {
      if (issue.path[0] === "item" && given && given.item === undefined) return '"item" is required (the selector for one review), got nothing';
      const field = issue.path.length > 0 ? String(issue.path[0]) : null;
      return field && !issue.message.startsWith(`"${field}"`) ? `"${field}": ${issue.message}` : issue.message;
    });
    throw new ExtractError(`selectors: ${messages.join("; ")}`);
  }
  const spec = result.data;
  // css-select compiles lazily; compile each now so a typo fails here with the field's name.
  const $ = load("<div></div>");
  for (const field of FIELDS) {
    const sel = spec[field];
    if (sel === undefined) continue;
    try {
      $.root().find(sel);
    } catch (error) {
      throw new ExtractError(`selectors: "${field}" must be valid CSS, got ${JSON.stringify(sel)} (${(error as Error).message})`);
    }
  }
  return spec;
}

const RATING_ATTRIBUTES = ["content", "aria-label", "title", "data-rating", "data-score", "data-value", "alt", "value"];

/** Element visits allowed per page for reading items, so nested matches cannot make it quadratic. */
const PAGE_BUDGET = 3_000_000;

function ratingFromElement(el: DomElement): Rating | null {
  const a = el.attribs;
  if (el.name === "meter" && a.value !== undefined) {
    const r = parseRating(Number(a.value), { max: a.max !== undefined ? Number(a.max) : null });
    if (r) return r;
  }
  for (const name of RATING_ATTRIBUTES) {
    const r = a[name] !== undefined ? parseRating(a[name]) : null;
    if (r) return r;
  }
  return null;
}

/** A rating from the element's attributes, its text, its descendants' attributes, or a class name. */
function readRating(el: DomElement, budget: WalkBudget): Rating | null {
  const own = ratingFromElement(el);
  if (own) return own;
  const fromText = parseRating(nodeToText(el, 500, budget));
  if (fromText) return fromText;
  let found: Rating | null = null;
  let looked = 0;
  walk(el, (n) => {
    if (found || !isElement(n) || ++looked > 50) return false;
    found = ratingFromElement(n);
  });
  if (found) return found;
  const classes: string[] = [el.attribs.class ?? ""];
  walk(el, (n) => {
    if (classes.length >= 50 || --budget.nodes < 0) return false;
    if (isElement(n) && n.attribs.class) classes.push(n.attribs.class);
  });
  for (const c of classes) {
    const r = parseRatingFromClass(c);
    if (r) return r;
  }
  // A star bar drawn as a filled width, style="width: 80%", on the selected element itself (on its
  // descendants a width is as likely to be layout).
  const width = (el.attribs.style ?? "").match(/width\s*:\s*(\d{1,3}(?:\.\d+)?)%/);
  return width ? parseRating((Number(width[1]) / 100) * 5, { max: 5 }) : null;
}

function readDate(el: DomElement, budget: WalkBudget): string | null {
  for (const name of ["datetime", "content", "data-date", "title"]) {
    const v = el.attribs[name];
    const d = v ? parseDate(v) : null;
    if (d) return d;
  }
  return parseDate(nodeToText(el, 500, budget));
}

function readHref(el: DomElement, base: string | null, budget: WalkBudget): string | null {
  if (el.attribs.href !== undefined) return safeHttpUrl(el.attribs.href, base);
  let href: string | null = null;
  walk(el, (n) => {
    if (href !== null || --budget.nodes < 0) return false;
    if (isElement(n) && n.name === "a" && n.attribs.href !== undefined) href = safeHttpUrl(n.attribs.href, base);
  });
  return href;
}

function select($: CheerioAPI, scope: DomNode | null, sel: string, field: string): DomElement[] {
  try {
    const found = scope ? $(scope as never).find(sel) : $(sel);
    return found.toArray() as unknown as DomElement[];
  } catch (error) {
    throw new ExtractError(`selectors: "${field}" could not be applied (${(error as Error).message})`);
  }
}

const MAX_DEPTH = 1000;

function maxDepth(root: DomNode): number {
  let deepest = 0;
  const stack: Array<[DomNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    for (const c of (node as { children?: DomNode[] }).children ?? []) if (isElement(c)) stack.push([c, d + 1]);
  }
  return deepest;
}

/** Items may nest (replies inside comments), but only this deep: deeper is markup built to stall us. */
const MAX_ITEM_NESTING = 5;

function keepShallow(items: DomElement[]): DomElement[] {
  const selected = new Set<DomNode>(items);
  // Number of selected ancestors, remembered per node so deep pages stay linear.
  const memo = new Map<DomNode, number>();
  const depthAbove = (el: DomNode): number => {
    const path: DomNode[] = [];
    let base = 0;
    for (let p = el.parent; p; p = p.parent) {
      const known = memo.get(p);
      if (known !== undefined) {
        base = known;
        break;
      }
      path.push(p);
    }
    // Walk back down the path, counting selected nodes on the way.
    for (let i = path.length - 1; i >= 0; i--) {
      base += selected.has(path[i]) ? 1 : 0;
      memo.set(path[i], base);
    }
    return base;
  };
  return items.filter((el) => depthAbove(el) <= MAX_ITEM_NESTING);
}

export interface SelectorResult {
  mentions: CandidateMention[];
  nextUrl: string | null;
}

const MAX_ITEMS = 10_000;

/** Mentions from `html` using the selector spec (validated first; see parseSelectorSpec). */
export function extractBySelectors(html: string, specInput: SelectorSpec | string | unknown, baseUrl?: string | null): SelectorResult {
  const spec = parseSelectorSpec(specInput);
  const page = baseUrl ? safeHttpUrl(baseUrl) : null;
  const $ = load(html);
  // Selector matching climbs ancestors, so its cost grows with depth; real pages are a few dozen deep.
  const depth = maxDepth($.root()[0] as unknown as DomNode);
  if (depth > MAX_DEPTH) {
    throw new ExtractError(`expected a page nested at most ${MAX_DEPTH} elements deep, got one nested ${depth} deep`);
  }
  const items = keepShallow(select($, null, spec.item, "item")).slice(0, MAX_ITEMS);
  const mentions: CandidateMention[] = [];
  const links: Array<string | null> = [];
  const budget: WalkBudget = { nodes: PAGE_BUDGET };
  for (const item of items) {
    const pick = (field: "text" | "title" | "author" | "rating" | "date" | "link") => {
      const sel = spec[field];
      return sel ? select($, item, sel, field) : [];
    };
    const textEls = pick("text");
    if (budget.nodes <= 0) break;
    const text = spec.text
      ? textEls.map((el) => nodeToText(el, undefined, budget)).filter(Boolean).join("\n")
      : nodeToText(item, undefined, budget);
    const titleEl = pick("title")[0];
    const authorEl = pick("author")[0];
    const ratingEl = pick("rating")[0];
    const dateEl = pick("date")[0];
    const linkEl = pick("link")[0];
    const title = titleEl ? oneLine(nodeToText(titleEl, 1000, budget)) : null;
    const rating = ratingEl ? readRating(ratingEl, budget) : null;
    if (!text && !title && !rating) continue;
    const link = linkEl ? readHref(linkEl, page, budget) : null;
    const author = authorEl ? oneLine(nodeToText(authorEl, 1000, budget)) : null;
    const publishedAt = dateEl ? readDate(dateEl, budget) : null;
    links.push(link);
    mentions.push({
      key: mentionKey({ title, text, extra: [author, publishedAt?.slice(0, 10)] }),
      url: link ?? page,
      title,
      text,
      author,
      rating: rating?.value ?? null,
      ratingMax: rating?.max ?? null,
      publishedAt,
    });
  }
  // A link identifies a review only when it is the review's own: shared by no other item.
  const linkCount = new Map<string, number>();
  for (const l of links) if (l) linkCount.set(l, (linkCount.get(l) ?? 0) + 1);
  mentions.forEach((m, i) => {
    const l = links[i];
    if (l && linkCount.get(l) === 1 && l !== page) m.key = mentionKey({ id: l });
  });
  let nextUrl: string | null = null;
  if (spec.next) {
    const nextEl = select($, null, spec.next, "next")[0];
    nextUrl = nextEl ? readHref(nextEl, page, { nodes: 100_000 }) : null;
  }
  return { mentions, nextUrl };
}
