import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/db/schema";
import { createBrand } from "~/models/brands.server";
import { createSource } from "~/models/sources.server";
import { createUser } from "~/models/users.server";
import { startServer, type FixtureServer } from "./helpers/http-fixtures";
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
  "brands.$brandId.sources.$sourceId_.edit.tsx": { url: (i) => `/brands/${i.brandId}/sources/${i.sourceId}/edit`, params: (i) => ({ brandId: String(i.brandId), sourceId: String(i.sourceId) }), loader: BRAND_OWNER, action: BRAND_OWNER, form: { intent: "save", url: "not a url" } },
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
  "settings.account.tsx": { url: () => "/settings/account", loader: SIGNED_IN, action: SIGNED_IN, form: { current: "wrong", password: "short" } },
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
      const mod = (await import(/* @vite-ignore */ `../app/routes/${file}`)) as { loader?: never; action?: never };
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

/**
 * Every intent of every action, with real ids and valid input, so an allowed visitor's request must
 * actually succeed (2xx or a redirect that is not to sign-in) and a refused one must change nothing.
 * "responder (other brand)" is a responder limited to another brand, reaching this brand's ids.
 */
describe("every intent, with real data", () => {
  type Actor = "anonymous" | Role | "responder (other brand)";
  const ACTORS: Actor[] = ["anonymous", "viewer", "responder (other brand)", "responder", "owner"];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let context: AppLoadContext;
  let brandId = 0;
  let sourceId = 0;
  const actorIds: Partial<Record<Actor, number>> = {};
  let serial = 0;
  let feedServer: FixtureServer;
  let feedBase = "";

  beforeAll(async () => {
    database = await createTestDatabase();
    context = routeContext(database.db);
    // A site to read, so that a change of source that is allowed really goes through.
    feedServer = await startServer((req, res) => {
      if (req.url === "/robots.txt") return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>${req.url}</guid><title>Intent</title></item></channel></rss>`);
    });
    feedBase = feedServer.origin;
    const brand = await createBrand(database.db, { name: "Intent Bakery", query: "intent" });
    const other = await createBrand(database.db, { name: "Intent Other", query: "other" });
    brandId = brand.id;
    sourceId = (await createSource(database.db, { brandId, kind: "feed", url: "https://blog.example/intent" })).id;
    for (const role of ["owner", "responder", "viewer"] as const) {
      actorIds[role] = (await createUser(database.db, { email: `intent-${role}@example.com`, password: "correct horse battery", role })).id;
    }
    actorIds["responder (other brand)"] = (await createUser(database.db, { email: "intent-agency@example.com", password: "correct horse battery", role: "responder", brandIds: [other.id] })).id;
  });
  afterAll(async () => {
    await feedServer?.close();
    await database?.close();
  });

  const newMention = async () => {
    const { storeMentions } = await import("~/models/mentions.server");
    const { ensurePushedSource } = await import("~/models/sources.server");
    const { scoredMention } = await import("./helpers/factories");
    const { mentions } = await import("~/db/schema");
    const api = await ensurePushedSource(database.db, { brandId, kind: "api" });
    const key = `m${++serial}`;
    await storeMentions(database.db, { brandId, sourceId: api.id, items: [scoredMention({ key, text: "Intent bakery was fine." })], now: new Date() });
    const { eq } = await import("drizzle-orm");
    const [row] = await database.db.select({ id: mentions.id }).from(mentions).where(eq(mentions.dedupeKey, key));
    return row!.id;
  };
  const newIncident = async () => {
    const { incidents } = await import("~/db/schema");
    const { and, eq, inArray } = await import("drizzle-orm");
    await database.db.update(incidents).set({ status: "resolved", resolvedAt: new Date() }).where(and(eq(incidents.brandId, brandId), inArray(incidents.status, ["open", "acknowledged"])));
    const now = new Date();
    const [row] = await database.db.insert(incidents).values({ brandId, kind: "surge", windowStart: now, windowEnd: now, observed: 9, expected: 1, openedAt: now, updatedAt: now }).returning({ id: incidents.id });
    return row!.id;
  };
  const newToken = async () => {
    const { createApiToken } = await import("~/models/api-tokens.server");
    return (await createApiToken(database.db, { brandId, name: `t${++serial}`, createdBy: null, now: new Date() })).id;
  };
  // A source of its own for each attempt: an allowed removal takes it away.
  const newSourceAt = async () => {
    const id = (await createSource(database.db, { brandId, kind: "feed", url: `${feedBase}/intent-${++serial}.xml` })).id;
    return { url: `/brands/${brandId}/sources/${id}/edit`, params: { brandId: String(brandId), sourceId: String(id) } };
  };
  const newUser = async () => (await createUser(database.db, { email: `someone-${++serial}@example.com`, password: "correct horse battery", role: "viewer" })).id;

  const RESPONDERS: Actor[] = ["responder", "owner"];
  const OWNERS: Actor[] = ["owner"];
  const brandUrl = (tail: string) => ({ url: `/brands/${brandId}${tail}`, params: { brandId: String(brandId) } });
  const INTENTS: { file: string; what: string; allowed: Actor[]; at: () => { url: string; params?: Record<string, string> } | Promise<{ url: string; params?: Record<string, string> }>; form: () => Promise<Record<string, string | string[]>> }[] = [
    { file: "brands.$brandId._index.tsx", what: "acknowledge an incident", allowed: RESPONDERS, at: () => brandUrl(""), form: async () => ({ intent: "acknowledge", incidentId: String(await newIncident()) }) },
    { file: "brands.$brandId._index.tsx", what: "resolve an incident", allowed: RESPONDERS, at: () => brandUrl(""), form: async () => ({ intent: "resolve", incidentId: String(await newIncident()), note: "called the customer" }) },
    { file: "brands.$brandId.mentions.tsx", what: "overrule a label", allowed: RESPONDERS, at: () => brandUrl("/mentions"), form: async () => ({ mentionId: String(await newMention()), label: "negative", reason: "sarcasm" }) },
    { file: "brands.$brandId.sources._index.tsx", what: "run a source now", allowed: OWNERS, at: () => brandUrl("/sources"), form: async () => ({ intent: "run-now", sourceId: String(sourceId) }) },
    { file: "brands.$brandId.sources._index.tsx", what: "disable a source", allowed: OWNERS, at: () => brandUrl("/sources"), form: async () => ({ intent: "disable", sourceId: String(sourceId) }) },
    { file: "brands.$brandId.sources._index.tsx", what: "enable a source", allowed: OWNERS, at: () => brandUrl("/sources"), form: async () => ({ intent: "enable", sourceId: String(sourceId) }) },
    { file: "brands.$brandId.sources.$sourceId_.edit.tsx", what: "change a source", allowed: OWNERS, at: newSourceAt, form: async () => ({ intent: "save", url: `${feedBase}/moved-${++serial}.xml`, every: "1h", name: "Moved" }) },
    { file: "brands.$brandId.sources.$sourceId_.edit.tsx", what: "remove a source", allowed: OWNERS, at: newSourceAt, form: async () => ({ intent: "delete" }) },
    { file: "brands.$brandId.settings.tsx", what: "change the query", allowed: OWNERS, at: () => brandUrl("/settings"), form: async () => ({ intent: "query", query: "intent OR bakery" }) },
    { file: "brands.$brandId.settings.tsx", what: "change the brand's words", allowed: OWNERS, at: () => brandUrl("/settings"), form: async () => ({ intent: "words", words: "crusty = 2" }) },
    { file: "brands.$brandId.settings.tsx", what: "create an API token", allowed: OWNERS, at: () => brandUrl("/settings"), form: async () => ({ intent: "create-token", name: `import ${++serial}` }) },
    { file: "brands.$brandId.settings.tsx", what: "revoke an API token", allowed: OWNERS, at: () => brandUrl("/settings"), form: async () => ({ intent: "revoke-token", tokenId: String(await newToken()) }) },
    { file: "brands.new.tsx", what: "add a brand", allowed: OWNERS, at: () => ({ url: "/brands/new" }), form: async () => ({ name: `Brand ${++serial}`, query: "brand" }) },
    { file: "settings.users.tsx", what: "invite someone", allowed: OWNERS, at: () => ({ url: "/settings/users" }), form: async () => ({ intent: "invite", email: `invitee-${++serial}@example.com`, role: "viewer" }) },
    { file: "settings.users.tsx", what: "change someone's access", allowed: OWNERS, at: () => ({ url: "/settings/users" }), form: async () => ({ intent: "update", userId: String(await newUser()), role: "responder", brandIds: [String(brandId)] }) },
    { file: "settings.users.tsx", what: "make a reset link", allowed: OWNERS, at: () => ({ url: "/settings/users" }), form: async () => ({ intent: "reset-link", userId: String(await newUser()) }) },
  ];

  for (const intent of INTENTS) {
    it(`lets exactly ${intent.allowed.join(" and ")} ${intent.what}`, async () => {
      const mod = (await import(/* @vite-ignore */ `../app/routes/${intent.file}`)) as { action?: never };
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of ACTORS) {
        const cookie = who === "anonymous" ? undefined : await sessionCookie(context, actorIds[who]!);
        const { url, params } = await intent.at();
        const result = await callRoute(mod.action, { url, method: "POST", params, cookie, context, form: await intent.form() });
        got[who] =
          result.status === 403 ? "forbidden"
          : result.status >= 300 && result.status < 400 && result.location?.startsWith("/login?next=") ? "login"
          : result.status < 400 ? "done"
          : `failed with ${result.status}`;
        want[who] = who === "anonymous" ? "login" : intent.allowed.includes(who) ? "done" : "forbidden";
      }
      expect(got).toEqual(want);
    });
  }

  it("covers every intent that the actions accept", async () => {
    const { readFileSync } = await import("node:fs");
    for (const file of new Set(INTENTS.map((i) => i.file))) {
      const source = readFileSync(`${routesDir}${file}`, "utf8");
      const declared = new Set([...source.matchAll(/intent: z\.literal\("([\w-]+)"\)/g), ...[...source.matchAll(/intent: z\.enum\(\[([^\]]+)\]/g)].flatMap((m) => [...m[1]!.matchAll(/"([\w-]+)"/g)])].map((m) => m[1]!));
      const covered: unknown[] = [];
      for (const i of INTENTS.filter((x) => x.file === file)) covered.push((await i.form()).intent);
      for (const name of declared) expect(covered, `${file} accepts intent "${name}"`).toContain(name);
    }
  });
});

