// A scorer for the Numenta Anomaly Benchmark, written from its published rules (Lavin & Ahmad 2015 and
// the NAB wiki): each labelled window is worth A_TP at best and costs A_FN when missed; the first detection
// in a window earns a scaled sigmoid of how early it came, later ones in the same window are ignored; a
// detection outside every window costs A_FP scaled by how far it falls past the window before it; the
// first 15% of a file (at most 750 rows) is a probation period where nothing counts.

export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const STANDARD_PROFILE: NabProfile = { tp: 1, fp: 0.11, fn: 1 };

export interface NabFileScore {
  /** Sum of window credits and false-positive costs. */
  raw: number;
  windows: number;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  /** Credit earned per window (−fn when missed). */
  windowScores: number[];
  /** Rows (after probation) at which a detection landed outside every window. */
  falsePositiveRows: number[];
}

/**
 * 2/(1+e^{5x}) − 1: near +1 at the left edge of a window (x = −1), 0 at its right edge (x = 0), falling
 * to −1 past it; NAB treats x ≥ 3 as exactly −1.
 */
export function scaledSigmoid(x: number): number {
  if (x >= 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

export function probationRows(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
}

/**
 * Row index ranges of the windows: from the first row at or after the window's start to the last row at
 * or before its end. Times are epoch ms; windows are [start, end] in epoch ms.
 */
export function windowRows(times: number[], windows: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [start, end] of windows) {
    const left = times.findIndex((t) => t >= start);
    let right = -1;
    for (let i = times.length - 1; i >= 0; i--) {
      if (times[i] <= end) {
        right = i;
        break;
      }
    }
    if (left < 0 || right < left) continue;
    out.push([left, right]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Scores one file: `detections` holds the row indexes at which the detector fired. */
export function scoreNabFile(
  rowCount: number,
  windows: [number, number][],
  detections: number[],
  profile: NabProfile = STANDARD_PROFILE,
): NabFileScore {
  const probation = probationRows(rowCount);
  const fired = [...new Set(detections)].filter((i) => i >= probation && i < rowCount).sort((a, b) => a - b);
  // A window lying wholly inside probation is not scored at all, as if it were unlabelled.
  const scored = windows.filter(([, right]) => right >= probation);
  const maxCredit = scaledSigmoid(-1);
  const windowScores = scored.map(() => -profile.fn);
  const hit = scored.map(() => false);
  let raw = 0;
  let falsePositives = 0;
  const falsePositiveRows: number[] = [];
  for (const i of fired) {
    const w = scored.findIndex(([left, right]) => i >= left && i <= right);
    if (w >= 0) {
      const [left, right] = scored[w];
      const width = right - left + 1;
      // Index `left` sits at −1, the row after `right` at 0: earlier is worth more.
      const position = -(right - i + 1) / width;
      const credit = (profile.tp * scaledSigmoid(position)) / maxCredit;
      if (!hit[w]) {
        windowScores[w] = credit;
        hit[w] = true;
      }
      continue;
    }
    // Past a window (even one inside probation) a false alarm costs less the closer it is to it.
    let previous: [number, number] | null = null;
    for (const win of windows) if (win[1] < i && (!previous || win[1] > previous[1])) previous = win;
    const unweighted = previous
      ? scaledSigmoid((i - previous[1]) / Math.max(1, previous[1] - previous[0]))
      : -1;
    raw += unweighted * profile.fp;
    falsePositives++;
    falsePositiveRows.push(i);
  }
  raw += windowScores.reduce((a, b) => a + b, 0);
  const truePositives = hit.filter(Boolean).length;
  return {
    raw,
    windows: scored.length,
    truePositives,
    falseNegatives: scored.length - truePositives,
    falsePositives,
    windowScores,
    falsePositiveRows,
  };
}

/**
 * NAB's normalisation over a set of files: 0 is the detector that never fires (every window missed), 100
 * the one that fires exactly at the start of every window and nowhere else.
 */
export function normalisedScore(scores: Pick<NabFileScore, "raw" | "windows">[], profile: NabProfile = STANDARD_PROFILE): number {
  const raw = scores.reduce((a, s) => a + s.raw, 0);
  const windows = scores.reduce((a, s) => a + s.windows, 0);
  const nullScore = -profile.fn * windows;
  const perfect = profile.tp * windows;
  if (perfect === nullScore) return 0;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}
