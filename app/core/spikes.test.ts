import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DAY_MS,
  HOUR_MS,
  SeriesMonitor,
  SurgeDetector,
  createCountDetector,
  evaluateSeries,
  surgeOptions,
  type Decision,
  type HourlyBucket,
  type OpenIncident,
} from "~/core/spikes";
import { binomial, hourlyMentions, poisson, seeded, type Hour } from "~/core/spikes/fixtures";

// A Monday, so weekday effects start from a clean week.
const T0 = Date.UTC(2024, 2, 4);

/** Calls evaluateSeries once per hour like the job runner, storing what each decision says to store. */
function runHourly(
  hours: Hour[],
  fromHour: number,
  toHour: number,
  state: { incident: OpenIncident | null } = { incident: null },
): { hour: number; decision: Decision }[] {
  const out: { hour: number; decision: Decision }[] = [];
  for (let h = fromHour; h <= toHour; h++) {
    const decision = evaluateSeries({ buckets: hours.slice(0, h), incident: state.incident }, T0 + h * HOUR_MS);
    out.push({ hour: h, decision });
    if (decision.action === "resolve") state.incident = null;
    else if (decision.incident) state.incident = decision.incident;
  }
  return out;
}

const actions = <T extends { decision: Decision }>(run: T[], action: Decision["action"]) =>
  run.filter((r) => r.decision.action === action);

describe("the count detector (properties)", () => {
  it("never raises an alarm on a constant series, whatever the level and the row interval", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom(5 * 60_000, HOUR_MS, DAY_MS),
        fc.integer({ min: 3, max: 40 }),
        (value, interval, days) => {
          const detector = createCountDetector<number>({ rowIntervalMs: interval });
          const rows = Math.round((days * DAY_MS) / interval) + 30;
          let detections = 0;
          for (let i = 0; i < rows; i++) detections += detector.push(T0 + i * interval, value, i).length;
          detections += detector.finish().length;
          expect(detections).toBe(0);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });

  it("rarely raises an alarm on Poisson noise at a low rate, daily or hourly", () => {
    let alarms = 0;
    let years = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.boolean(),
        (seed, perDay, daily) => {
          const random = seeded(seed);
          const interval = daily ? DAY_MS : HOUR_MS;
          const span = daily ? 3 * 365 : 120;
          const detector = createCountDetector<number>({ rowIntervalMs: interval });
          let found = 0;
          const rows = (span * DAY_MS) / interval;
          for (let i = 0; i < rows; i++) found += detector.push(T0 + i * interval, poisson(random, (perDay * interval) / DAY_MS), i).length;
          alarms += found;
          years += span / 365;
          // A single run may be unlucky; a dozen alarms in three years would be a broken calibration.
          expect(found).toBeLessThanOrEqual(daily ? 12 : 3);
        },
      ),
      { numRuns: 30, seed: 11 },
    );
    expect(alarms / years).toBeLessThanOrEqual(2);
  });

  it("always fires on a burst of 4λ + 8√λ + 6 after a Poisson(λ) history, daily or hourly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0.05, max: 400, noNaN: true }),
        fc.boolean(),
        (seed, mean, daily) => {
          const random = seeded(seed);
          const bucket = daily ? DAY_MS : HOUR_MS;
          const history = daily ? 70 : 24 * 10;
          const detector = new SurgeDetector(surgeOptions(bucket));
          for (let i = 0; i < history; i++) detector.push(T0 + i * bucket, poisson(random, mean));
          const burst = Math.ceil(4 * mean + 8 * Math.sqrt(mean) + 6);
          const verdict = detector.push(T0 + history * bucket, burst);
          expect(verdict.fired).toBe(true);
          expect(verdict.evidence?.observed).toBeGreaterThanOrEqual(burst);
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });
});

