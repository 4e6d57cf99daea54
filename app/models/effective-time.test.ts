import { describe, expect, it } from "vitest";
import { countedTime, LATE_LIMIT_MS } from "./effective-time.server";

const collected = new Date("2026-11-20T10:00:00Z");

describe("the moment a mention counts for", () => {
  it("is its publication time while a source's history comes in", () => {
    const published = new Date("2026-11-20T00:00:00Z");
    expect(countedTime(published, collected, { backfill: true })).toEqual(published);
  });

  it("is the collection time for something new to us, however it is dated", () => {
    expect(countedTime(new Date("2026-11-20T00:00:00Z"), collected, { backfill: false })).toEqual(collected);
  });

  it("is the publication time again for anything older than the late limit", () => {
    const old = new Date(collected.getTime() - LATE_LIMIT_MS - 1);
    expect(countedTime(old, collected, { backfill: false })).toEqual(old);
  });

  it("never is a missing or future publication time", () => {
    expect(countedTime(null, collected, { backfill: true })).toEqual(collected);
    expect(countedTime(new Date("2026-12-01T00:00:00Z"), collected, { backfill: true })).toEqual(collected);
  });
});
