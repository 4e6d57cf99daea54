// Crisis detection: turns a brand's hourly counts of negative mentions into incidents that open once per
// burst, update while it lasts and resolve when things settle. Pure: every function takes `now` and the
// data, reads no clock and does no I/O. The job runner calls `evaluateSeries` per brand (and per brand and
// source) after each collection and hourly; the CLI and the benchmark use `createCountDetector`.

import { HOUR_MS, SurgeDetector, type BucketVerdict, type SurgeOptions } from "./spikes/count-model";
import { ShareDetector, type ShareVerdict } from "./spikes/share-model";
import { coolDownMs, shareOptions, surgeOptions, type Sensitivity } from "./spikes/settings";

export { createCountDetector, IncidentTracker, chooseBucket, medianInterval } from "./spikes/online";
export type { CountDetector, CountDetectorOptions, Detection, Granularity } from "./spikes/online";
export { SurgeDetector, HOUR_MS, DAY_MS } from "./spikes/count-model";
export type { BucketVerdict, SurgeOptions, WindowTest } from "./spikes/count-model";
export { ShareDetector } from "./spikes/share-model";
export type { ShareOptions, ShareTest, ShareVerdict } from "./spikes/share-model";
export {
  DEFAULT_SENSITIVITY,
  SENSITIVITY_BUDGET,
  coolDownMs,
  falseAlarmBudget,
  parseSensitivity,
  shareOptions,
  surgeOptions,
} from "./spikes/settings";
export type { Sensitivity, SensitivityName } from "./spikes/settings";
export { parseCountCsv, parseTimestamp, CsvError } from "./spikes/csv";
export {
  betaBinomialUpperTail,
  binomialUpperTail,
  negBinomialUpperTail,
  poissonUpperTail,
} from "./spikes/distributions";
export type { CountRow } from "./spikes/csv";

export type IncidentKind = "surge" | "drop";
export type IncidentAction = "open" | "update" | "resolve" | "none";
type Instant = Date | number;

/** One hour of one brand (or brand and source): negatives among all mentions first seen in that hour. */
export interface HourlyBucket {
  /** Start of the hour (UTC-aligned). */
  start: Instant;
  negatives: number;
  total: number;
}

/** The incident the caller has open for this series, as stored after the previous decision. */
export interface OpenIncident {
  kind: IncidentKind;
  openedAt: Instant;
  /** End of the last hour that was still above normal. */
  lastFiredAt: Instant;
  /** Largest excess of negatives over expected seen so far. */
  peak: number;
}

export interface SeriesInput {
  /**
   * Hourly buckets, in any order, ideally the last 60 days (at least 2). Missing hours are read as zero; the hour that
   * contains `now` may be partial (it is judged against a whole hour's expectation, which only errs on
   * the quiet side).
   */
  buckets: HourlyBucket[];
  incident?: OpenIncident | null;
  /** When this series' last incident closed (by us or by a person): older signals cannot reopen it. */
  lastResolvedAt?: Instant | null;
  sensitivity?: Sensitivity;
}

export interface ShareEvidence {
  negatives: number;
  total: number;
  /** Raw share in the window. */
  share: number;
  /** The window's share shrunk toward the usual share: what the size rule reads (the p-value uses counts). */
  shrunkShare: number;
  /** The usual share: the recent baseline shrunk toward the brand's long-run share. */
  baselineShare: number;
}

export interface Decision {
  action: IncidentAction;
  kind: IncidentKind | null;
  /** The window the evidence is about. */
  windowStart: Date | null;
  windowEnd: Date | null;
  /** Negatives observed in the window, and the number the baseline expected. */
  observed: number;
  expected: number;
  /** Upper-tail p-value of the test that decided (null when nothing was tested). */
  pValue: number | null;
  /** −log10(pValue): a severity that compares across windows and kinds. */
  score: number | null;
  /** For drops, the share figures behind the decision. */
  share: ShareEvidence | null;
  /** Open/update: the excess of negatives is a new high for this incident (worth a fresh notification). */
  escalated: boolean;
  /** What to store for the incident after this decision; null once resolved or when none is open. */
  incident: { kind: IncidentKind; openedAt: Date; lastFiredAt: Date; peak: number } | null;
  /** One sentence for people. */
  reason: string;
}

interface Step {
  start: number;
  end: number;
  count: BucketVerdict;
  volume: BucketVerdict;
  share: ShareVerdict;
  fired: boolean;
  elevated: boolean;
  kind: IncidentKind | null;
}

/** A new firing may open an incident for this long after it happened (a late or skipped job run). */
const OPEN_LOOKBACK_MS = 3 * HOUR_MS;

function ms(value: Instant, what: string): number {
  const t = value instanceof Date ? value.getTime() : value;
  if (typeof t !== "number" || !Number.isFinite(t)) {
    throw new Error(`evaluateSeries: ${what}: expected a Date or epoch ms, got ${String(value)}`);
  }
  return t;
}

