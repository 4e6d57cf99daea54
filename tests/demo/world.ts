import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seeded } from "~/core/spikes/fixtures";
import { BLOG_AUTHORS, BUSINESS, REVIEWERS, pick, postText, reviewText, type Tone } from "./content";

/**
 * A small fictional internet on loopback: a review site with schema.org JSON-LD, a second review site with
 * plain HTML (for CSS selectors) and a food blog's RSS feed. Everything is a pure function of the seed and
 * the clock, so tests can drive it with a fake clock and get the same world every time.
 */
export interface DemoWorldOptions {
  seed?: number;
  /** Mean gap between new items in quiet times. */
  itemEveryMs?: number;
  /** When the crisis starts, counted from the world's start. */
  crisisAfterMs?: number;
  crisisDurationMs?: number;
  /** How many times more items arrive during the crisis. */
  crisisRateFactor?: number;
  /** Days of quiet history already on the sites when the world starts. */
  historyDays?: number;
  historyPerDay?: number;
  pageSize?: number;
  clock?: () => number;
}

export interface DemoItem {
  id: string;
  kind: "review" | "post";
  site: "reviews" | "listing" | "blog";
  at: number;
  tone: Tone;
  author: string;
  title: string;
  text: string;
  rating: number | null;
  related: boolean;
}

export interface DemoWorld {
  url: string;
  port: number;
  startedAt: number;
  options: Required<Omit<DemoWorldOptions, "clock">>;
  items(now?: number): DemoItem[];
  sources(): { kind: "feed" | "schema" | "selectors"; name: string; url: string; options: Record<string, unknown> }[];
  close(): Promise<void>;
}

const DAY = 86_400_000;

function quietTone(r: number): Tone {
  return r < 0.6 ? "positive" : r < 0.85 ? "neutral" : "negative";
}

/**
 * Live items arrive far faster than the history's few a day (a demo compresses days into minutes), so
 * before the crisis they carry no complaints: otherwise the sheer pace would read as a surge of negatives
 * and the crisis would not stand out.
 */
function liveQuietTone(r: number): Tone {
  return r < 0.7 ? "positive" : "neutral";
}

export function generateItems(options: Required<Omit<DemoWorldOptions, "clock">>, startedAt: number, until: number): DemoItem[] {
  const rand = seeded(options.seed);
  const items: DemoItem[] = [];
  const make = (at: number, tone: Tone, index: number): DemoItem => {
    const [r0, r1, r2, r3] = [rand(), rand(), rand(), rand()];
    const id = `${options.seed}-${index}`;
    if (r0 < 0.7) {
      const { text, rating } = reviewText(tone, r1, r2, r3);
      return {
        id, kind: "review", site: r3 < 0.5 ? "reviews" : "listing", at, tone,
        author: pick(REVIEWERS, r2), title: text.split(/[.!]/)[0]!.slice(0, 60), text, rating, related: true,
      };
    }
    const post = postText(tone, r1);
    return { id, kind: "post", site: "blog", at, tone, author: pick(BLOG_AUTHORS, r2), ...post, rating: null };
  };
  const historyCount = Math.round(options.historyDays * options.historyPerDay);
  const historyStart = startedAt - options.historyDays * DAY;
  let index = 0;
  for (let i = 0; i < historyCount; i++) {
    const at = Math.floor(historyStart + ((i + rand()) / historyCount) * options.historyDays * DAY);
    items.push(make(Math.min(at, startedAt - 1000), quietTone(rand()), index++));
  }
  const crisisStart = startedAt + options.crisisAfterMs;
  const crisisEnd = crisisStart + options.crisisDurationMs;
  let t = startedAt;
  while (true) {
    const inCrisis = t >= crisisStart && t < crisisEnd;
    const gap = options.itemEveryMs / (inCrisis ? options.crisisRateFactor : 1);
    t += Math.max(1, Math.round(gap * (0.5 + rand())));
    if (t > until) break;
    const crisisNow = t >= crisisStart && t < crisisEnd;
    items.push(make(t, crisisNow && rand() < 0.85 ? "crisis" : liveQuietTone(rand()), index++));
  }
  return items;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function page<T>(list: T[], req: URL, size: number) {
  const n = Math.max(1, Number(req.searchParams.get("page") ?? 1) || 1);
  const slice = list.slice((n - 1) * size, n * size);
  return { n, slice, hasNext: n * size < list.length };
}

function reviewsPage(items: DemoItem[], base: string, url: URL, size: number) {
  const { n, slice, hasNext } = page(items, url, size);
  const ratings = items.map((i) => i.rating ?? 0);
  const avg = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : 0;
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "CafeOrCoffeeShop",
    name: BUSINESS.name,
    address: BUSINESS.address,
    aggregateRating: { "@type": "AggregateRating", ratingValue: avg.toFixed(1), reviewCount: items.length, bestRating: 5 },
    review: slice.map((i) => ({
      "@type": "Review",
      "@id": `${base}/places/${BUSINESS.slug}/reviews#r${i.id}`,
      author: { "@type": "Person", name: i.author },
      datePublished: new Date(i.at).toISOString(),
      name: i.title,
      reviewBody: i.text,
      reviewRating: { "@type": "Rating", ratingValue: i.rating, bestRating: 5, worstRating: 1 },
    })),
  };
  const next = hasNext ? `/places/${BUSINESS.slug}/reviews?page=${n + 1}` : null;
  // JSON-LD inside <script>: "</" must not end the script early.
  const ld = JSON.stringify(jsonLd).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(BUSINESS.name)} reviews – Tastemap</title>
