import { describe, expect, it } from "vitest";
import { describeExcess } from "./incident-panel";

describe("how an incident's size is put into words", () => {
  it("says almost none rather than a figure like 0.031", () => {
    expect(describeExcess({ kind: "surge", observed: 71, expected: 0.031 })).toBe("71 negative mentions where almost none were usual");
  });

  it("rounds what was usual to what a person would say", () => {
    expect(describeExcess({ kind: "surge", observed: 12, expected: 3.04 })).toBe("12 negative mentions where about 3 were usual");
    expect(describeExcess({ kind: "surge", observed: 240, expected: 61.6 })).toBe("240 negative mentions where about 62 were usual");
  });

  it("speaks of the share for a sentiment drop", () => {
    expect(describeExcess({ kind: "drop", observed: 30, expected: 12.4 })).toBe("30 negative mentions where about 12 would be usual among as many mentions");
  });
});
