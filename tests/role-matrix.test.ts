import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/db/schema";
import { createBrand } from "~/models/brands.server";
import { createSource } from "~/models/sources.server";
import { createUser } from "~/models/users.server";
import { callRoute, routeContext, sessionCookie } from "./helpers/route-context";
import { createTestDatabase } from "./setup/test-db";

/**
 * Every route file, and what each kind of visitor gets from its loader (GET) and action (POST):
 * "ok" (the handler ran: 2xx, a redirect elsewhere, or a validation answer), "login" (sent to sign in) or
 * "forbidden" (403), or "needs-token" (401: the ingest API takes a bearer token, never a cookie). The list of files is read from app/routes, so a new route without a row fails here.
 */
type Outcome = "ok" | "login" | "forbidden" | "needs-token";
type Who = "anonymous" | Role | "other-brand viewer";
type Expect = Record<Who, Outcome>;

const all = (o: Outcome): Expect => ({ anonymous: o, viewer: o, responder: o, owner: o, "other-brand viewer": o });
const PUBLIC = all("ok");
const SIGNED_IN: Expect = { ...all("ok"), anonymous: "login" };
const BRAND_READ: Expect = { ...SIGNED_IN, "other-brand viewer": "forbidden" };
const BRAND_OWNER: Expect = { anonymous: "login", viewer: "forbidden", responder: "forbidden", owner: "ok", "other-brand viewer": "forbidden" };
const BRAND_RESPONDER: Expect = { ...BRAND_OWNER, responder: "ok" };
const OWNER: Expect = { anonymous: "login", viewer: "forbidden", responder: "forbidden", owner: "ok", "other-brand viewer": "forbidden" };

interface Row {
  url: (ids: Ids) => string;
  params?: (ids: Ids) => Record<string, string>;
  loader?: Expect;
  action?: Expect;
  form?: Record<string, string>;
}
interface Ids {
  brandId: number;
  sourceId: number;
}

const MATRIX: Record<string, Row> = {
  "_index.tsx": { url: () => "/", loader: SIGNED_IN },
  "brands._index.tsx": { url: (i) => `/brands?id=${i.brandId}`, loader: SIGNED_IN },
  "brands.$brandId._index.tsx": { url: (i) => `/brands/${i.brandId}`, params: (i) => ({ brandId: String(i.brandId) }), loader: BRAND_READ, action: BRAND_RESPONDER, form: { intent: "acknowledge", incidentId: "999999" } },
  "brands.$brandId.sources._index.tsx": { url: (i) => `/brands/${i.brandId}/sources`, params: (i) => ({ brandId: String(i.brandId) }), loader: BRAND_READ, action: BRAND_OWNER, form: { intent: "run-now", sourceId: "999999" } },
  "brands.$brandId.sources.$sourceId.tsx": { url: (i) => `/brands/${i.brandId}/sources/${i.sourceId}`, params: (i) => ({ brandId: String(i.brandId), sourceId: String(i.sourceId) }), loader: BRAND_READ },
  "brands.$brandId.sources.new.tsx": { url: (i) => `/brands/${i.brandId}/sources/new`, params: (i) => ({ brandId: String(i.brandId) }), loader: BRAND_OWNER, action: BRAND_OWNER, form: { kind: "feed", url: "not a url" } },
  "brands.$brandId.settings.tsx": { url: (i) => `/brands/${i.brandId}/settings`, params: (i) => ({ brandId: String(i.brandId) }), loader: BRAND_OWNER, action: BRAND_OWNER, form: { intent: "query", query: "" } },
  "brands.$brandId.import.tsx": { url: (i) => `/brands/${i.brandId}/import`, params: (i) => ({ brandId: String(i.brandId) }), loader: BRAND_OWNER, action: BRAND_OWNER, form: {} },
  "brands.$brandId.mentions.tsx": { url: (i) => `/brands/${i.brandId}/mentions`, params: (i) => ({ brandId: String(i.brandId) }), loader: BRAND_READ, action: BRAND_RESPONDER, form: { mentionId: "999999", label: "auto" } },
  "api.mentions.ts": { url: () => "/api/mentions", loader: PUBLIC, action: all("needs-token"), form: {} },
  "brands.new.tsx": { url: () => "/brands/new", loader: OWNER, action: OWNER, form: { name: "" } },
  "healthz.ts": { url: () => "/healthz", loader: PUBLIC },
  "login.tsx": { url: () => "/login", loader: PUBLIC, action: PUBLIC, form: { email: "nobody@example.com", password: "wrong-password" } },
  "logout.tsx": { url: () => "/logout", loader: PUBLIC, action: PUBLIC, form: {} },
  "onboarding.tsx": { url: () => "/onboarding", loader: PUBLIC, action: PUBLIC, form: {} },
  "forgot-password.tsx": { url: () => "/forgot-password", loader: PUBLIC, action: PUBLIC, form: { email: "someone@example.com" } },
  "invite.$token.tsx": { url: () => "/invite/nope", params: () => ({ token: "nope" }), loader: PUBLIC, action: PUBLIC, form: { password: "a long enough password" } },
  "reset.$token.tsx": { url: () => "/reset/nope", params: () => ({ token: "nope" }), loader: PUBLIC, action: PUBLIC, form: { password: "a long enough password" } },
  "settings.users.tsx": { url: () => "/settings/users", loader: OWNER, action: OWNER, form: { intent: "invite", email: "not-an-email", role: "viewer" } },
  "settings.audit.tsx": { url: () => "/settings/audit", loader: OWNER },
  "settings.account.tsx": { url: () => "/settings/account", loader: SIGNED_IN },
};

