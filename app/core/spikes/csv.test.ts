import { describe, expect, it } from "vitest";
import { CsvError, parseCountCsv, parseTimestamp } from "./csv";

describe("parseCountCsv", () => {
  it("reads rows, keeping each timestamp exactly as written and reading zone-less times as UTC", () => {
    const rows = parseCountCsv('\uFEFFtimestamp,value\r\n2015-02-26 21:42:53,104\r\n"2015-02-26T21:47:53Z",0\r\n\r\n2015-02-26 23:00:00+01:00,3.5\n');
    expect(rows).toEqual([
      { line: 2, timestamp: "2015-02-26 21:42:53", time: Date.UTC(2015, 1, 26, 21, 42, 53), value: 104 },
      { line: 3, timestamp: "2015-02-26T21:47:53Z", time: Date.UTC(2015, 1, 26, 21, 47, 53), value: 0 },
      { line: 5, timestamp: "2015-02-26 23:00:00+01:00", time: Date.UTC(2015, 1, 26, 22, 0, 0), value: 3.5 },
    ]);
  });

  it("accepts plain dates and fractional seconds", () => {
    expect(parseTimestamp("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp("2015-03-03 04:37:53.000000")).toBe(Date.UTC(2015, 2, 3, 4, 37, 53));
    expect(parseTimestamp("2023-02-29")).toBeNaN();
    expect(parseTimestamp("yesterday")).toBeNaN();
  });

  const failure = (text: string) => {
    try {
      parseCountCsv(text);
    } catch (error) {
      expect(error).toBeInstanceOf(CsvError);
      return (error as CsvError).message;
    }
    throw new Error("expected parseCountCsv to throw");
  };

  it("names the line, what was expected and what came for every kind of bad row", () => {
    expect(failure("time,count\n2020-01-01,1\n")).toBe('line 1: expected the header "timestamp,value", got "time,count"');
    expect(failure("timestamp,value\n2020-01-01,1\n2020-01-02\n")).toBe(
      'line 3: expected 2 columns (timestamp,value), got 1: "2020-01-02"',
    );
    expect(failure("timestamp,value\n2020-01-01,1\n01/02/2020,4\n")).toMatch(
      /^line 3: expected a timestamp like 2015-02-26 21:42:53 or 2015-02-26T21:42:53Z, got "01\/02\/2020"$/,
    );
    expect(failure("timestamp,value\n2020-01-01,-2\n")).toBe('line 2: expected a count (a number ≥ 0) in the value column, got "-2"');
    expect(failure("timestamp,value\n2020-01-01,\n")).toBe('line 2: expected a count (a number ≥ 0) in the value column, got ""');
    expect(failure("timestamp,value\n2020-01-02,1\n2020-01-01,1\n")).toBe(
      'line 3: expected a timestamp later than 2020-01-02 (line 2), got "2020-01-01"',
    );
    expect(failure("")).toBe('line 1: expected the header "timestamp,value", got an empty file');
  });
});
