import { describe, expect, it } from "vitest";
import { isoTime } from "./iso-time";

describe("isoTime", () => {
  it("writes the same text as toISOString for times across four centuries", () => {
    // A fixed-seed walk, so a failure names a time that can be tried again.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2250, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(from + next() * (to - from));
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it("gets leap days, year ends and the first and last millisecond of a day right", () => {
    const times = [
      Date.UTC(2000, 1, 29), Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 1, 28, 12), Date.UTC(2100, 2, 1),
      Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 0, 1), 0, -1, Date.UTC(1969, 11, 31, 0, 0, 0, 1),
      Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it("drops a fraction of a millisecond as a Date does", () => {
    for (const ms of [1.5, -1.5, Date.UTC(2026, 10, 20) + 0.999, -0.25]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it("leaves years it does not write to the built-in, which throws on an invalid time as before", () => {
    expect(isoTime(Date.UTC(10000, 0, 1))).toBe("+010000-01-01T00:00:00.000Z");
    expect(isoTime(Date.UTC(-5, 0, 1))).toBe(new Date(Date.UTC(-5, 0, 1)).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
