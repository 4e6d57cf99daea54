import type { ActionFunctionArgs } from "@remix-run/node";
import type { CandidateMention } from "~/core/candidate";
import { parseIngestBody, type PushedMention } from "~/core/ingest-schema";
import { authenticateApiToken } from "~/models/api-tokens.server";
import { storePushedMentions } from "~/models/ingest.server";

const MAX_BODY_BYTES = 5 * 1024 * 1024;

const problem = (status: number, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  Response.json({ error, ...extra }, { status, headers });

// GET changes nothing and shows nothing here: the API takes POSTs only.
export async function loader() {
  return problem(405, "expected POST with a JSON body", {}, { Allow: "POST" });
}

function toCandidate(m: PushedMention): CandidateMention {
  return {
    key: m.id,
    url: m.url ?? null,
    title: m.title ?? null,
    text: m.text,
    author: m.author ?? null,
    rating: m.rating ?? null,
    ratingMax: m.ratingMax ?? (m.rating != null ? 5 : null),
    publishedAt: m.publishedAt ? new Date(m.publishedAt).toISOString() : null,
  };
}

/**
 * POST /api/mentions — push mentions into a brand with its API token. Idempotent by the caller's `id`:
 * sending the same mention again changes nothing; sending it with new text updates it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(405, `expected POST, got ${request.method}`, {}, { Allow: "POST" });
  const auth = request.headers.get("Authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  const now = new Date();
  const who = token ? await authenticateApiToken(context.db, token, now) : null;
  if (!who) {
    return problem(401, token ? "the API token is unknown or revoked" : "expected an Authorization: Bearer <token> header", {}, { "WWW-Authenticate": 'Bearer realm="earshot"' });
  }
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) return problem(415, `expected Content-Type application/json, got ${type || "none"}`);
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_BODY_BYTES) return problem(413, `expected a body of at most ${MAX_BODY_BYTES} bytes, got ${length}`);
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) return problem(413, `expected a body of at most ${MAX_BODY_BYTES} bytes, got more`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return problem(400, `expected a JSON body, got a parse error: ${(error as Error).message}`);
  }
  const parsed = parseIngestBody(json);
  if (!parsed.ok) {
    return problem(400, "the body does not match the expected shape: one mention object, or { mentions: [...] }", { issues: parsed.issues });
  }
  const items = parsed.mentions.map(toCandidate);
  const result = await storePushedMentions(context.db, { brandId: who.brandId, kind: "api", items, now });
  return Response.json({ received: items.length, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged });
}
