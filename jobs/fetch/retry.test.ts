import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "./retry";

describe("Retry-After", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");

  it("reads delay-seconds as milliseconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
  });

  it("reads an HTTP-date as the time left until then, and a past date as zero", () => {
    expect(parseRetryAfter("Sat, 01 Mar 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", now)).toBe(0);
  });

  it.each([undefined, "", "soon", "-5", "1.5"])("ignores the unreadable value %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe("backoff", () => {
  it("doubles its window per retry and stays within the upper half of it", () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(2, () => 0)).toBe(1000);
    expect(backoffDelay(2, () => 1)).toBe(2000);
  });

  it("never waits longer than the cap however many retries came before", () => {
    expect(backoffDelay(40, () => 1)).toBe(30_000);
  });
});
