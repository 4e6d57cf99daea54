import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-changes";

describe("auditChanges", () => {
  it("lists only the fields that changed, each as before and after", () => {
    expect(auditChanges({ url: "https://a.example/", name: "A", intervalSeconds: 900 }, { url: "https://b.example/", name: "A", intervalSeconds: 900 })).toEqual([
      { field: "url", from: "https://a.example/", to: "https://b.example/" },
    ]);
  });

  it("shows what a creation set and what a removal took away", () => {
    expect(auditChanges(null, { brandId: 3, name: "import" })).toEqual([
      { field: "brandId", from: "–", to: "3" },
      { field: "name", from: "–", to: "import" },
    ]);
    expect(auditChanges({ mentions: 12 }, null)).toEqual([{ field: "mentions", from: "12", to: "–" }]);
  });

  it("reads a whole object or list in a field as JSON, and a bare value as one field", () => {
    expect(auditChanges({ options: { maxPages: 2 } }, { options: { maxPages: 5 } })).toEqual([{ field: "options", from: '{"maxPages":2}', to: '{"maxPages":5}' }]);
    expect(auditChanges(["a"], ["a", "b"])).toEqual([{ field: "value", from: '["a"]', to: '["a","b"]' }]);
  });
});
