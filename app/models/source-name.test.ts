import { describe, expect, it } from "vitest";
import { defaultSourceName } from "./sources.server";

describe("the name of a source nobody named", () => {
  it("is its site and page, without www or a trailing slash", () => {
    expect(defaultSourceName("feed", "https://www.blog.example/feed/")).toBe("blog.example/feed");
    expect(defaultSourceName("schema", "https://reviews.example/")).toBe("reviews.example");
  });

  it("keeps the end of a long path, where pages differ", () => {
    const name = defaultSourceName("selectors", `https://reviews.example/${"a".repeat(60)}/page-2`);
    expect(name.startsWith("reviews.example…")).toBe(true);
    expect(name.endsWith("/page-2")).toBe(true);
  });

  it("is the kind for a source without a URL", () => {
    expect(defaultSourceName("api", null)).toBe("api");
  });
});
