import { negBinomialUpperTail } from "./distributions";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** How unusual the newest bucket must be, on its own, for a window ending at it to count. */
export const FRESH_LEVEL = 0.05;

/** Tunables of the count surge test; `surgeOptions` in ./settings.ts derives them from a bucket size. */
export interface SurgeOptions {
  /** Length of one bucket in ms (an hour, a day, or one CSV row's interval). */
  bucketMs: number;
  /** Trailing windows tested at every bucket, in buckets, shortest first. */
  windows: number[];
  /** Buckets the baseline is fitted on. */
  baselineBuckets: number;
  /** Most recent buckets left out of the baseline, so an ongoing burst does not explain itself away. */
  guardBuckets: number;
  /** The baseline is refitted when a bucket starts a new block of this many ms (UTC-aligned). */
  refitMs: number;
  /** Below this many baseline buckets the detector stays silent (a new brand has no "normal" yet). */
  minBaselineBuckets: number;
  /** Per-test p-value below which a window is a surge. */
  alphaOpen: number;
  /** Looser per-test p-value that keeps an open incident alive (hysteresis). */
  alphaKeep: number;
  /** Fewest observed events in a window for it to count: 1 or 2 negatives are never a crisis. */
  minCount: number;
  /** Observed must also be this multiple of expected: a significant +5% on a big brand is no crisis. */
  minRatio: number;
  /** Rate ratio the CUSUM is tuned to detect. */
  cusumRatio: number;
  /** CUSUM alarm level, in log-likelihood-ratio units (ln of the in-control run length it buys). */
  cusumThreshold: number;
  /** Baseline buckets above expected + z·sd are clipped to it, so past crises do not inflate the baseline. */
  winsorZ: number;
}

export interface WindowTest {
  /** Window length in buckets. */
  buckets: number;
  /** Start of the window's first bucket and end of its last, epoch ms. */
  windowStart: number;
  windowEnd: number;
  observed: number;
  expected: number;
  pValue: number;
}

export interface BucketVerdict {
  start: number;
  count: number;
  /** Expected count for this bucket alone (NaN while there is too little history). */
  expected: number;
  /** A surge at the opening threshold. */
  fired: boolean;
  /** Still above normal at the looser keep threshold: an open incident should stay open. */
  elevated: boolean;
  /** Which test fired (or came closest). */
  reason: "window" | "cusum" | "none" | "warm-up";
  /** The most significant window (the CUSUM's run, when it was the CUSUM that fired). */
  evidence: WindowTest | null;
  /** Every window's test, shortest window first (empty during warm-up). */
  tests: WindowTest[];
  cusum: number;
}

/** A fitted baseline: a level times day-of-week and time-of-day factors, plus overdispersion per window. */
interface Fit {
  level: number;
  /** Overdispersion of single buckets (variance = μ + dispersion·μ²). */
  dispersion: number;
  dow: Float64Array;
  tod: Float64Array;
  /** Overdispersion of window sums, by index into options.windows. */
  windowDispersion: number[];
  /** Relative variance of the level and factors themselves: estimation uncertainty widens the tail. */
  levelRelVar: number;
  dowRelVar: Float64Array;
  todRelVar: Float64Array;
}

function slotsPerDay(bucketMs: number): number {
  return bucketMs < DAY_MS ? Math.max(1, Math.ceil(DAY_MS / bucketMs)) : 1;
}