/** Validates the buckets and lays them on a gap-free hourly grid up to the hour containing `now`. */
function hourlyGrid(buckets: HourlyBucket[], now: number): { start: number; negatives: number; total: number }[] {
  const byStart = new Map<number, { negatives: number; total: number }>();
  buckets.forEach((b, i) => {
    const start = ms(b.start, `buckets[${i}].start`);
    if (start % HOUR_MS !== 0) {
      throw new Error(`evaluateSeries: buckets[${i}].start: expected the start of a UTC hour, got ${new Date(start).toISOString()}`);
    }
    for (const field of ["negatives", "total"] as const) {
      const v = b[field];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new Error(`evaluateSeries: buckets[${i}].${field}: expected a count ≥ 0, got ${String(v)}`);
      }
    }
    if (b.negatives > b.total) {
      throw new Error(`evaluateSeries: buckets[${i}]: expected negatives ≤ total, got ${b.negatives} negatives of ${b.total}`);
    }
    if (byStart.has(start)) {
      throw new Error(`evaluateSeries: buckets[${i}].start: expected one bucket per hour, got ${new Date(start).toISOString()} twice`);
    }
    if (start < now) byStart.set(start, { negatives: b.negatives, total: b.total });
  });
  if (byStart.size === 0) return [];
  const first = Math.min(...byStart.keys());
  // The hour containing `now` counts only once it has begun: a bucket starting exactly at now is empty.
  const last = Math.floor((now - 1) / HOUR_MS) * HOUR_MS;
  const grid: { start: number; negatives: number; total: number }[] = [];
  for (let s = first; s <= last; s += HOUR_MS) grid.push({ start: s, ...(byStart.get(s) ?? { negatives: 0, total: 0 }) });
  return grid;
}

interface Evidence {
  kind: IncidentKind;
  windowStart: number;
  windowEnd: number;
  observed: number;
  expected: number;
  pValue: number;
  share: ShareEvidence | null;
}

function evidenceOf(step: Step, prefer: IncidentKind | null): Evidence | null {
  const useShare =
    prefer === "drop" ? step.share.evidence !== null : prefer === null ? false : step.count.evidence === null;
  if (useShare && step.share.evidence) {
    const s = step.share.evidence;
    return {
      kind: "drop",
      windowStart: s.windowStart,
      windowEnd: s.windowEnd,
      observed: s.negatives,
      expected: s.baselineShare * s.total,
      pValue: s.pValue,
      share: {
        negatives: s.negatives,
        total: s.total,
        share: s.share,
        shrunkShare: s.shrunkShare,
        baselineShare: s.baselineShare,
      },
    };
  }
  const c = step.count.evidence;
  if (!c) return null;
  return {
    kind: "surge",
    windowStart: c.windowStart,
    windowEnd: c.windowEnd,
    observed: c.observed,
    expected: c.expected,
    pValue: c.pValue,
    share: null,
  };
}

