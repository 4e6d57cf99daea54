import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as switcher from "~/routes/brands._index";
import { callRoute, signedInOwner } from "./helpers/route-context";
import { createTestDatabase } from "./setup/test-db";

describe("the brand switcher", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: AppLoadContext;
  let cookie = "";
  beforeAll(async () => {
    database = await createTestDatabase();
    ({ context, cookie } = await signedInOwner(database.db, "switcher@example.com"));
  });
  afterAll(async () => {
    await database?.close();
  });

  const go = (query: string) => callRoute(switcher.loader, { url: `/brands?${query}`, cookie, context });

  it("keeps the section being looked at when the brand changes", async () => {
    expect((await go("id=4&section=mentions")).location).toBe("/brands/4/mentions");
    expect((await go("id=4&section=settings")).location).toBe("/brands/4/settings");
  });

  it("lands on the overview for no section or one it does not know, and at home for a bad id", async () => {
    expect((await go("id=4")).location).toBe("/brands/4");
    expect((await go("id=4&section=..%2F..%2Flogout")).location).toBe("/brands/4");
    expect((await go("id=nope&section=mentions")).location).toBe("/");
  });
});
