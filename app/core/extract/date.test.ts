import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDate } from "./date";

describe("parseDate", () => {
  it.each([
    ["2024-03-01T23:02:55.425Z", "2024-03-01T23:02:55.425Z"],
    ["2015-06-01T23:49:41+02:00", "2015-06-01T21:49:41.000Z"],
    ["2016-06-27T07:36:54.007-07:00", "2016-06-27T14:36:54.007Z"],
    ["2006-05-04", "2006-05-04T00:00:00.000Z"],
    ["2023-07-28 10:15", "2023-07-28T10:15:00.000Z"],
    ["2023-07-28 10:15 PDT", "2023-07-28T17:15:00.000Z"],
    ["20230728T101500Z", "2023-07-28T10:15:00.000Z"],
    ["2021-10-29T08:28:11-0500", "2021-10-29T13:28:11.000Z"],
  ])("reads ISO 8601 %j as UTC", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    ["Thu, 12 Nov 2015 21:16:39 +0000", "2015-11-12T21:16:39.000Z"],
    ["Mon, 07 Jan 2019 17:19:19 +0100", "2019-01-07T16:19:19.000Z"],
    ["Wed, 03 Jan 2018 13:47:00 GMT\r\n      ", "2018-01-03T13:47:00.000Z"],
    ["\nMon, 07 Jan 2019 17:19:19 +0100", "2019-01-07T16:19:19.000Z"],
    ["Fri, 20 Feb 2015 09:51:15 UTC", "2015-02-20T09:51:15.000Z"],
    ["Thu, 21 Jan 2021 18:58:00 +1100", "2021-01-21T07:58:00.000Z"],
    ["Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T09:00:00.000Z"],
    ["Sat, 1 Jul 2023 9:05 PDT", "2023-07-01T16:05:00.000Z"],
    ["1 Jul 2023 09:05:00", "2023-07-01T09:05:00.000Z"],
    ["Sun, 31 Dec 23 23:59:59 GMT", "2023-12-31T23:59:59.000Z"],
    ["03 Apr 02 1500 GMT", "2002-04-03T15:00:00.000Z"],
    ["Thu Nov 12 21:16:39 2015", "2015-11-12T21:16:39.000Z"],
  ])("reads RFC 822 and its usual corruptions: %j", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    ["Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40.000Z"],
    ["29. Juli 2023", "2023-07-29T00:00:00.000Z"],
    ["3 de março de 2021", "2021-03-03T00:00:00.000Z"],
    ["12 décembre 2022", "2022-12-12T00:00:00.000Z"],
    ["Τρι, 29 Ιούν 2004 12:53:00 GMT", "2004-06-29T12:53:00.000Z"],
    ["5 июля 2022", "2022-07-05T00:00:00.000Z"],
    ["1 mei 2020", "2020-05-01T00:00:00.000Z"],
  ])("reads month names in other languages: %j", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    ["Reviewed in the United States on July 28, 2023", "2023-07-28T00:00:00.000Z"],
    ["Reviewed in the United Kingdom on 3 March 2022", "2022-03-03T00:00:00.000Z"],
    ["Posted Sept. 3rd, 2021 at 4:30 pm", "2021-09-03T16:30:00.000Z"],
    ["You may like it. Written on Jan 5, 2020", "2020-01-05T00:00:00.000Z"],
    ["Rated 4 out of 5 on March 9, 2024", "2024-03-09T00:00:00.000Z"],
    ["October 29, 2021 @ 8:28 am", "2021-10-29T08:28:00.000Z"],
  ])("finds a date inside prose: %j", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    ["28.07.2023", "2023-07-28T00:00:00.000Z"],
    ["07/28/2023", "2023-07-28T00:00:00.000Z"],
    ["28/07/2023", "2023-07-28T00:00:00.000Z"],
    ["2023/07/28", "2023-07-28T00:00:00.000Z"],
    ["2023年7月28日", "2023-07-28T00:00:00.000Z"],
    ["2023년 7월 28일", "2023-07-28T00:00:00.000Z"],
  ])("reads numeric and CJK dates: %j", (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it("reads ambiguous slash dates month-first unless told otherwise", () => {
    expect(parseDate("03/04/2023")).toBe("2023-03-04T00:00:00.000Z");
    expect(parseDate("03/04/2023", { dayFirst: true })).toBe("2023-04-03T00:00:00.000Z");
  });

  it("reads relative dates only against a supplied clock", () => {
    const now = new Date("2024-05-10T12:00:00Z");
    expect(parseDate("3 days ago")).toBeNull();
    expect(parseDate("3 days ago", { now })).toBe("2024-05-07T12:00:00.000Z");
    expect(parseDate("an hour ago", { now })).toBe("2024-05-10T11:00:00.000Z");
    expect(parseDate("yesterday", { now })).toBe("2024-05-09T12:00:00.000Z");
    expect(parseDate("2 months ago", { now })).toBe("2024-03-10T12:00:00.000Z");
  });

  it("reads epoch seconds and milliseconds", () => {
    expect(parseDate("1700000000")).toBe("2023-11-14T22:13:20.000Z");
    expect(parseDate(1700000000000)).toBe("2023-11-14T22:13:20.000Z");
  });

  it.each([
    "", "   ", "not a date", "2023-13-01", "2023-02-30", "31 Feb 2023", "Sun, 32 Jan 2023 10:00:00 GMT",
    "Mayday", "25:61", "9999-01-01", "may the force be with you",
  ])("gives null for %j rather than a wrong date", (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it("gives null for null, undefined and non-finite numbers", () => {
    expect(parseDate(null)).toBeNull();
    expect(parseDate(undefined)).toBeNull();
    expect(parseDate(Number.NaN)).toBeNull();
  });

  it("round-trips any ISO timestamp it produced", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2150-01-01T00:00:00Z"), noInvalidDate: true }), (d) => {
        expect(parseDate(d.toISOString())).toBe(d.toISOString());
      }),
    );
  });

  it("reads any RFC 822 date that Date#toUTCString writes", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2150-01-01T00:00:00Z"), noInvalidDate: true }), (d) => {
        const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(parseDate(whole.toUTCString())).toBe(whole.toISOString());
      }),
    );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const out = parseDate(s);
        expect(out === null || !Number.isNaN(Date.parse(out))).toBe(true);
      }),
    );
  });
});
