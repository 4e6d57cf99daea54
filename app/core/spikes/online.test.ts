import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "./count-model";
import { poisson, seeded } from "./fixtures";
import { IncidentTracker, chooseBucket, createCountDetector, medianInterval } from "./online";

const T0 = Date.UTC(2024, 2, 4);
const FIVE_MIN = 5 * 60_000;
// NAB-style timestamps sit off the hour; the detector must still sum by clock hour.
const OFFSET = 2 * 60_000 + 53_000;

function fiveMinuteSeries(seed: number, days: number, perRow: number): { time: number; value: number }[] {
  const random = seeded(seed);
  const rows: { time: number; value: number }[] = [];
  for (let i = 0; i < (days * DAY_MS) / FIVE_MIN; i++) rows.push({ time: T0 + OFFSET + i * FIVE_MIN, value: poisson(random, perRow) });
  return rows;
}

function detect(rows: { time: number; value: number }[], options = {}): number[] {
  const detector = createCountDetector<number>(options);
  const hits: number[] = [];
  rows.forEach((r, i) => {
    for (const d of detector.push(r.time, r.value, i)) hits.push(d.row);
  });
  return hits;
}

describe("the online count detector", () => {
  it("sums 5-minute rows into clock hours and reports a surge at the last row of its hour", () => {
    const rows = fiveMinuteSeries(1, 10, 4);
    const hour = T0 + 8 * DAY_MS + 14 * HOUR_MS;
    const inHour = rows.map((_, i) => i).filter((i) => rows[i].time >= hour && rows[i].time < hour + HOUR_MS);
    for (const i of inHour) rows[i].value += 40;
    const hits = detect(rows);
    expect(hits).toEqual([inHour[inHour.length - 1]]);
    expect(new Date(rows[hits[0]].time).toISOString()).toBe("2024-03-12T14:57:53.000Z");
  });

  it("decides each row from the rows up to it: a prefix of the data gives the same detections so far", () => {
    const rows = fiveMinuteSeries(2, 12, 3);
    const random = seeded(5);
    for (let k = 0; k < 6; k++) {
      const at = Math.floor((3 + random() * 8) * 288);
      for (let j = 0; j < 12; j++) rows[at + j].value += 25;
    }
    const full = detect(rows);
    expect(full.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: rows.length }), (cut) => {
        expect(detect(rows.slice(0, cut))).toEqual(full.filter((i) => i < cut));
      }),
      { numRuns: 15, seed: 4 },
    );
  });

  it("closes an hour when a row from a later hour arrives after a gap, crediting the hour's last row", () => {
    const rows = fiveMinuteSeries(3, 6, 4);
    const hour = T0 + 5 * DAY_MS + 9 * HOUR_MS;
    // The burst hour loses its last rows, so nothing inside it says the hour is over.
    const kept = rows.filter((r) => !(r.time >= hour + 40 * 60_000 && r.time < hour + 2 * HOUR_MS));
    const burst = kept.map((_, i) => i).filter((i) => kept[i].time >= hour && kept[i].time < hour + HOUR_MS);
    for (const i of burst) kept[i].value += 60;
    const hits = detect(kept, { rowIntervalMs: FIVE_MIN });
    expect(hits).toContain(burst[burst.length - 1]);
  });

  it("chooses hours for sub-hourly rows, days for daily rows and one bucket per row otherwise", () => {
    expect(chooseBucket("auto", FIVE_MIN)).toEqual({ bucketMs: HOUR_MS, aggregate: true });
    expect(chooseBucket("auto", HOUR_MS)).toEqual({ bucketMs: HOUR_MS, aggregate: true });
    expect(chooseBucket("auto", DAY_MS)).toEqual({ bucketMs: DAY_MS, aggregate: true });
    expect(chooseBucket("auto", 7 * DAY_MS)).toEqual({ bucketMs: 7 * DAY_MS, aggregate: false });
    expect(chooseBucket("row", FIVE_MIN)).toEqual({ bucketMs: FIVE_MIN, aggregate: false });
    expect(chooseBucket("day", FIVE_MIN)).toEqual({ bucketMs: DAY_MS, aggregate: true });
    expect(medianInterval([0, 300, 600, 5000, 5300])).toBe(300);
  });

  it("reads the row interval off the first rows when it is not given", () => {
    const rows = fiveMinuteSeries(6, 8, 4);
    const hour = T0 + 7 * DAY_MS + 3 * HOUR_MS;
    for (const r of rows) if (r.time >= hour && r.time < hour + HOUR_MS) r.value += 40;
    expect(detect(rows)).toEqual(detect(rows, { rowIntervalMs: FIVE_MIN }));
    expect(detect(rows).length).toBe(1);
  });

  it("spends more false alarms at high sensitivity than at low on the same noise", () => {
    const random = seeded(8);
    const rows = Array.from({ length: 6 * 365 }, (_, i) => ({ time: T0 + i * DAY_MS, value: poisson(random, 4) }));
    const low = detect(rows, { sensitivity: "low" }).length;
    const high = detect(rows, { sensitivity: "high" }).length;
    expect(high).toBeGreaterThan(low);
  });
});