${next ? `<link rel="next" href="${next}">` : ""}
<script type="application/ld+json">${ld}</script></head>
<body><h1>${esc(BUSINESS.name)}</h1><p>${avg.toFixed(1)} stars from ${items.length} reviews</p>
<ol class="reviews">${slice
    .map((i) => `<li><b>${esc(i.author)}</b> rated it ${i.rating}/5 on ${new Date(i.at).toDateString()}<p>${esc(i.text)}</p></li>`)
    .join("\n")}</ol>
${next ? `<a rel="next" href="${next}">Older reviews</a>` : ""}</body></html>`;
}

function listingPage(items: DemoItem[], url: URL, size: number) {
  const { n, slice, hasNext } = page(items, url, size);
  const next = hasNext ? `/listing/${BUSINESS.slug}?page=${n + 1}` : null;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(BUSINESS.name)} · LocalVoice</title></head>
<body><main><h1>What people say about ${esc(BUSINESS.name)}</h1>
${slice
    .map(
      (i) => `<article class="review-card" id="rv-${i.id}">
  <h3 class="review-title"><a href="/listing/${BUSINESS.slug}/review/${i.id}">${esc(i.title)}</a></h3>
  <span class="stars" aria-label="${i.rating}.0 out of 5 stars">${"★".repeat(i.rating ?? 0)}${"☆".repeat(5 - (i.rating ?? 0))}</span>
  <span class="reviewer">${esc(i.author)}</span>
  <time datetime="${new Date(i.at).toISOString()}">${new Date(i.at).toDateString()}</time>
  <div class="review-body"><p>${esc(i.text)}</p></div>
</article>`,
    )
    .join("\n")}
${next ? `<nav><a class="next-page" href="${next}">Next page</a></nav>` : ""}</main></body></html>`;
}

