import { DAY_MS, HOUR_MS, SurgeDetector, type BucketVerdict } from "./count-model";
import { coolDownMs, surgeOptions, type Sensitivity } from "./settings";

export type Granularity = "auto" | "row" | "hour" | "day";

export interface CountDetectorOptions {
  /** How rows become buckets. `auto` picks hour for sub-hourly rows, day for daily rows, else row. */
  granularity?: Granularity;
  sensitivity?: Sensitivity;
  /**
   * Spacing of the rows in ms. Without it the detector reads it off the first rows (their median gap),
   * holding them back until it knows: no detection is possible that early anyway.
   */
  rowIntervalMs?: number;
}

export interface Detection<R> {
  /** The row the detection is attributed to: the last row of the bucket in which it fired. */
  row: R;
  verdict: BucketVerdict;
}

export interface CountDetector<R> {
  /** Feeds one row (time order); returns the detections this row completes, usually none. */
  push(time: number, value: number, row: R): Detection<R>[];
  /** Ends the stream: the last bucket is complete now. */
  finish(): Detection<R>[];
  /** Bucket size in use, once known. */
  readonly bucketMs: number | null;
}

const INFER_ROWS = 12;

export function chooseBucket(granularity: Granularity, rowIntervalMs: number): { bucketMs: number; aggregate: boolean } {
  if (granularity === "hour") return { bucketMs: HOUR_MS, aggregate: true };
  if (granularity === "day") return { bucketMs: DAY_MS, aggregate: true };
  if (granularity === "row") return { bucketMs: rowIntervalMs, aggregate: false };
  // auto: the product works on hours; sub-hourly rows are summed into them. Rows near a day apart are days
  // (gaps become zero days). Anything else is taken one row per bucket.
  if (rowIntervalMs < 1.1 * HOUR_MS) return { bucketMs: HOUR_MS, aggregate: true };
  if (rowIntervalMs > 0.9 * DAY_MS && rowIntervalMs < 1.1 * DAY_MS) return { bucketMs: DAY_MS, aggregate: true };
  return { bucketMs: rowIntervalMs, aggregate: false };
}

export function medianInterval(times: number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
  if (gaps.length === 0) return HOUR_MS;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/**
 * Opens and resolves incidents from a stream of bucket verdicts: one detection per burst (hysteresis),
 * and a burst is over only after `coolDown` without even the looser "elevated" signal.
 */
export class IncidentTracker {
  openedAt: number | null = null;
  lastElevatedEnd = 0;
  peakObserved = 0;
  constructor(private readonly coolDown: number) {}

  step(verdict: BucketVerdict, bucketEnd: number): "open" | "update" | "resolve" | "none" {
    if (this.openedAt === null) {
      if (!verdict.fired) return "none";
      this.openedAt = verdict.evidence?.windowStart ?? verdict.start;
      this.lastElevatedEnd = bucketEnd;
      this.peakObserved = verdict.evidence?.observed ?? verdict.count;
      return "open";
    }
    if (verdict.elevated) {
      this.lastElevatedEnd = bucketEnd;
      this.peakObserved = Math.max(this.peakObserved, verdict.evidence?.observed ?? verdict.count);
      return "update";
    }
    if (bucketEnd - this.lastElevatedEnd >= this.coolDown) {
      this.openedAt = null;
      return "resolve";
    }
    return "none";
  }
}

/**
 * The online detector the CLI and the benchmark use: rows in, detections out, each decided from the rows
 * up to it. A detection is the opening of an incident; while it stays open no further detection is made.
 */
export function createCountDetector<R>(options: CountDetectorOptions = {}): CountDetector<R> {
  const granularity = options.granularity ?? "auto";
  let bucketMs: number | null = null;
  let rowInterval: number | null = options.rowIntervalMs ?? null;
  let aggregate = true;
  let surge: SurgeDetector | null = null;
  let tracker: IncidentTracker | null = null;
  const pending: { time: number; value: number; row: R }[] = [];

  // The open bucket being summed.
  let bucketStart: number | null = null;
  let bucketSum = 0;
  let bucketLastRow: R | null = null;

  const setUp = (interval: number) => {
    rowInterval = interval;
    const chosen = chooseBucket(granularity, interval);
    bucketMs = chosen.bucketMs;
    aggregate = chosen.aggregate;
    surge = new SurgeDetector(surgeOptions(bucketMs, options.sensitivity));
    tracker = new IncidentTracker(coolDownMs(bucketMs));
  };

  const closeBucket = (out: Detection<R>[]) => {
    if (bucketStart === null || !surge || !tracker || bucketMs === null) return;
    const verdict = surge.push(bucketStart, bucketSum);
    if (tracker.step(verdict, bucketStart + bucketMs) === "open" && bucketLastRow !== null) {
      out.push({ row: bucketLastRow, verdict });
    }
    bucketStart = null;
    bucketSum = 0;
    bucketLastRow = null;
  };

  const feed = (time: number, value: number, row: R, out: Detection<R>[]) => {
    if (bucketMs === null || rowInterval === null) return;
    if (!aggregate) {
      bucketStart = time;
      bucketSum = value;
      bucketLastRow = row;
      closeBucket(out);
      return;
    }
    const start = Math.floor(time / bucketMs) * bucketMs;
    if (bucketStart !== null && start !== bucketStart) {
      // A gap: the open bucket is complete, and the empty buckets between count as zeros.
      const previous = bucketStart;
      closeBucket(out);
      for (let s = previous + bucketMs; s < start; s += bucketMs) {
        bucketStart = s;
        closeBucket(out);
      }
    }
    if (bucketStart === null) bucketStart = start;
    bucketSum += value;
    bucketLastRow = row;
    // A bucket is closed by the first row of a later one (or by finish), never guessed complete from the row
    // spacing: an irregular late row would reopen a bucket already judged. The verdict is the same either way,
    // since it reads only this bucket's rows and is attributed to its last row.
  };

  return {
    get bucketMs() {
      return bucketMs;
    },
    push(time, value, row) {
      const out: Detection<R>[] = [];
      if (bucketMs === null) {
        if (rowInterval !== null) setUp(rowInterval);
        else {
          pending.push({ time, value, row });
          if (pending.length < INFER_ROWS) return out;
          setUp(medianInterval(pending.map((p) => p.time)));
          for (const p of pending.splice(0)) feed(p.time, p.value, p.row, out);
          return out;
        }
      }
      feed(time, value, row, out);
      return out;
    },
    finish() {
      const out: Detection<R>[] = [];
      if (bucketMs === null && pending.length > 0) {
        setUp(medianInterval(pending.map((p) => p.time)));
        for (const p of pending.splice(0)) feed(p.time, p.value, p.row, out);
      }
      closeBucket(out);
      return out;
    },
  };
}
