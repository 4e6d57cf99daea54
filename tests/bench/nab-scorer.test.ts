import { describe, expect, it } from "vitest";
import {
  STANDARD_PROFILE,
  normalisedScore,
  probationRows,
  scaledSigmoid,
  scoreNabFile,
  windowRows,
} from "./nab-scorer";

// A 10,000-row file (probation: 750 rows) with two windows of 101 rows each.
const ROWS = 10_000;
const WINDOWS: [number, number][] = [
  [2000, 2100],
  [6000, 6100],
];

describe("the NAB scorer", () => {
  it("uses NAB's scaled sigmoid: about +0.987 at a window's left edge, 0 at its right, -1 far past it", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it("scores the never-firing detector 0 and the one firing at each window's start 100", () => {
    const none = scoreNabFile(ROWS, WINDOWS, []);
    expect(none.raw).toBe(-2);
    expect(normalisedScore([none])).toBe(0);
    const perfect = scoreNabFile(ROWS, WINDOWS, [2000, 6000]);
    expect(perfect.raw).toBeCloseTo(2, 12);
    expect(normalisedScore([perfect])).toBeCloseTo(100, 10);
  });

  it("credits only the first detection in a window, more for earlier ones", () => {
    const early = scoreNabFile(ROWS, WINDOWS, [2010]).windowScores[0];
    const late = scoreNabFile(ROWS, WINDOWS, [2090]).windowScores[0];
    expect(early).toBeGreaterThan(late);
    expect(late).toBeGreaterThan(0);
    // A later detection in the same window neither adds nor costs anything.
    const both = scoreNabFile(ROWS, WINDOWS, [2090, 2010]);
    expect(both.windowScores[0]).toBeCloseTo(early, 12);
    expect(both.raw).toBeCloseTo(scoreNabFile(ROWS, WINDOWS, [2010]).raw, 12);
    expect(both.falsePositives).toBe(0);
  });

  it("charges a false alarm before any window the full A_FP and one just past a window almost nothing", () => {
    const before = scoreNabFile(ROWS, WINDOWS, [1000]);
    expect(before.raw - -2).toBeCloseTo(-STANDARD_PROFILE.fp, 12);
    const justAfter = scoreNabFile(ROWS, WINDOWS, [2102]);
    expect(justAfter.raw - -2).toBeGreaterThan(-0.01);
    expect(justAfter.raw - -2).toBeLessThan(0);
    const farAfter = scoreNabFile(ROWS, WINDOWS, [4000]);
    expect(farAfter.raw - -2).toBeCloseTo(-STANDARD_PROFILE.fp, 6);
  });

  it("ignores detections in the probation period", () => {
    expect(probationRows(ROWS)).toBe(750);
    expect(probationRows(1000)).toBe(150);
    expect(scoreNabFile(ROWS, WINDOWS, [10, 700]).raw).toBe(-2);
  });

  it("normalises over several files together, not as an average of per-file scores", () => {
    const a = scoreNabFile(ROWS, WINDOWS, [2000, 6000]);
    const b = scoreNabFile(ROWS, [[3000, 3100]], []);
    // Raw 2 + (-1) over 3 windows: (1 + 3) / 6 of the way from null to perfect.
    expect(normalisedScore([a, b])).toBeCloseTo((100 * 4) / 6, 10);
  });

  it("maps window times to the rows inside them", () => {
    const times = [0, 10, 20, 30, 40, 50];
    expect(windowRows(times, [[15, 40]])).toEqual([[2, 4]]);
    expect(windowRows(times, [[100, 200]])).toEqual([]);
  });
});
