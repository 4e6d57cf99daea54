import { describe, expect, it } from "vitest";
import {
  ROBOTS_FAILURE_MAX_AGE_MS,
  ROBOTS_MAX_AGE_MS,
  createMemoryRobotsCache,
  robotsEntryIsFresh,
  robotsVerdict,
  userAgentToken,
} from "./robots";

const UA = "EarshotBot/0.1 (+https://github.com/earshot/earshot)";
const entry = (status: number, body: string | null) => ({ status, body, fetchedAt: 0 });

describe("robots verdict", () => {
  it("obeys the group naming our product token over the * group", () => {
    const rules = "User-agent: *\nDisallow:\n\nUser-agent: EarshotBot\nDisallow: /private\n";
    expect(robotsVerdict(entry(200, rules), "https://shop.example/private/reviews", UA)).toMatchObject({ allowed: false });
    expect(robotsVerdict(entry(200, rules), "https://shop.example/public", UA)).toEqual({ allowed: true });
  });

  it("says which robots.txt refused which URL for which agent", () => {
    const verdict = robotsVerdict(entry(200, "User-agent: *\nDisallow: /\n"), "https://shop.example/a", UA);
    expect(verdict).toEqual({ allowed: false, why: "https://shop.example/robots.txt disallows https://shop.example/a for EarshotBot (line 2)" });
  });

  it("treats 4xx as no robots.txt at all and 5xx, 429 or no answer as disallow-all", () => {
    expect(robotsVerdict(entry(404, null), "https://a.example/x", UA).allowed).toBe(true);
    expect(robotsVerdict(entry(403, null), "https://a.example/x", UA).allowed).toBe(true);
    expect(robotsVerdict(entry(503, null), "https://a.example/x", UA).allowed).toBe(false);
    expect(robotsVerdict(entry(429, null), "https://a.example/x", UA).allowed).toBe(false);
    expect(robotsVerdict({ ...entry(0, null), error: "ECONNRESET" }, "https://a.example/x", UA)).toMatchObject({
      allowed: false,
      why: expect.stringContaining("ECONNRESET"),
    });
  });

  it("treats a redirect chain that never ended as unavailable, so crawling is allowed", () => {
    expect(robotsVerdict(entry(301, null), "https://a.example/x", UA).allowed).toBe(true);
  });

  it("takes the product token from a full user-agent string", () => {
    expect(userAgentToken(UA)).toBe("EarshotBot");
    expect(userAgentToken("  ")).toBe("*");
  });
});

describe("robots cache freshness", () => {
  it("keeps a good answer for up to 24 hours but a failure only briefly", () => {
    expect(robotsEntryIsFresh(entry(200, ""), ROBOTS_MAX_AGE_MS - 1)).toBe(true);
    expect(robotsEntryIsFresh(entry(200, ""), ROBOTS_MAX_AGE_MS)).toBe(false);
    expect(robotsEntryIsFresh(entry(500, null), ROBOTS_FAILURE_MAX_AGE_MS - 1)).toBe(true);
    expect(robotsEntryIsFresh(entry(500, null), ROBOTS_FAILURE_MAX_AGE_MS)).toBe(false);
  });

  it("forgets entries in memory after 24 hours and evicts the stalest when full", async () => {
    let now = 0;
    const cache = createMemoryRobotsCache({ maxEntries: 2, now: () => now });
    await cache.set("https://a.example", entry(200, "a"));
    await cache.set("https://b.example", entry(200, "b"));
    await cache.set("https://c.example", entry(200, "c"));
    expect(await cache.get("https://a.example")).toBeNull();
    expect(await cache.get("https://c.example")).toMatchObject({ body: "c" });
    now = ROBOTS_MAX_AGE_MS;
    expect(await cache.get("https://c.example")).toBeNull();
  });
});
