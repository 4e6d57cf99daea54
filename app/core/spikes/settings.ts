import { DAY_MS, HOUR_MS, type SurgeOptions } from "./count-model";
import type { ShareOptions } from "./share-model";

const YEAR_MS = 365.25 * DAY_MS;

export type SensitivityName = "low" | "medium" | "high";
/** A named level, or the nominal number of false alarms per series-year the detector may spend. */
export type Sensitivity = SensitivityName | number;

/** Nominal false-alarm budgets per series-year; the real rate comes out lower (see the benchmark). */
export const SENSITIVITY_BUDGET: Record<SensitivityName, number> = { low: 0.5, medium: 2, high: 6 };

/** The product's default. */
export const DEFAULT_SENSITIVITY: SensitivityName = "medium";

export function falseAlarmBudget(sensitivity: Sensitivity = DEFAULT_SENSITIVITY): number {
  const budget = typeof sensitivity === "number" ? sensitivity : SENSITIVITY_BUDGET[sensitivity];
  if (!(budget > 0) || !Number.isFinite(budget)) {
    throw new Error(`sensitivity: expected low, medium, high or a positive number of false alarms per year, got ${String(sensitivity)}`);
  }
  return budget;
}

/** Parses `--sensitivity`: a level name or a positive number. */
export function parseSensitivity(text: string): Sensitivity {
  if (text === "low" || text === "medium" || text === "high") return text;
  const n = Number(text);
  if (text.trim() !== "" && Number.isFinite(n) && n > 0) return n;
  throw new Error(`--sensitivity: expected low, medium, high or a positive number (false alarms per year), got "${text}"`);
}

/**
 * How much a Bonferroni split overstates the false alarms: overlapping windows err together (one burst of
 * noise lights a 3-day window on several days that the incident logic counts once), and discrete counts
 * rarely reach the nominal tail probability. Chosen on the Poisson simulations in tests/bench/detect.ts,
 * where "medium" (2 a year) then yields 0.85-1.4 false incidents per series-year on daily series and up to
 * about 1.9 on busy hourly ones (fewer on quiet ones, where counts are too coarse to err often).
 */
const OVERLAP_CREDIT = 4;

/** Chance that noise alone keeps an incident open through one cool-down. */
const KEEP_NOISE = 0.1;

/**
 * Surge-test options for a bucket size and a false-alarm budget. Sub-daily buckets test the last bucket,
 * the last 4 hours and the last day; daily buckets the last day, 3 days and week. Two thirds of the budget
 * goes to the window tests (split evenly between them), one third to the CUSUM, whose threshold is the
 * log of the run length that buys (Wald: in-control run length ≥ e^h).
 */
export function surgeOptions(bucketMs: number, sensitivity: Sensitivity = DEFAULT_SENSITIVITY): SurgeOptions {
  const budget = falseAlarmBudget(sensitivity);
  const bucketsPerYear = YEAR_MS / bucketMs;
  const durations = bucketMs < DAY_MS ? [bucketMs, 4 * HOUR_MS, DAY_MS] : [bucketMs, 3 * bucketMs, 7 * bucketMs];
  const windows = [...new Set(durations.map((d) => Math.max(1, Math.round(d / bucketMs))))].sort((a, b) => a - b);
  const baselineMs = bucketMs < DAY_MS ? 28 * DAY_MS : bucketMs <= DAY_MS ? 56 * DAY_MS : 26 * bucketMs;
  const minBaselineMs = bucketMs < DAY_MS ? 2 * DAY_MS : bucketMs <= DAY_MS ? 14 * DAY_MS : 8 * bucketMs;
  const alphaOpen = (OVERLAP_CREDIT * (2 / 3) * budget) / (bucketsPerYear * windows.length);
  return {
    bucketMs,
    windows,
    baselineBuckets: Math.max(8, Math.round(baselineMs / bucketMs)),
    guardBuckets: windows[windows.length - 1],
    refitMs: Math.max(bucketMs, 6 * HOUR_MS),
    minBaselineBuckets: Math.max(4, Math.round(minBaselineMs / bucketMs)),
    alphaOpen,
    // Checked every bucket in every window through a whole cool-down: set so that pure noise lights it
    // by chance only about once in ten quiet cool-downs, or no incident would ever close.
    alphaKeep: KEEP_NOISE / ((coolDownMs(bucketMs) / bucketMs) * windows.length),
    minCount: 3,
    minRatio: 1.5,
    cusumRatio: 2,
    cusumThreshold: Math.log(bucketsPerYear / (OVERLAP_CREDIT * (budget / 3))),
    winsorZ: 4,
  };
}

/** How long an incident must stay quiet before it resolves. */
export function coolDownMs(bucketMs: number): number {
  return bucketMs < DAY_MS ? 12 * HOUR_MS : 2 * bucketMs;
}

/** Share-of-negatives test options: half the count windows' error rate, split over its own windows. */
export function shareOptions(bucketMs: number, sensitivity: Sensitivity = DEFAULT_SENSITIVITY): ShareOptions {
  const count = surgeOptions(bucketMs, sensitivity);
  // One hour's share is too noisy to mean anything on its own; a single-hour flood is the surge test's job.
  const windows = count.windows.filter((w) => w > 1 || bucketMs >= DAY_MS);
  return {
    bucketMs,
    windows,
    baselineBuckets: count.baselineBuckets,
    guardBuckets: count.guardBuckets,
    alphaOpen: (count.alphaOpen * count.windows.length) / windows.length / 2,
    alphaKeep: count.alphaKeep,
    minNegatives: count.minCount,
    minRise: 0.1,
    minRatio: 1.5,
    historyWeight: 50,
    windowWeight: 10,
    maxBaselineStrength: 200,
  };
}
