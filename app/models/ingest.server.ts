import type { CandidateMention } from "~/core/candidate";
import { judgeMentions } from "~/core/judge";
import type { Db } from "~/db/client";
import { getBrand } from "./brands.server";
import { storeMentions, type StoreResult } from "./mentions.server";
import { ensurePushedSource, markPushed } from "./sources.server";

/**
 * Mentions pushed in by a CSV import or the ingest API: judged with the brand's words and stored exactly
 * like collected ones, idempotent by the caller's id (the dedupe key).
 */
export async function storePushedMentions(
  db: Db,
  { brandId, kind, items, now }: { brandId: number; kind: "csv" | "api"; items: CandidateMention[]; now: Date },
): Promise<StoreResult & { sourceId: number }> {
  const brand = await getBrand(db, brandId);
  if (!brand) throw new Error(`expected an existing brand id, got ${brandId}`);
  const source = await ensurePushedSource(db, { brandId, kind });
  // An export is history by nature; the API's callers push live mentions, so it follows the usual rule.
  const result = await storeMentions(db, {
    brandId,
    sourceId: source.id,
    items: judgeMentions(items, brand.sentimentWords),
    now,
    backfill: kind === "csv" ? true : undefined,
  });
  if (result.inserted > 0 || result.updated > 0) await markPushed(db, { sourceId: source.id, itemCount: result.inserted + result.updated });
  return { ...result, sourceId: source.id };
}
