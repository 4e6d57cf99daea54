import type { SelectorSpec } from "~/core/extract";
import type { ReadMention } from "~/core/read-page";
import { detectBotBlock } from "./bot-block";
import type { CollectContext, CollectOutput } from "./types";

/**
 * Walks a review listing page by page (the extractor finds each page's "next" link) until the page limit,
 * a page that adds nothing new, or a link back to a page already seen.
 */
export async function collectPages(
  startUrl: string,
  ctx: CollectContext,
  { kind, maxPages, selectors }: { kind: "schema" | "selectors"; maxPages: number; selectors?: SelectorSpec },
): Promise<CollectOutput> {
  const seen = new Set<string>();
  const byKey = new Map<string, ReadMention>();
  let url: string | null = startUrl;
  let pages = 0;
  let aggregate: CollectOutput["aggregate"] = null;
  while (url && pages < maxPages && !seen.has(url)) {
    seen.add(url);
    const res = await ctx.fetch(url, { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5" });
    pages++;
    const blocked = detectBotBlock(res.status, res.text);
    if (blocked) return { items: [...byKey.values()], notModified: false, blocked, pages };
    const result = await ctx.read(res.text, { baseUrl: res.url, kind, selectors, contentType: res.headers["content-type"] });
    // The listing's own rating: on its first page, the block with a value (a page may rate other things too).
    if (pages === 1) aggregate = result.aggregates?.find((a) => a.ratingValue !== null) ?? null;
    const before = byKey.size;
    for (const m of result.mentions) if (!byKey.has(m.key)) byKey.set(m.key, m);
    if (byKey.size === before) break;
    url = result.nextUrl ?? null;
  }
  return { items: [...byKey.values()], notModified: false, pages, aggregate };
}
