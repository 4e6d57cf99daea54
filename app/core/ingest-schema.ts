import { z } from "zod";

const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "expected an http(s) URL");

/** One mention as the ingest API and CSV import accept it; `id` is the caller's, and makes retries safe. */
export const pushedMention = z.object({
  id: z.string({ error: "expected a string id (your own, unique per mention)" }).trim().min(1, "expected a non-empty id").max(500),
  text: z.string({ error: "expected the mention's text as a string" }).trim().min(1, "expected non-empty text").max(50_000),
  title: z.string().trim().max(1000).nullish(),
  url: httpUrl.nullish(),
  author: z.string().trim().max(300).nullish(),
  rating: z.number({ error: "expected a number of stars" }).min(0, "expected a rating of at least 0").nullish(),
  ratingMax: z.number().min(1, "expected ratingMax of at least 1").max(100, "expected ratingMax of at most 100").nullish(),
  publishedAt: z.iso.datetime({ offset: true, error: "expected an ISO 8601 time such as 2026-11-25T10:00:00Z" }).nullish(),
}).superRefine((m, ctx) => {
  const max = m.ratingMax ?? 5;
  if (m.rating != null && m.rating > max) {
    ctx.addIssue({ code: "custom", path: ["rating"], message: `expected a rating from 0 to ${max}${m.ratingMax == null ? " (or send ratingMax)" : ""}, got ${m.rating}` });
  }
});

export type PushedMention = z.infer<typeof pushedMention>;

const mentionList = z.object({
  mentions: z.array(pushedMention).min(1, "expected at least one mention").max(1000, "expected at most 1000 mentions per request"),
});

/** The body: one mention, or `{ mentions: [...] }`. Picking the shape first keeps the error messages precise. */
export function parseIngestBody(json: unknown) {
  const isList = typeof json === "object" && json !== null && "mentions" in json;
  const parsed = isList ? mentionList.safeParse(json) : pushedMention.safeParse(json);
  if (!parsed.success) return { ok: false as const, issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) };
  const data = parsed.data;
  const list = "mentions" in data ? data.mentions : [data as PushedMention];
  // The same id twice in one request is ambiguous (which text wins?): say so instead of keeping one.
  const first = new Map<string, number>();
  const repeats = list.flatMap((m, i) => {
    const seen = first.get(m.id);
    if (seen === undefined) first.set(m.id, i);
    return seen === undefined ? [] : [{ path: `mentions.${i}.id`, message: `expected each id once per request, got ${JSON.stringify(m.id)} again (first at mentions.${seen})` }];
  });
  if (repeats.length) return { ok: false as const, issues: repeats };
  return { ok: true as const, mentions: list };
}