function blogFeed(items: DemoItem[], base: string) {
  const latest = items.slice(0, 30);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Millbrook Food Notes</title><link>${base}/blog/</link><description>Local food news</description>
${latest
    .map(
      (i) => `<item><title>${esc(i.title)}</title><link>${base}/blog/posts/${i.id}</link><guid isPermaLink="false">post-${i.id}</guid>
<pubDate>${new Date(i.at).toUTCString()}</pubDate><author>${esc(i.author)}</author>
<description>${esc(`<p>${esc(i.text)}</p>`)}</description></item>`,
    )
    .join("\n")}
</channel></rss>`;
}

export function demoOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoWorldOptions {
  const num = (name: string) => (env[name] !== undefined && env[name] !== "" ? Number(env[name]) : undefined);
  const picked: DemoWorldOptions = {
    seed: num("DEMO_SEED"),
    itemEveryMs: num("DEMO_ITEM_EVERY_MS"),
    crisisAfterMs: num("DEMO_CRISIS_AFTER_MS"),
    crisisDurationMs: num("DEMO_CRISIS_DURATION_MS"),
    crisisRateFactor: num("DEMO_CRISIS_FACTOR"),
    historyDays: num("DEMO_HISTORY_DAYS"),
  };
  for (const [key, value] of Object.entries(picked)) {
    if (value === undefined) delete picked[key as keyof DemoWorldOptions];
    else if (!Number.isFinite(value) || value < 0) throw new Error(`demo option ${key}: expected a non-negative number, got ${value}`);
  }
  return picked;
}

export async function startDemoWorld(options: DemoWorldOptions = {}, port = 0, host = "127.0.0.1"): Promise<DemoWorld> {
  const clock = options.clock ?? Date.now;
  const resolved = {
    seed: options.seed ?? 7,
    itemEveryMs: options.itemEveryMs ?? 4000,
    crisisAfterMs: options.crisisAfterMs ?? 60_000,
    crisisDurationMs: options.crisisDurationMs ?? 120_000,
    crisisRateFactor: options.crisisRateFactor ?? 4,
    historyDays: options.historyDays ?? 14,
    historyPerDay: options.historyPerDay ?? 8,
    pageSize: options.pageSize ?? 20,
  };
  const startedAt = clock();
  let cache: { until: number; items: DemoItem[] } = { until: startedAt, items: generateItems(resolved, startedAt, startedAt) };
  const items = (now = clock()) => {
    if (now > cache.until) cache = { until: now, items: generateItems(resolved, startedAt, now) };
    return cache.items.filter((i) => i.at <= now).sort((a, b) => b.at - a.at);
  };
  let base = "";

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base);
    const all = items();
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-cache" });
      res.end(body);
    };
    if (url.pathname === "/robots.txt") return send(200, "text/plain", "User-agent: *\nAllow: /\n");
    if (url.pathname === "/blog/feed.xml") return send(200, "application/rss+xml; charset=utf-8", blogFeed(all.filter((i) => i.site === "blog"), base));
    if (url.pathname === `/places/${BUSINESS.slug}/reviews`)
      return send(200, "text/html; charset=utf-8", reviewsPage(all.filter((i) => i.site === "reviews"), base, url, resolved.pageSize));
    if (url.pathname === `/listing/${BUSINESS.slug}`)
      return send(200, "text/html; charset=utf-8", listingPage(all.filter((i) => i.site === "listing"), url, resolved.pageSize));
    if (url.pathname === "/")
      return send(200, "text/html; charset=utf-8", `<!doctype html><title>Demo world</title><ul>
<li><a href="/places/${BUSINESS.slug}/reviews">Tastemap reviews (JSON-LD)</a></li>
<li><a href="/listing/${BUSINESS.slug}">LocalVoice listing (plain HTML)</a></li>
<li><a href="/blog/feed.xml">Millbrook Food Notes feed (RSS)</a></li></ul>`);
    return send(404, "text/plain", "not found");
  };

  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  base = `http://${host}:${actualPort}`;
  return {
    url: base,
    port: actualPort,
    startedAt,
    options: resolved,
    items,
    sources: () => [
      { kind: "feed", name: "Food blog (RSS)", url: `${base}/blog/feed.xml`, options: {} },
      { kind: "schema", name: "Review site (JSON-LD)", url: `${base}/places/${BUSINESS.slug}/reviews`, options: { maxPages: 10 } },
      {
        kind: "selectors",
        name: "Local listings (HTML)",
        url: `${base}/listing/${BUSINESS.slug}`,
        options: {
          maxPages: 10,
          selectors: {
            item: "article.review-card",
            title: ".review-title",
            text: ".review-body",
            author: ".reviewer",
            rating: ".stars",
            date: "time",
            link: ".review-title a",
            next: "a.next-page",
          },
        },
      },
    ],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
