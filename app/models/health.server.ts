import type { Db } from "~/db/client";
import { countMentions } from "./mentions.server";
import { getLastCollectionAt } from "./runs.server";
import { countSources } from "./sources.server";

export async function getHealth(db: Db, kind: "pglite" | "postgres") {
  const [mentions, sources, lastCollectionAt] = await Promise.all([
    countMentions(db),
    countSources(db),
    getLastCollectionAt(db),
  ]);
  return { ok: true, database: kind, mentions, sources, lastCollectionAt: lastCollectionAt?.toISOString() ?? null };
}