function todSlot(start: number, bucketMs: number): number {
  if (bucketMs >= DAY_MS) return 0;
  const msIntoDay = ((start % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(msIntoDay / bucketMs);
}

function dowSlot(start: number, bucketMs: number): number {
  // Weekly or coarser buckets have no weekday; all of them share slot 0.
  if (bucketMs > DAY_MS) return 0;
  return new Date(start).getUTCDay();
}

/**
 * Online surge test on a bucketed count series. Feed buckets in time order (gaps must be filled with
 * zeros by the caller); each call answers using only the buckets fed so far.
 */
export class SurgeDetector {
  readonly options: SurgeOptions;
  private readonly starts: number[] = [];
  private readonly counts: number[] = [];
  private readonly dows: number[] = [];
  private readonly tods: number[] = [];
  private cusum = 0;
  private cusumRunStart = -1;
  private readonly nTod: number;
  private readonly keep: number;
  private cachedFit: Fit | null = null;
  private cachedFitBlock = Number.NaN;

  constructor(options: SurgeOptions) {
    this.options = options;
    this.nTod = slotsPerDay(options.bucketMs);
    this.keep = options.baselineBuckets + options.guardBuckets + Math.max(...options.windows) + 1;
  }

  push(start: number, count: number): BucketVerdict {
    const o = this.options;
    this.starts.push(start);
    this.counts.push(count);
    this.dows.push(dowSlot(start, o.bucketMs));
    this.tods.push(todSlot(start, o.bucketMs));
    // Bounded memory: drop what no baseline will read again, in chunks so the shift is amortised.
    if (this.starts.length > 2 * this.keep) {
      const drop = this.starts.length - this.keep;
      this.starts.splice(0, drop);
      this.counts.splice(0, drop);
      this.dows.splice(0, drop);
      this.tods.splice(0, drop);
      if (this.cusumRunStart >= 0) this.cusumRunStart = Math.max(0, this.cusumRunStart - drop);
    }
    const n = this.counts.length;
    const baseEnd = n - o.guardBuckets;
    const baseStart = Math.max(0, baseEnd - o.baselineBuckets);
    if (baseEnd - baseStart < o.minBaselineBuckets) {
      return { start, count, expected: Number.NaN, fired: false, elevated: false, reason: "warm-up", evidence: null, tests: [], cusum: 0 };
    }
    // Refit once per block of wall-clock time, not per bucket: the baseline ends a guard period back, so a
    // few hours' staleness changes nothing, and blocks aligned on UTC keep the online detector and a
    // from-scratch evaluation of the same data identical.
    const block = Math.floor(start / o.refitMs);
    if (!this.cachedFit || block !== this.cachedFitBlock) {
      this.cachedFit = this.fit(baseStart, baseEnd);
      this.cachedFitBlock = block;
    }
    const fit = this.cachedFit;
    const last = n - 1;
    const mu = this.expectedAt(fit, last);

    // A window only speaks for now if its newest bucket is itself unusual (beyond its own 95th percentile).
    // Otherwise a day-long window would go on "firing" for a day after a burst that has already passed,
    // holding incidents open and reopening them; an ongoing rise keeps adding unusual buckets.
    const fresh =
      negBinomialUpperTail(count, mu, fit.dispersion + fit.levelRelVar + fit.dowRelVar[this.dows[last]] + fit.todRelVar[this.tods[last]]) <
      FRESH_LEVEL;
    let best: WindowTest | null = null;
    const tests: WindowTest[] = [];
    let fired = false;
    let elevated = false;
    for (let k = 0; k < o.windows.length; k++) {
      const w = Math.min(o.windows[k], n);
      let observed = 0;
      let expected = 0;
      let relVar = fit.levelRelVar;
      // Longer windows look for diffuse rises, so each bucket in them counts at most up to the same clip
      // the baseline uses: one spike, already tested on its own, must not keep a day-long window lit.
      let tested = 0;
      for (let i = n - w; i < n; i++) {
        const m = this.expectedAt(fit, i);
        observed += this.counts[i];
        expected += m;
        tested += w === 1 ? this.counts[i] : Math.min(this.counts[i], this.clip(fit, m));
      }
      // Factor uncertainty matters most for a single bucket; for long windows it averages out.
      relVar += (fit.dowRelVar[this.dows[last]] + fit.todRelVar[this.tods[last]]) / w;
      const dispersion = fit.windowDispersion[k] + relVar;
      const pValue = negBinomialUpperTail(tested, expected, dispersion);
      const test: WindowTest = {
        buckets: w,
        windowStart: this.starts[n - w],
        windowEnd: this.starts[last] + o.bucketMs,
        observed,
        expected,
        pValue,
      };
      // Size is judged on what came, significance on the clipped sum.
      const big = fresh && observed >= o.minCount && observed >= o.minRatio * expected;
      if (big && pValue < o.alphaOpen) fired = true;
      if (big && pValue < o.alphaKeep) elevated = true;
      tests.push(test);
      if (!best || test.pValue < best.pValue) best = test;
    }

    // NB log-likelihood ratio CUSUM for a sustained rise by cusumRatio. One bucket may add at most half
    // the threshold: single spikes are the window test's job, the CUSUM is for rises that persist.
    const size = 1 / Math.max(1e-9, fit.dispersion + fit.levelRelVar);
    const rho = o.cusumRatio;
    const llr = count * Math.log(rho) - (count + size) * Math.log((size + rho * mu) / (size + mu));
    const before = this.cusum;
    this.cusum = Math.min(o.cusumThreshold, Math.max(0, this.cusum + Math.min(llr, o.cusumThreshold / 2)));
    if (before === 0 && this.cusum > 0) this.cusumRunStart = last;
    if (this.cusum === 0) this.cusumRunStart = -1;
    let reason: BucketVerdict["reason"] = fired ? "window" : "none";
    const cusumLevel = this.cusum;
    if (this.cusum >= o.cusumThreshold && this.cusumRunStart >= 0 && fresh) {
      let observed = 0;
      let expected = 0;
      for (let i = this.cusumRunStart; i < n; i++) {
        observed += this.counts[i];
        expected += this.expectedAt(fit, i);
      }
      if (observed >= o.minCount && observed >= o.minRatio * expected) {
        if (!fired) {
          reason = "cusum";
          best = {
            buckets: n - this.cusumRunStart,
            windowStart: this.starts[this.cusumRunStart],
            windowEnd: this.starts[last] + o.bucketMs,
            observed,
            expected,
            // Wald's bound: under the baseline, the CUSUM reaches h with probability at most e^-h.
            pValue: Math.exp(-this.cusum),
          };
        }
        fired = true;
        // Classic restart after an alarm: a rise that goes on crosses again, one that has ended cannot
        // leave the statistic parked at the threshold for the next stray bucket to tip over.
        this.cusum = 0;
        this.cusumRunStart = -1;
      }
    }
    return { start, count, expected: mu, fired, elevated: elevated || fired, reason, evidence: best, tests, cusum: cusumLevel };
  }

  private clip(fit: Fit, m: number): number {
    return m + this.options.winsorZ * Math.sqrt(m + fit.dispersion * m * m) + 1;
  }

  private expectedAt(fit: Fit, i: number): number {
    return fit.level * fit.dow[this.dows[i]] * fit.tod[this.tods[i]];
  }

  private fit(from: number, to: number): Fit {
    const o = this.options;
    const N = to - from;
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) x[i] = this.counts[from + i];
    const dow = new Float64Array(7).fill(1);
    const tod = new Float64Array(this.nTod).fill(1);
    const dowRelVar = new Float64Array(7);
    const todRelVar = new Float64Array(this.nTod);
    const mu = new Float64Array(N);
    let level = 0;
    let dispersion = 0;
    let total = 0;
    let effectiveParams = 1;
    // Three rounds of fit-then-clip: a past crisis first inflates the dispersion, the next round clips it.
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        for (let i = 0; i < N; i++) {
          const m = mu[i];
          x[i] = Math.min(this.counts[from + i], m + o.winsorZ * Math.sqrt(m + dispersion * m * m) + 1);
        }
      }
      total = 0;
      for (let i = 0; i < N; i++) total += x[i];
      const mean = total / N;
      effectiveParams = 1;
      const dowIndex = (i: number) => this.dows[from + i];
      const todIndex = (i: number) => this.tods[from + i];
      effectiveParams += shrinkFactors(x, dowIndex, (i) => mean * tod[todIndex(i)], dispersion, dow, dowRelVar);
      if (this.nTod > 1) {
        effectiveParams += shrinkFactors(x, todIndex, (i) => mean * dow[dowIndex(i)], dispersion, tod, todRelVar);
      }
      let shape = 0;
      for (let i = 0; i < N; i++) shape += dow[dowIndex(i)] * tod[todIndex(i)];
      // Jeffreys-style half count keeps the level above zero for a brand that has had no negatives yet.
      level = (total + 0.5) / shape;
      let num = 0;
      let den = 0;
      for (let i = 0; i < N; i++) {
        const m = level * dow[dowIndex(i)] * tod[todIndex(i)];
        mu[i] = m;
        const r = x[i] - m;
        num += r * r - m;
        den += m * m;
      }
      const dfCorrection = N / Math.max(1, N - effectiveParams);
      dispersion = den > 0 ? Math.max(0, (num / den) * dfCorrection) : 0;
    }
    // Overdispersion of window sums, measured on the baseline itself: bursts in real mention streams last
    // several buckets, so a day's sum varies more than 24 independent hours would.
    const windowDispersion: number[] = [];
    for (const wRaw of o.windows) {
      const w = Math.min(wRaw, N);
      let num = 0;
      let den = 0;
      let sumX = 0;
      let sumM = 0;
      let sumM2 = 0;
      let independent = 0;
      let positions = 0;
      for (let i = 0; i < N; i++) {
        sumX += x[i];
        sumM += mu[i];
        sumM2 += mu[i] * mu[i];
        if (i >= w) {
          sumX -= x[i - w];
          sumM -= mu[i - w];
          sumM2 -= mu[i - w] * mu[i - w];
        }
        if (i >= w - 1) {
          const r = sumX - sumM;
          num += r * r - sumM;
          den += sumM * sumM;
          if (sumM > 0) independent += sumM2 / (sumM * sumM);
          positions++;
        }
      }
      // Never below what independent buckets would give; the measured value wins when bursts cluster.
      const floor = positions > 0 ? (dispersion * independent) / positions : dispersion;
      const windowsSeen = Math.max(1, N / w);
      const measured = den > 0 ? (num / den) * (windowsSeen / Math.max(1, windowsSeen - 1)) : 0;
      windowDispersion.push(Math.max(floor, measured));
    }
    const levelRelVar = (1 + dispersion * (total / N)) / (total + 0.5);
    return { level, dispersion, dow, tod, windowDispersion, levelRelVar, dowRelVar, todRelVar };
  }
}