describe("evaluateSeries", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("opens exactly one incident for a burst, updates it while the burst lasts and resolves it after things settle", () => {
    const hours = hourlyMentions({ start: T0, days: 30, perDay: 20, share: 0.1, seed: 11 });
    const burstAt = 28 * 24 + 14;
    [15, 25, 40].forEach((extra, k) => {
      hours[burstAt + k].total += extra;
      hours[burstAt + k].negatives += extra;
    });
    const run = runHourly(hours, burstAt - 2, hours.length);
    const opens = actions(run, "open");
    expect(opens).toHaveLength(1);
    expect(opens[0].hour).toBe(burstAt + 1);
    expect(opens[0].decision.kind).toBe("surge");
    expect(opens[0].decision.observed).toBeGreaterThan(opens[0].decision.expected * 5);
    const updates = actions(run, "update");
    expect(updates.map((u) => u.hour)).toEqual(expect.arrayContaining([burstAt + 2, burstAt + 3]));
    expect(updates.some((u) => u.decision.escalated)).toBe(true);
    const resolves = actions(run, "resolve");
    expect(resolves).toHaveLength(1);
    const lastActive = Math.max(...updates.map((u) => u.hour));
    // Not before a full cool-down of quiet, and promptly once it is over.
    expect(resolves[0].hour).toBeGreaterThanOrEqual(lastActive + 12);
    expect(resolves[0].hour).toBeLessThanOrEqual(lastActive + 13);
  });

  it("answers update, not a second open, when called again mid-hour during the burst", () => {
    const hours = hourlyMentions({ start: T0, days: 20, perDay: 20, share: 0.1, seed: 5 });
    const burstAt = hours.length - 2;
    hours[burstAt].total += 30;
    hours[burstAt].negatives += 30;
    const first = evaluateSeries({ buckets: hours.slice(0, burstAt + 1) }, T0 + (burstAt + 1) * HOUR_MS);
    expect(first.action).toBe("open");
    // After the next collection, 20 minutes into the following hour, with more negatives coming in.
    const partial = { ...hours[burstAt + 1], total: hours[burstAt + 1].total + 12, negatives: hours[burstAt + 1].negatives + 12 };
    const again = evaluateSeries(
      { buckets: [...hours.slice(0, burstAt + 1), partial], incident: first.incident },
      T0 + (burstAt + 1) * HOUR_MS + 20 * 60_000,
    );
    expect(again.action).toBe("update");
    expect(again.incident?.openedAt).toEqual(first.incident?.openedAt);
  });

  it("opens one incident for a two-mentions-a-day shop that gets one bad day of 8 negatives", () => {
    const hours = hourlyMentions({ start: T0, days: 45, perDay: 2, share: 0.25, seed: 21 });
    const badDay = 43 * 24;
    for (const h of [9, 10, 11, 13, 14, 15, 17, 19]) {
      hours[badDay + h].total += 1;
      hours[badDay + h].negatives += 1;
    }
    const run = runHourly(hours, badDay, hours.length);
    const opens = actions(run, "open");
    expect(opens).toHaveLength(1);
    expect(opens[0].decision.kind).toBe("surge");
    expect(opens[0].hour).toBeGreaterThan(badDay + 9);
    expect(opens[0].hour).toBeLessThanOrEqual(badDay + 20);
  });

  it("flags a rising share of negatives at constant volume as a drop, with shrunk share figures", () => {
    const random = seeded(99);
    const hours = hourlyMentions({ start: T0, days: 40, perDay: 48, share: 0.08, seed: 8 });
    const badDay = hours.length - 24;
    for (const h of hours.slice(badDay)) h.negatives = binomial(random, h.total, 0.5);
    const run = runHourly(hours, badDay, hours.length);
    const opens = actions(run, "open");
    expect(opens).toHaveLength(1);
    const decision = opens[0].decision;
    expect(decision.kind).toBe("drop");
    expect(decision.share?.baselineShare).toBeGreaterThan(0.05);
    expect(decision.share?.baselineShare).toBeLessThan(0.11);
    // Shrinking pulls the window's share toward the usual one, but not all the way.
    expect(decision.share!.shrunkShare).toBeLessThan(decision.share!.share);
    expect(decision.share!.shrunkShare).toBeGreaterThan(0.25);
    // The same day with the negatives arriving as extra mentions (volume up too) is a surge instead.
    const louder = hours.map((h, i) => (i < badDay ? h : { ...h, total: h.total + h.negatives }));
    const surge = actions(runHourly(louder, badDay, louder.length), "open");
    expect(surge.map((o) => o.decision.kind)).toContain("surge");
  });

  it("does not call two negatives out of three mentions a sentiment drop", () => {
    const hours = hourlyMentions({ start: T0, days: 30, perDay: 3, share: 0.2, seed: 4 });
    const last = hours.length - 1;
    hours[last] = { ...hours[last], total: 3, negatives: 2 };
    const decision = evaluateSeries({ buckets: hours }, T0 + hours.length * HOUR_MS);
    expect(decision.action).toBe("none");
  });

  it("stays quiet on noisy but flat series: about one false incident in a year of hourly decisions", () => {
    // "medium" spends 2 false alarms per series-year; six flat series for two months each are one
    // series-year, so more than 3 (Poisson(2) exceeds 3 one time in seven) means a broken calibration.
    let opens = 0;
    for (const [perDay, seed] of [
      [2, 1],
      [2, 2],
      [30, 3],
      [30, 4],
      [300, 5],
      [300, 6],
    ]) {
      const hours = hourlyMentions({ start: T0, days: 61, perDay, share: 0.15, seed });
      const monitor = new SeriesMonitor();
      let incident: OpenIncident | null = null;
      for (const h of hours) {
        monitor.push(h.start, h.negatives, h.total);
        const decision = monitor.decide(incident, null, h.start + HOUR_MS);
        if (decision.action === "open") opens++;
        incident = decision.action === "resolve" ? null : (decision.incident ?? incident);
      }
    }
    expect(opens).toBeLessThanOrEqual(3);
  });

  it("says so and stays silent while the series has less than two days of history", () => {
    const hours = hourlyMentions({ start: T0, days: 1, perDay: 20, share: 0.1, seed: 2 });
    hours[20].total += 50;
    hours[20].negatives += 50;
    const decision = evaluateSeries({ buckets: hours.slice(0, 21) }, T0 + 21 * HOUR_MS);
    expect(decision.action).toBe("none");
    expect(decision.reason).toMatch(/history/);
  });

  it("does not reopen from signals older than the moment the last incident was resolved", () => {
    const hours = hourlyMentions({ start: T0, days: 20, perDay: 20, share: 0.1, seed: 6 });
    const burstAt = hours.length - 3;
    hours[burstAt].total += 30;
    hours[burstAt].negatives += 30;
    const now = T0 + hours.length * HOUR_MS;
    expect(evaluateSeries({ buckets: hours }, now).action).toBe("open");
    const afterManualClose = evaluateSeries({ buckets: hours, lastResolvedAt: T0 + (burstAt + 1) * HOUR_MS }, now);
    expect(afterManualClose.action).toBe("none");
  });

  it("keeps an open incident open but quiet during the cool-down, saying how long it has been quiet", () => {
    const hours = hourlyMentions({ start: T0, days: 20, perDay: 20, share: 0.1, seed: 12 });
    const incident: OpenIncident = { kind: "surge", openedAt: T0 + 400 * HOUR_MS, lastFiredAt: T0 + (hours.length - 5) * HOUR_MS, peak: 30 };
    const decision = evaluateSeries({ buckets: hours, incident }, T0 + hours.length * HOUR_MS);
    expect(decision.action).toBe("none");
    expect(decision.incident).not.toBeNull();
    expect(decision.reason).toMatch(/quiet for 5 h of the 12 h/);
    const later = evaluateSeries({ buckets: hours, incident: { ...incident, lastFiredAt: T0 + (hours.length - 13) * HOUR_MS } }, T0 + hours.length * HOUR_MS);
    expect(later.action).toBe("resolve");
    expect(later.incident).toBeNull();
  });

  it("fills missing hours with zeros instead of reading the gap as no time at all", () => {
    const hours = hourlyMentions({ start: T0, days: 20, perDay: 20, share: 0.1, seed: 13 });
    // Drop every empty hour but the first, which marks where the series begins.
    const withGap = hours.filter((h, i) => i === 0 || h.total > 0);
    const a = evaluateSeries({ buckets: hours }, T0 + hours.length * HOUR_MS);
    const b = evaluateSeries({ buckets: withGap }, T0 + hours.length * HOUR_MS);
    expect(b).toEqual(a);
  });

  it("reads no clock: the same input and now give the same decision whatever the system time", () => {
    const hours = hourlyMentions({ start: T0, days: 10, perDay: 20, share: 0.1, seed: 14 });
    hours[hours.length - 1].negatives += 25;
    hours[hours.length - 1].total += 25;
    const now = new Date(T0 + hours.length * HOUR_MS);
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-01-01T00:00:00Z"));
    const a = evaluateSeries({ buckets: hours }, now);
    vi.setSystemTime(new Date("1999-06-01T00:00:00Z"));
    const b = evaluateSeries({ buckets: hours.map((h) => ({ ...h, start: new Date(h.start) })) }, now.getTime());
    expect(a.action).toBe("open");
    expect(b).toEqual(a);
  });

  it("rejects bad buckets with a message saying what was expected and what came", () => {
    const good: HourlyBucket = { start: T0, negatives: 1, total: 2 };
    expect(() => evaluateSeries({ buckets: [good, { start: T0 + HOUR_MS, negatives: 5, total: 3 }] }, T0 + DAY_MS)).toThrow(
      /buckets\[1\]: expected negatives ≤ total, got 5 negatives of 3/,
    );
    expect(() => evaluateSeries({ buckets: [{ start: T0 + 60_000, negatives: 0, total: 0 }] }, T0 + DAY_MS)).toThrow(
      /expected the start of a UTC hour, got 2024-03-04T00:01:00.000Z/,
    );
    expect(() => evaluateSeries({ buckets: [{ start: T0, negatives: -1, total: 0 }] }, T0 + DAY_MS)).toThrow(
      /buckets\[0\]\.negatives: expected a count ≥ 0, got -1/,
    );
    expect(() => evaluateSeries({ buckets: [good, good] }, T0 + DAY_MS)).toThrow(/expected one bucket per hour/);
    expect(() => evaluateSeries({ buckets: [good] }, Number.NaN)).toThrow(/now: expected a Date or epoch ms/);
  });
});
