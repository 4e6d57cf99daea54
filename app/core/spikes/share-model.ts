import { FRESH_LEVEL } from "./count-model";
import { betaBinomialUpperTail } from "./distributions";

export interface ShareOptions {
  bucketMs: number;
  /** Trailing windows tested, in buckets. */
  windows: number[];
  baselineBuckets: number;
  guardBuckets: number;
  alphaOpen: number;
  alphaKeep: number;
  /** Fewest negatives in a window for a drop to count. */
  minNegatives: number;
  /** The shrunk share must rise at least this much (absolute, 0..1) above the baseline share... */
  minRise: number;
  /** ...and to at least this multiple of it. */
  minRatio: number;
  /** Pseudo-mentions at the brand's long-run share that the recent baseline share is pulled toward. */
  historyWeight: number;
  /** Pseudo-mentions at the baseline share that a window's observed share is pulled toward. */
  windowWeight: number;
  /**
   * Cap on how sure the baseline share may be, in mentions: a brand's share drifts from week to week, so
   * 10,000 past mentions do not pin it down to ±0.3%.
   */
  maxBaselineStrength: number;
}

export interface ShareTest {
  buckets: number;
  windowStart: number;
  windowEnd: number;
  negatives: number;
  total: number;
  /** Raw share in the window. */
  share: number;
  /** Share in the window shrunk toward the baseline: what the decision looks at. */
  shrunkShare: number;
  /** Baseline share (recent history shrunk toward the brand's long-run share). */
  baselineShare: number;
  pValue: number;
}

export interface ShareVerdict {
  start: number;
  fired: boolean;
  elevated: boolean;
  evidence: ShareTest | null;
}

/**
 * Online test for a rising share of negatives, fed one bucket (negatives, total) at a time. The share is
 * always a ratio of counts, never an average of per-bucket shares, and both the baseline and the window
 * are shrunk (Beta priors) so three mentions, two of them negative, do not read as a 67% crisis.
 */
export class ShareDetector {
  private readonly starts: number[] = [];
  private readonly negatives: number[] = [];
  private readonly totals: number[] = [];
  /** Running sums over everything before the baseline's end: the brand's long-run share. */
  private historyNeg = 0;
  private historyTotal = 0;
  private historyEnd = 0;

  constructor(readonly options: ShareOptions) {}

  /**
   * `exclude` marks a bucket whose volume was itself abnormal: a flood of mentions is a surge, judged by
   * the count test, and left out here so that it neither reads as a drop nor holds a day-long share window
   * up after it has passed.
   */
  push(start: number, negatives: number, total: number, exclude = false): ShareVerdict {
    const o = this.options;
    this.starts.push(start);
    this.negatives.push(exclude ? 0 : negatives);
    this.totals.push(exclude ? 0 : total);
    const n = this.starts.length;
    const baseEnd = n - o.guardBuckets;
    const baseStart = Math.max(0, baseEnd - o.baselineBuckets);
    while (this.historyEnd < Math.max(0, baseEnd)) {
      this.historyNeg += this.negatives[this.historyEnd];
      this.historyTotal += this.totals[this.historyEnd];
      this.historyEnd++;
    }
    if (baseEnd <= 0) return { start, fired: false, elevated: false, evidence: null };
    let baseNeg = 0;
    let baseTotal = 0;
    for (let i = baseStart; i < baseEnd; i++) {
      baseNeg += this.negatives[i];
      baseTotal += this.totals[i];
    }
    // Long-run share with a uniform prior; the recent baseline is pulled toward it.
    const history = (this.historyNeg + 1) / (this.historyTotal + 2);
    const baseline = (baseNeg + o.historyWeight * history) / (baseTotal + o.historyWeight);
    const strength = Math.min(baseTotal + o.historyWeight, o.maxBaselineStrength);
    const a = baseline * strength;
    const b = (1 - baseline) * strength;

    // As in the count test: a window speaks for now only if the newest bucket's own share is unusual.
    const fresh = total > 0 && !exclude && betaBinomialUpperTail(negatives, total, a, b) < FRESH_LEVEL;
    let best: ShareTest | null = null;
    let fired = false;
    let elevated = false;
    for (const wRaw of o.windows) {
      const w = Math.min(wRaw, n);
      let k = 0;
      let m = 0;
      for (let i = n - w; i < n; i++) {
        k += this.negatives[i];
        m += this.totals[i];
      }
      if (m === 0) continue;
      const shrunk = (k + o.windowWeight * baseline) / (m + o.windowWeight);
      const pValue = betaBinomialUpperTail(k, m, a, b);
      const test: ShareTest = {
        buckets: w,
        windowStart: this.starts[n - w],
        windowEnd: this.starts[n - 1] + o.bucketMs,
        negatives: k,
        total: m,
        share: k / m,
        shrunkShare: shrunk,
        baselineShare: baseline,
        pValue,
      };
      const big = fresh && k >= o.minNegatives && shrunk - baseline >= o.minRise && shrunk >= o.minRatio * baseline;
      if (big && pValue < o.alphaOpen) fired = true;
      // Hysteresis: half the rise still counts as "not settled yet".
      const stillUp = fresh && k >= o.minNegatives && shrunk - baseline >= o.minRise / 2;
      if (stillUp && pValue < o.alphaKeep) elevated = true;
      if (!best || pValue < best.pValue) best = test;
    }
    return { start, fired, elevated: elevated || fired, evidence: best };
  }
}
