import { describe, expect, it } from "vitest";
import { readsAlike, validateSourceInput } from "./source-input.server";

describe("validateSourceInput", () => {
  it("accepts a selectors source and fills the kind's defaults", () => {
    const result = validateSourceInput({ kind: "selectors", url: "https://reviews.example/acme", options: { selectors: { item: ".review", text: ".body" } }, every: "1h" });
    expect(result).toEqual({
      ok: true,
      value: { kind: "selectors", name: null, url: "https://reviews.example/acme", intervalSeconds: 3600, options: { selectors: { item: ".review", text: ".body" }, ownListing: true, maxPages: 5 } },
    });
  });

  it("keeps a trimmed name, and refuses one longer than 100 characters", () => {
    const named = validateSourceInput({ kind: "feed", url: "https://blog.example/feed", name: "  Food blog " });
    expect(named.ok && named.value.name).toBe("Food blog");
    const long = validateSourceInput({ kind: "feed", url: "https://blog.example/feed", name: "x".repeat(101) });
    expect(!long.ok && long.errors.name).toEqual(["expected a name of at most 100 characters, got 101"]);
  });

  it("refuses a selector that is not valid CSS when it is saved, not at every run", () => {
    const result = validateSourceInput({ kind: "selectors", url: "https://reviews.example/acme", options: '{"selectors": {"item": "<<<"}}' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.options!.join(" ")).toMatch(/item/);
  });

  it("names every wrong field at once", () => {
    const result = validateSourceInput({ kind: "feed", url: "file:///etc/passwd", options: "{not json", every: "5 fortnights" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["every", "options", "url"]);
    expect(result.errors.options![0]).toMatch(/^expected JSON/);
  });
});

describe("readsAlike", () => {
  const url = "https://reviews.example/acme";
  it("reads a feed saved without options like one with the defaults written out", () => {
    expect(readsAlike("feed", { url, options: {} }, { url, options: { matchAll: false } })).toBe(true);
    expect(readsAlike("feed", { url, options: {} }, { url, options: { matchAll: true } })).toBe(false);
  });

  it("ignores the order options were written in, but not a changed selector or address", () => {
    const saved = { url, options: { ownListing: true, maxPages: 2, selectors: { item: ".rv", text: "p" } } };
    expect(readsAlike("selectors", saved, { url, options: { selectors: { text: "p", item: ".rv" }, maxPages: 2, ownListing: true } })).toBe(true);
    expect(readsAlike("selectors", saved, { url, options: { ...saved.options, selectors: { item: ".review", text: "p" } } })).toBe(false);
    expect(readsAlike("selectors", saved, { url: `${url}/2`, options: saved.options })).toBe(false);
  });
});
