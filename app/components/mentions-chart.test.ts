import { describe, expect, it } from "vitest";
import { visibleIncidents } from "./mentions-chart";

const days = ["2026-11-01", "2026-11-02", "2026-11-03"].map((day) => ({ day, positive: 1, neutral: 0, negative: 2 }));

describe("incidents on the overview chart", () => {
  it("clips an incident that began before the first day shown to that day, and one that runs on to the last", () => {
    const shown = visibleIncidents(days, [
      { id: 1, from: "2026-10-20", to: "2026-11-02", kind: "surge" },
      { id: 2, from: "2026-11-03", to: "2026-11-09", kind: "drop" },
    ]);
    expect(shown).toEqual([
      { id: 1, from: "2026-11-01", to: "2026-11-02", kind: "surge" },
      { id: 2, from: "2026-11-03", to: "2026-11-03", kind: "drop" },
    ]);
  });

  it("leaves out an incident entirely outside the days shown, and draws nothing without days", () => {
    expect(visibleIncidents(days, [{ id: 3, from: "2026-10-01", to: "2026-10-05", kind: "surge" }])).toEqual([]);
    expect(visibleIncidents([], [{ id: 4, from: "2026-11-01", to: "2026-11-02", kind: "surge" }])).toEqual([]);
  });
});