function hoursText(msSpan: number): string {
  const h = msSpan / HOUR_MS;
  return h >= 48 && h % 24 === 0 ? `${h / 24} days` : `${Math.round(h)} h`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function describe(e: Evidence): string {
  const span = hoursText(e.windowEnd - e.windowStart);
  const p = e.pValue < 1e-12 ? "p < 1e-12" : `p = ${e.pValue.toPrecision(2)}`;
  if (e.kind === "drop" && e.share) {
    return `share of negatives ${pct(e.share.share)} (${e.share.negatives} of ${e.share.total}; ${pct(e.share.shrunkShare)} after shrinking) over ${span} against a usual ${pct(e.share.baselineShare)}, ${p}`;
  }
  return `${e.observed} negatives over ${span} against ${e.expected.toFixed(1)} expected, ${p}`;
}

function decision(
  action: IncidentAction,
  kind: IncidentKind | null,
  evidence: Evidence | null,
  incident: Decision["incident"],
  escalated: boolean,
  reason: string,
): Decision {
  return {
    action,
    kind,
    windowStart: evidence ? new Date(evidence.windowStart) : null,
    windowEnd: evidence ? new Date(evidence.windowEnd) : null,
    observed: evidence?.observed ?? 0,
    expected: evidence?.expected ?? 0,
    pValue: evidence?.pValue ?? null,
    score: evidence ? -Math.log10(Math.max(evidence.pValue, 1e-300)) : null,
    share: evidence?.share ?? null,
    escalated,
    incident,
    reason,
  };
}

/**
 * The product's detector for one series, fed hour by hour: negatives (count test), all mentions (volume,
 * which tells a surge from a drop) and their share (proportion test). `evaluateSeries` builds one from
 * scratch per call; a long-running process or the benchmark can keep one and call `decide` every hour.
 */
export class SeriesMonitor {
  private readonly options: SurgeOptions;
  private readonly counts: SurgeDetector;
  private readonly volumes: SurgeDetector;
  private readonly shares: ShareDetector;
  private readonly history: Step[] = [];
  /** How many steps to keep: enough for any look-back `decide` needs. */
  private readonly keep = 24 * 90;

  constructor(sensitivity?: Sensitivity) {
    this.options = surgeOptions(HOUR_MS, sensitivity);
    this.counts = new SurgeDetector(this.options);
    this.volumes = new SurgeDetector(this.options);
    this.shares = new ShareDetector(shareOptions(HOUR_MS, sensitivity));
  }

  /** Feeds the next hour (no gaps: the caller or evaluateSeries fills them with zeros). */
  push(start: number, negatives: number, total: number): void {
    const count = this.counts.push(start, negatives);
    const volume = this.volumes.push(start, total);
    const hour = volume.tests[0];
    const flood = hour !== undefined && hour.pValue < this.options.alphaKeep && total >= this.options.minRatio * hour.expected;
    const share = this.shares.push(start, negatives, total, flood);
    // A rising share while volume is normal is a sentiment drop, even though negatives rise with it; when
    // volume is up too, it is a surge (more people talking, more of them unhappy).
    let kind: IncidentKind | null = null;
    if (share.fired && !volume.elevated) kind = "drop";
    else if (count.fired) kind = "surge";
    else if (share.fired) kind = "drop";
    this.history.push({
      start,
      end: start + HOUR_MS,
      count,
      volume,
      share,
      fired: kind !== null,
      elevated: count.elevated || share.elevated,
      kind,
    });
    if (this.history.length > 2 * this.keep) this.history.splice(0, this.history.length - this.keep);
  }

  /** The decision at `now` given the stored incident state (see evaluateSeries). */
  decide(incident: OpenIncident | null, lastResolvedAt: Instant | null, now: Instant): Decision {
    const nowMs = ms(now, "now");
    const steps = this.history;
    const coolDown = coolDownMs(HOUR_MS);
    const latest = steps[steps.length - 1];
    // The hour containing `now` may be partial; its "end" for cool-down purposes is now.
    const endOf = (s: Step) => Math.min(s.end, nowMs);
    // Newest first, back to (and excluding) the first step that ends at or before `since`.
    const since = (t: number) => {
      const out: Step[] = [];
      for (let i = steps.length - 1; i >= 0 && endOf(steps[i]) > t; i--) out.push(steps[i]);
      return out;
    };

    if (incident) {
      const openedAt = ms(incident.openedAt, "incident.openedAt");
      const lastFiredAt = ms(incident.lastFiredAt, "incident.lastFiredAt");
      const newest = since(lastFiredAt).find((s) => s.elevated);
      if (newest) {
        const evidence = evidenceOf(newest, newest.kind ?? (newest.count.elevated ? "surge" : "drop"));
        const excess = evidence ? evidence.observed - evidence.expected : 0;
        return decision(
          "update",
          incident.kind,
          evidence,
          {
            kind: incident.kind,
            openedAt: new Date(openedAt),
            lastFiredAt: new Date(endOf(newest)),
            peak: Math.max(incident.peak, excess),
          },
          excess > incident.peak,
          `still above normal: ${evidence ? describe(evidence) : "elevated"}`,
        );
      }
      const quietFor = nowMs - lastFiredAt;
      const current = latest ? evidenceOf(latest, incident.kind) : null;
      if (quietFor >= coolDown) {
        return decision("resolve", incident.kind, current, null, false, `back to normal for ${hoursText(quietFor)}`);
      }
      return decision(
        "none",
        incident.kind,
        current,
        { kind: incident.kind, openedAt: new Date(openedAt), lastFiredAt: new Date(lastFiredAt), peak: incident.peak },
        false,
        `open and quiet for ${hoursText(quietFor)} of the ${hoursText(coolDown)} cool-down`,
      );
    }

    const resolvedAt = lastResolvedAt == null ? -Infinity : ms(lastResolvedAt, "lastResolvedAt");
    const trigger = since(nowMs - OPEN_LOOKBACK_MS).find((s) => s.fired && s.start >= resolvedAt);
    if (trigger && trigger.kind) {
      const evidence = evidenceOf(trigger, trigger.kind);
      const excess = evidence ? evidence.observed - evidence.expected : 0;
      return decision(
        "open",
        trigger.kind,
        evidence,
        { kind: trigger.kind, openedAt: new Date(nowMs), lastFiredAt: new Date(endOf(trigger)), peak: excess },
        true,
        `${trigger.kind === "drop" ? "sentiment drop" : "surge of negatives"}: ${evidence ? describe(evidence) : ""}`,
      );
    }
    const current = latest ? evidenceOf(latest, "surge") : null;
    const why = !latest
      ? "no data"
      : latest.count.reason === "warm-up"
        ? "not enough history yet (2 days needed)"
        : "within normal range";
    return decision("none", null, current, null, false, why);
  }
}

/**
 * Decides what to do with a series' incident now. Open: nothing was open and the series surged (or its
 * share of negatives rose) within the last few hours. Update: the open incident is still above normal (a
 * looser bar than opening: hysteresis). Resolve: nothing above normal for the cool-down (12 h). None:
 * otherwise, including an open incident that is quiet but not yet for long enough.
 */
export function evaluateSeries(input: SeriesInput, now: Instant): Decision {
  const nowMs = ms(now, "now");
  const monitor = new SeriesMonitor(input.sensitivity);
  for (const b of hourlyGrid(input.buckets, nowMs)) monitor.push(b.start, b.negatives, b.total);
  return monitor.decide(input.incident ?? null, input.lastResolvedAt ?? null, nowMs);
}
