import { evaluateSeries, type Sensitivity } from "~/core/spikes";
import type { Db } from "~/db/client";
import { listBrands } from "~/models/brands.server";
import { applyIncidentDecision, gatherEvidence, getHourlyBuckets, getIncidentState } from "~/models/incidents.server";

const HISTORY_MS = 60 * 86_400_000;
const EMPTY_EVIDENCE = { topTerms: [], sources: [], examples: [] };

export interface DetectionOutcome {
  brandId: number;
  action: "open" | "update" | "resolve" | "none";
  incidentId: number | null;
  reason: string;
}

/**
 * Runs the crisis detector over each brand's last 60 days of hourly negatives and stores its decision.
 * Called after each collection (for the brands that got new mentions) and hourly for all of them, so an
 * incident also resolves when nothing new arrives.
 */
export async function detectIncidents(
  db: Db,
  { brandIds, now, sensitivity }: { brandIds?: number[]; now: Date; sensitivity?: Sensitivity },
): Promise<DetectionOutcome[]> {
  const ids = brandIds ?? (await listBrands(db)).map((b) => b.id);
  const outcomes: DetectionOutcome[] = [];
  for (const brandId of ids) {
    const [buckets, state] = await Promise.all([
      getHourlyBuckets(db, { brandId, from: new Date(now.getTime() - HISTORY_MS) }),
      getIncidentState(db, { brandId }),
    ]);
    const decision = evaluateSeries({ buckets, incident: state.open, lastResolvedAt: state.lastResolvedAt, sensitivity }, now);
    const needsEvidence = (decision.action === "open" || decision.action === "update") && decision.windowStart && decision.windowEnd;
    const evidence = needsEvidence
      ? await gatherEvidence(db, { brandId, from: state.live?.windowStart ?? decision.windowStart!, to: decision.windowEnd! })
      : EMPTY_EVIDENCE;
    // Per source: which of them is surging on its own, so people know where the crisis starts.
    for (const source of evidence.sources) {
      const own = await getHourlyBuckets(db, { brandId, sourceId: source.sourceId, from: new Date(now.getTime() - HISTORY_MS) });
      const verdict = evaluateSeries({ buckets: own, sensitivity }, now);
      source.surging = verdict.action === "open";
    }
    const stored = await applyIncidentDecision(db, { brandId, decision, evidence, now });
    outcomes.push({ brandId, action: stored.action, incidentId: stored.incidentId, reason: decision.reason });
  }
  return outcomes;
}
