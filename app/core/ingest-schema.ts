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
  rating: z.number().min(0).max(100).nullish(),
  ratingMax: z.number().positive().max(100).nullish(),
  publishedAt: z.iso.datetime({ offset: true, error: "expected an ISO 8601 time such as 2026-11-25T10:00:00Z" }).nullish(),
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
  return { ok: true as const, mentions: "mentions" in data ? data.mentions : [data as PushedMention] };
}
