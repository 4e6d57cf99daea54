import { z } from "zod";
import { detectBotBlock } from "./bot-block";
import type { Collector } from "./types";

const feedOptions = z
  .object({
    /** Keep every item, even those that do not match the brand query (a feed that is only about the brand). */
    matchAll: z.boolean().default(false),
  })
  .strict();

export const feedCollector: Collector<z.infer<typeof feedOptions>> = {
  kind: "feed",
  label: "RSS, Atom or JSON Feed",
  needsUrl: true,
  options: feedOptions,
  matchesAll: (o) => o.matchAll,
  async collect(source, ctx) {
    const res = await ctx.fetch(source.url!, {
      etag: source.etag,
      lastModified: source.lastModified,
      accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5",
    });
    if (res.notModified) return { items: [], notModified: true, etag: res.etag, lastModified: res.lastModified };
    let mentions;
    try {
      ({ mentions } = await ctx.read(res.text, { baseUrl: res.url, kind: "feed", contentType: res.headers["content-type"] }));
    } catch (error) {
      // Only a page that is not a feed is looked at as a challenge: a feed may well discuss captchas.
      const blocked = detectBotBlock(res.status, res.text);
      if (blocked) return { items: [], notModified: false, blocked };
      throw error;
    }
    return { items: mentions, notModified: false, etag: res.etag, lastModified: res.lastModified };
  },
};