/**
 * Seasonal factors (day of week, or time of day) by empirical Bayes: each slot's raw ratio of observed to
 * expected is pulled toward 1 by as much as its own noise outweighs the spread the slots really show
 * (James–Stein). A shop with no weekly rhythm gets flat factors instead of noise, a brand whose weekends
 * are quiet keeps them. Writes factors and their relative variances; returns the effective number of
 * parameters spent, for the dispersion's degrees-of-freedom correction.
 */
function shrinkFactors(
  x: Float64Array,
  slotOf: (i: number) => number,
  expectedOf: (i: number) => number,
  dispersion: number,
  factors: Float64Array,
  relVar: Float64Array,
): number {
  const slots = factors.length;
  const observed = new Float64Array(slots);
  const expected = new Float64Array(slots);
  const expectedSq = new Float64Array(slots);
  for (let i = 0; i < x.length; i++) {
    const s = slotOf(i);
    const e = expectedOf(i);
    observed[s] += x[i];
    expected[s] += e;
    expectedSq[s] += e * e;
  }
  let spread = 0;
  let noise = 0;
  let seen = 0;
  const ratio = new Float64Array(slots);
  const sampling = new Float64Array(slots);
  for (let s = 0; s < slots; s++) {
    if (expected[s] <= 0) continue;
    ratio[s] = observed[s] / expected[s];
    // Relative variance of the slot's total under the count model: Poisson plus overdispersion.
    sampling[s] = (expected[s] + dispersion * expectedSq[s]) / (expected[s] * expected[s]);
    spread += (ratio[s] - 1) ** 2;
    noise += sampling[s];
    seen++;
  }
  const between = seen > 1 ? Math.max(0, spread / seen - noise / seen) : 0;
  let params = 0;
  for (let s = 0; s < slots; s++) {
    if (expected[s] <= 0) {
      factors[s] = 1;
      relVar[s] = between;
      continue;
    }
    const weight = between / (between + sampling[s]);
    factors[s] = 1 + weight * (ratio[s] - 1);
    relVar[s] = weight * sampling[s];
    params += weight;
  }
  return params;
}