const routesDir = fileURLToPath(new URL("../app/routes/", import.meta.url));
const routeFiles = readdirSync(routesDir).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.includes(".test."));

function classify(result: { status: number; location: string | null }): Outcome | `unexpected ${number}` {
  if (result.status === 403) return "forbidden";
  if (result.status === 401) return "needs-token";
  if (result.status >= 300 && result.status < 400) return result.location?.startsWith("/login?next=") ? "login" : "ok";
  if (result.status < 300 || [400, 404, 405, 410, 429].includes(result.status)) return "ok";
  return `unexpected ${result.status}`;
}

describe("the role matrix", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: AppLoadContext;
  let ids: Ids;
  const userIds: Partial<Record<Who, number>> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    context = routeContext(database.db);
    const brand = await createBrand(database.db, { name: "Matrix Bakery", query: "matrix" });
    const other = await createBrand(database.db, { name: "Other Client", query: "other" });
    const source = await createSource(database.db, { brandId: brand.id, kind: "feed", url: "https://blog.example/feed" });
    ids = { brandId: brand.id, sourceId: source.id };
    for (const role of ["owner", "responder", "viewer"] as const) {
      const user = await createUser(database.db, { email: `${role}@example.com`, password: "correct horse battery", role });
      userIds[role] = user.id;
    }
    const scoped = await createUser(database.db, { email: "scoped@example.com", password: "correct horse battery", role: "viewer", brandIds: [other.id] });
    userIds["other-brand viewer"] = scoped.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it("has a row for every route file, and no row for a route that is gone", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...routeFiles].sort());
  });

  for (const [file, row] of Object.entries(MATRIX)) {
    it(`gives each visitor exactly what ${file} allows`, async () => {
      const mod = (await import(`../app/routes/${file}`)) as { loader?: never; action?: never };
      // Fresh sessions per route: signing out (one of the routes) ends the session it was called with.
      const cookies: Partial<Record<Who, string>> = {};
      for (const [who, id] of Object.entries(userIds)) cookies[who as Who] = await sessionCookie(context, id!);
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of Object.keys(SIGNED_IN) as Who[]) {
        if (row.loader) {
          const result = await callRoute(mod.loader, { url: row.url(ids), params: row.params?.(ids), cookie: cookies[who], context });
          got[`GET as ${who}`] = classify(result);
          want[`GET as ${who}`] = row.loader[who];
        }
        if (row.action) {
          const result = await callRoute(mod.action, { url: row.url(ids), method: "POST", params: row.params?.(ids), cookie: cookies[who], context, form: row.form });
          got[`POST as ${who}`] = classify(result);
          want[`POST as ${who}`] = row.action[who];
        }
      }
      expect(got).toEqual(want);
      expect(Boolean(mod.action)).toBe(Boolean(row.action));
    });
  }
});
