import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~/db/schema";
import * as audit from "~/routes/settings.audit";
import { callRoute, signedInOwner } from "./helpers/route-context";
import { createTestDatabase } from "./setup/test-db";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let context: AppLoadContext;
let cookie = "";

beforeAll(async () => {
  database = await createTestDatabase();
  let userId: number;
  ({ context, cookie, userId } = await signedInOwner(database.db, "audit-owner@example.com"));
  // 61 changes, several in the same millisecond, as a script or a busy minute makes them.
  const base = Date.parse("2026-11-30T12:00:00Z");
  await database.db.insert(auditLog).values(
    Array.from({ length: 61 }, (_, i) => ({ userId, action: "brand.update", entity: "brand", entityId: String(i), before: { query: `q${i}` }, after: { query: `q${i + 1}` }, at: new Date(base + Math.floor(i / 3) * 1000) })),
  );
});
afterAll(async () => {
  await database?.close();
});

type Page = { entries: { entityId: string }[]; older: string | null; paged: boolean };

describe("the audit log page", () => {
  it("pages newest first through every change, without repeating or skipping one", async () => {
    const seen: string[] = [];
    let url = "/settings/audit";
    for (let n = 0; n < 5; n++) {
      const res = await callRoute(audit.loader, { url, cookie, context });
      const page = res.data as Page;
      seen.push(...page.entries.map((e) => e.entityId));
      expect(page.paged).toBe(n > 0);
      if (!page.older) break;
      url = `/settings/audit?before=${encodeURIComponent(page.older)}`;
    }
    expect(seen).toEqual(Array.from({ length: 61 }, (_, i) => String(60 - i)));
  });

  it("shows the first page for a cursor that is not one of ours", async () => {
    const res = await callRoute(audit.loader, { url: "/settings/audit?before=%27%3B%20drop", cookie, context });
    expect((res.data as Page).entries[0]!.entityId).toBe("60");
  });
});