describe("the incident tracker", () => {
  const verdict = (fired: boolean, elevated: boolean) => ({
    start: 0,
    count: 0,
    expected: 0,
    fired,
    elevated,
    reason: "none" as const,
    evidence: null,
    tests: [],
    cusum: 0,
  });

  it("opens once, updates while elevated, and resolves only after a full quiet cool-down", () => {
    const tracker = new IncidentTracker(3 * HOUR_MS);
    const steps = [
      verdict(true, true),
      verdict(true, true),
      verdict(false, true),
      verdict(false, false),
      verdict(false, false),
      verdict(true, true),
      verdict(false, false),
      verdict(false, false),
      verdict(false, false),
      verdict(true, true),
    ].map((v, i) => tracker.step(v, (i + 1) * HOUR_MS));
    expect(steps).toEqual(["open", "update", "update", "none", "none", "update", "none", "none", "resolve", "open"]);
  });

  it("judges each hour once when rows come at irregular times, exactly as the same counts summed by hour", () => {
    const random = seeded(11);
    const hours = 24 * 20;
    const hourly = Array.from({ length: hours }, (_, h) => ({ time: T0 + h * HOUR_MS, value: poisson(random, 6) }));
    for (const h of [24 * 12 + 9, 24 * 17 + 15]) hourly[h]!.value += 45;
    // The same counts spread over rows at uneven minutes, always two of them in the hour's last five minutes
    // (closer together than the nominal row spacing).
    const rows: { time: number; value: number; hour: number }[] = [];
    hourly.forEach(({ time, value }, hour) => {
      const minutes = [...new Set([Math.floor(random() * 50), 50 + Math.floor(random() * 5), 56, 58])].sort((a, b) => a - b);
      let left = value;
      minutes.forEach((m, i) => {
        const share = i === minutes.length - 1 ? left : Math.floor(value / minutes.length);
        left -= share;
        rows.push({ time: time + m * 60_000, value: share, hour });
      });
    });
    const byHour = detect(hourly, { granularity: "hour", rowIntervalMs: HOUR_MS });
    const irregular = createCountDetector<number>({ granularity: "hour", rowIntervalMs: 5 * 60_000 });
    const hits: number[] = [];
    rows.forEach((r, i) => {
      for (const d of irregular.push(r.time, r.value, i)) hits.push(d.row);
    });
    for (const d of irregular.finish()) hits.push(d.row);
    expect(byHour.length).toBeGreaterThan(0);
    // Each detection names the last row of its hour, as if that hour had come as one row.
    const lastRowOf = (hour: number) => rows.findLastIndex((r) => r.hour === hour);
    expect(hits).toEqual(byHour.map(lastRowOf));
  });
});
