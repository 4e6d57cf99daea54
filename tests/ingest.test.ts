import type { AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvError, csvToMentions, guessMapping, readCsv } from "~/core/csv-import";
import { mentions, sources } from "~/db/schema";
import { createApiToken, revokeApiToken } from "~/models/api-tokens.server";
import { createBrand } from "~/models/brands.server";
import { countMentions } from "~/models/mentions.server";
import { storePushedMentions } from "~/models/ingest.server";
import { createUser } from "~/models/users.server";
import * as api from "~/routes/api.mentions";
import { routeContext } from "./helpers/route-context";
import { createTestDatabase } from "./setup/test-db";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let context: AppLoadContext;

beforeAll(async () => {
  database = await createTestDatabase();
  context = routeContext(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function post(body: unknown, { token, type = "application/json" }: { token?: string; type?: string } = {}) {
  const request = new Request("http://earshot.test/api/mentions", {
    method: "POST",
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Content-Type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = (await api.action({ request, params: {}, context } as never)) as Response;
  return { status: response.status, body: await response.json() };
}

describe("POST /api/mentions", () => {
  it("refuses a request without a token, or with a revoked one", async () => {
    const brand = await createBrand(database.db, { name: "Api Revoked", query: "x" });
    const { token, id } = await createApiToken(database.db, { brandId: brand.id, name: "crm", createdBy: null, now: new Date() });
    expect((await post({ id: "1", text: "hi" })).status).toBe(401);
    const owner = await createUser(database.db, { email: "api-owner@example.com", password: "correct horse battery", role: "owner" });
    expect(await revokeApiToken(database.db, { brandId: brand.id, tokenId: id, actorId: owner.id, now: new Date() })).toBe(true);
    const res = await post({ id: "1", text: "hi" }, { token });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/unknown or revoked/);
  });

  it("stores mentions for the token's brand, once per caller id, and updates an edited one", async () => {
    const brand = await createBrand(database.db, { name: "Api Brand", query: "x" });
    const { token } = await createApiToken(database.db, { brandId: brand.id, name: "helpdesk", createdBy: null, now: new Date() });
    const batch = { mentions: [{ id: "t-1", text: "Support was quick and kind, thank you!" }, { id: "t-2", text: "Still waiting for my refund after three weeks.", rating: 1 }] };
    expect((await post(batch, { token })).body).toEqual({ received: 2, inserted: 2, updated: 0, unchanged: 0 });
    expect((await post(batch, { token })).body).toEqual({ received: 2, inserted: 0, updated: 0, unchanged: 2 });
    const edited = await post({ id: "t-1", text: "Support was quick at first, then never replied again." }, { token });
    expect(edited.body).toEqual({ received: 1, inserted: 0, updated: 1, unchanged: 0 });
    expect(await countMentions(database.db, { brandId: brand.id })).toBe(2);
    const [refund] = await database.db.select().from(mentions).where(eq(mentions.dedupeKey, "t-2"));
    expect(refund).toMatchObject({ brandId: brand.id, rating: 1, ratingMax: 5, sentimentLabel: "negative" });
    const [source] = await database.db.select().from(sources).where(eq(sources.id, refund!.sourceId));
    expect(source).toMatchObject({ kind: "api", brandId: brand.id });
  });

  it("explains which field of which mention is wrong, and stores none of that request", async () => {
    const brand = await createBrand(database.db, { name: "Api Strict", query: "x" });
    const { token } = await createApiToken(database.db, { brandId: brand.id, name: "t", createdBy: null, now: new Date() });
    const res = await post({ mentions: [{ id: "ok", text: "fine" }, { id: "bad", text: "", url: "javascript:alert(1)", publishedAt: "yesterday" }] }, { token });
    expect(res.status).toBe(400);
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["mentions.1.text", "mentions.1.url", "mentions.1.publishedAt"]));
    expect(await countMentions(database.db, { brandId: brand.id })).toBe(0);
  });

  it("answers broken JSON and the wrong content type with what it expected", async () => {
    const brand = await createBrand(database.db, { name: "Api Json", query: "x" });
    const { token } = await createApiToken(database.db, { brandId: brand.id, name: "t", createdBy: null, now: new Date() });
    const broken = await post("{ not json", { token });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^expected a JSON body/);
    const form = await post("id=1&text=x", { token, type: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
  });
});

describe("CSV import", () => {
  const csv = [
    "Review ID,Customer,Stars,Date,Comment",
    "r1,Ana,5,2026-11-01,Lovely bread and kind staff",
    'r2,Ben,"2 out of 5",2026-11-02,"Cold coffee, ""slow"" service"',
    "r3,Cleo,lots,2026-11-03,Rating is not a number here",
    "r4,Dan,4,not a date,Date is broken",
    "r5,Eve,3,2026-11-05,",
    "r1,Ana,5,2026-11-01,Lovely bread and kind staff",
  ].join("\n");

  it("guesses the columns from their names", () => {
    expect(guessMapping(readCsv(csv).headers)).toEqual({ id: "Review ID", text: "Comment", author: "Customer", rating: "Stars", date: "Date" });
  });

  it("keeps the good rows and reports each bad one by its line", () => {
    const table = readCsv(csv);
    const { mentions: good, errors } = csvToMentions(table, guessMapping(table.headers));
    expect(good.map((m) => m.key)).toEqual(["csv:r1", "csv:r2"]);
    expect(good[1]).toMatchObject({ rating: 2, ratingMax: 5, text: 'Cold coffee, "slow" service', publishedAt: expect.stringMatching(/^2026-11-02/) });
    expect(errors.map((e) => e.line)).toEqual([4, 5, 6, 7]);
    expect(errors[0]!.message).toContain('got "lots"');
    expect(errors[3]!.message).toContain("repeat of line 2");
  });

  it("reads a file's dates in one order: day-first when any date can only be day-first", () => {
    const table = readCsv(["id,text,date", "a,one,03/04/2026", "b,two,25/04/2026"].join("\n"));
    const { mentions: rows } = csvToMentions(table, { id: "id", text: "text", date: "date" });
    expect(rows.map((r) => r.publishedAt?.slice(0, 10))).toEqual(["2026-04-03", "2026-04-25"]);
  });

  it("refuses a file with a broken quote before storing anything, naming the line", () => {
    expect(() => readCsv('a,b\n1,"unterminated\n2,3')).toThrow(CsvError);
    expect(() => readCsv("")).toThrow(/header row/);
  });

  it("adds nothing when the same export is imported twice", async () => {
    const brand = await createBrand(database.db, { name: "Csv Twice", query: "x" });
    const table = readCsv(csv);
    const { mentions: good } = csvToMentions(table, guessMapping(table.headers));
    const first = await storePushedMentions(database.db, { brandId: brand.id, kind: "csv", items: good, now: new Date() });
    const second = await storePushedMentions(database.db, { brandId: brand.id, kind: "csv", items: good, now: new Date() });
    expect(first.inserted).toBe(2);
    expect(second).toMatchObject({ inserted: 0, unchanged: 2, sourceId: first.sourceId });
  });
});

describe("POST /api/mentions, ambiguous input", () => {
  it("refuses a rating above its scale and the same id twice in one request", async () => {
    const brand = await createBrand(database.db, { name: "Api Bounds", query: "x" });
    const { token } = await createApiToken(database.db, { brandId: brand.id, name: "t", createdBy: null, now: new Date() });
    const high = await post({ id: "r1", text: "hello", rating: 80 }, { token });
    expect(high.status).toBe(400);
    expect(high.body.issues).toEqual([{ path: "rating", message: "expected a rating from 0 to 5 (or send ratingMax), got 80" }]);
    expect((await post({ id: "r1", text: "hello", rating: 80, ratingMax: 100 }, { token })).status).toBe(200);
    const twice = await post({ mentions: [{ id: "x", text: "first" }, { id: "x", text: "second" }] }, { token });
    expect(twice.status).toBe(400);
    expect(twice.body.issues[0].path).toBe("mentions.1.id");
  });
});
