import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countMentions } from "~/models/mentions.server";
import { createBrand } from "~/models/brands.server";
import { listSources } from "~/models/sources.server";
import { createUser } from "~/models/users.server";
import * as importRoute from "~/routes/brands.$brandId.import";
import * as newSource from "~/routes/brands.$brandId.sources.new";
import * as editSource from "~/routes/brands.$brandId.sources.$sourceId_.edit";
import * as sourceList from "~/routes/brands.$brandId.sources._index";
import { callRoute, routeContext, sessionCookie } from "./helpers/route-context";
import { createTestDatabase } from "./setup/test-db";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let context: AppLoadContext;
let server: Server;
let base = "";
let brandId = 0;
let cookie = "";
let siteDown = false;

const PAGE = `<!doctype html><html><body>
<div class="rv"><h4>Great bread</h4><p class="body">Best sourdough at Acme.</p><span class="stars" aria-label="5 out of 5 stars"></span></div>
<div class="rv"><h4>Slow</h4><p class="body">Waited 40 minutes.</p><span class="stars">★★☆☆☆</span></div>
</body></html>`;

beforeAll(async () => {
  database = await createTestDatabase();
  context = routeContext(database.db);
  server = createServer((req, res) => {
    if (siteDown) return res.writeHead(503).end("down for maintenance");
    if (req.url === "/reviews" || req.url === "/reviews-moved") return res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    res.writeHead(404).end("nope");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  brandId = (await createBrand(database.db, { name: "Acme Forms", query: "acme" })).id;
  const owner = await createUser(database.db, { email: "forms-owner@example.com", password: "correct horse battery", role: "owner" });
  cookie = await sessionCookie(context, owner.id);
});
afterAll(async () => {
  server?.close();
  await database?.close();
});

const selectorForm = (intent: string, url: string) => ({
  intent,
  kind: "selectors",
  url,
  every: "1h",
  ownListing: "on",
  maxPages: "2",
  sel_item: ".rv",
  sel_title: "h4",
  sel_text: ".body",
  sel_rating: ".stars",
});

describe("the source form", () => {
  it("previews what a selectors source would extract, without saving it", async () => {
    const res = await callRoute(newSource.action, { url: `/brands/${brandId}/sources/new`, method: "POST", cookie, context, params: { brandId: String(brandId) }, form: selectorForm("preview", `${base}/reviews`) });
    expect(res.status).toBe(200);
    const preview = (res.data as { preview: { items: { title: string; rating: number; ratingMax: number }[] } }).preview;
    expect(preview.items.map((i) => [i.title, i.rating, i.ratingMax])).toEqual([["Great bread", 5, 5], ["Slow", 2, 5]]);
    expect(await listSources(database.db, { brandId })).toHaveLength(0);
  });

  it("refuses to save a source it cannot read, with the reason on the URL field", async () => {
    const res = await callRoute(newSource.action, { url: `/brands/${brandId}/sources/new`, method: "POST", cookie, context, params: { brandId: String(brandId) }, form: selectorForm("save", `${base}/missing`) });
    expect(res.status).toBe(400);
    expect((res.data as { errors: { url: string[] } }).errors.url[0]).toMatch(/We could not read this source: .*404/);
    expect(await listSources(database.db, { brandId })).toHaveLength(0);
  });

  it("saves a readable source and sends the owner back to the list", async () => {
    const res = await callRoute(newSource.action, { url: `/brands/${brandId}/sources/new`, method: "POST", cookie, context, params: { brandId: String(brandId) }, form: selectorForm("save", `${base}/reviews`) });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/brands/${brandId}/sources`);
    const [source] = await listSources(database.db, { brandId });
    expect(source).toMatchObject({ kind: "selectors", intervalSeconds: 3600, options: { maxPages: 2, ownListing: true, selectors: { item: ".rv", title: "h4", text: ".body", rating: ".stars" } } });
  });

  it("refuses a second source at the same URL, which would count every review twice", async () => {
    const res = await callRoute(newSource.action, { url: `/brands/${brandId}/sources/new`, method: "POST", cookie, context, params: { brandId: String(brandId) }, form: selectorForm("save", `${base}/reviews`) });
    expect(res.status).toBe(400);
    expect((res.data as { errors: { url: string[] } }).errors.url[0]).toMatch(/has a source at this URL already/);
    expect(await listSources(database.db, { brandId })).toHaveLength(1);
  });
});

describe("changing and removing a source", () => {
  const at = (sourceId: number) => ({ url: `/brands/${brandId}/sources/${sourceId}/edit`, cookie, context, params: { brandId: String(brandId), sourceId: String(sourceId) } });

  it("shows the saved settings in the form, kind and all", async () => {
    const [source] = await listSources(database.db, { brandId });
    const res = await callRoute(editSource.loader, at(source!.id));
    expect(res.data).toMatchObject({ source: { kind: "selectors", url: `${base}/reviews`, every: "1h", options: { selectors: { item: ".rv" } } }, mentions: 0 });
  });

  it("previews the change, refuses one it cannot read, then saves a readable one and keeps the kind", async () => {
    const [source] = await listSources(database.db, { brandId });
    const preview = await callRoute(editSource.action, { ...at(source!.id), method: "POST", form: { ...selectorForm("preview", `${base}/reviews-moved`), sel_title: "p" } });
    expect(preview.status).toBe(200);
    expect((preview.data as { preview: { items: { title: string }[] } }).preview.items.map((i) => i.title)).toEqual(["Best sourdough at Acme.", "Waited 40 minutes."]);
    expect((await listSources(database.db, { brandId }))[0]!.url).toBe(`${base}/reviews`);

    const unreadable = await callRoute(editSource.action, { ...at(source!.id), method: "POST", form: selectorForm("save", `${base}/gone`) });
    expect(unreadable.status).toBe(400);
    expect((unreadable.data as { errors: { url: string[] } }).errors.url[0]).toMatch(/We could not read this source: .*404/);

    // A posted kind is ignored: the saved one stays.
    const saved = await callRoute(editSource.action, { ...at(source!.id), method: "POST", form: { ...selectorForm("save", `${base}/reviews-moved`), kind: "feed", every: "30m", name: "Moved listing" } });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/brands/${brandId}/sources/${source!.id}?saved=reread`);
    const [after] = await listSources(database.db, { brandId });
    expect(after).toMatchObject({ kind: "selectors", url: `${base}/reviews-moved`, name: "Moved listing", intervalSeconds: 1800 });
  });

  it("renames a source and changes its interval while its site is down, without reading it again", async () => {
    const [source] = await listSources(database.db, { brandId });
    siteDown = true;
    try {
      const res = await callRoute(editSource.action, { ...at(source!.id), method: "POST", form: { ...selectorForm("save", source!.url!), every: "2h", name: "Renamed" } });
      expect(res.status).toBe(302);
      expect(res.location).toBe(`/brands/${brandId}/sources/${source!.id}?saved=1`);
    } finally {
      siteDown = false;
    }
    expect((await listSources(database.db, { brandId }))[0]).toMatchObject({ name: "Renamed", intervalSeconds: 7200, url: source!.url });
  });

  it("asks for an interval rather than quietly putting the default in place of a cleared one", async () => {
    const [source] = await listSources(database.db, { brandId });
    const res = await callRoute(editSource.action, { ...at(source!.id), method: "POST", form: { ...selectorForm("save", source!.url!), every: " " } });
    expect(res.status).toBe(400);
    expect((res.data as { errors: { every: string[] } }).errors.every[0]).toMatch(/expected an interval/);
    expect((await listSources(database.db, { brandId }))[0]!.intervalSeconds).toBe(7200);
  });

  it("refuses to move a source onto the URL of the brand's other source", async () => {
    const other = await callRoute(newSource.action, { url: `/brands/${brandId}/sources/new`, method: "POST", cookie, context, params: { brandId: String(brandId) }, form: selectorForm("save", `${base}/reviews`) });
    expect(other.status).toBe(302);
    const [moved] = await listSources(database.db, { brandId });
    const res = await callRoute(editSource.action, { ...at(moved!.id), method: "POST", form: selectorForm("save", `${base}/reviews`) });
    expect(res.status).toBe(400);
    expect((res.data as { errors: { url: string[] } }).errors.url[0]).toMatch(/has another source at this URL/);
  });

  it("removes a source with its mentions and says so on the list", async () => {
    const [first, second] = await listSources(database.db, { brandId });
    const res = await callRoute(editSource.action, { ...at(second!.id), method: "POST", form: { intent: "delete" } });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(new RegExp(`^/brands/${brandId}/sources\\?removed=`));
    expect((await listSources(database.db, { brandId })).map((s) => s.id)).toEqual([first!.id]);
    const list = await callRoute(sourceList.loader, { url: res.location!, cookie, context, params: { brandId: String(brandId) } });
    expect(list.data).toMatchObject({ removed: { name: second!.name, mentions: 0 } });
    const gone = await callRoute(editSource.loader, at(second!.id));
    expect(gone.status).toBe(404);
  });
});

describe("the CSV import form", () => {
  async function upload(fields: Record<string, string>, csv: string) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new File([csv], "export.csv", { type: "text/csv" }));
    const request = new Request(`http://earshot.test/brands/${brandId}/import`, { method: "POST", headers: { Cookie: cookie }, body: form });
    const result = await importRoute.action({ request, params: { brandId: String(brandId) }, context } as never);
    return result instanceof Response ? { status: result.status, data: await result.json() } : { status: 200, data: result };
  }
  const csv = "Review ID,Comment,Stars\nr1,Lovely bread,5\nr2,,3\nr3,Too salty,2\n";

  it("reads the columns first and guesses what they are", async () => {
    const res = await upload({ intent: "columns" }, csv);
    expect(res.data).toMatchObject({ step: "map", headers: ["Review ID", "Comment", "Stars"], mapping: { id: "Review ID", text: "Comment", rating: "Stars" }, rows: 3 });
  });

  it("imports the good rows, lists the bad ones by line, and adds nothing the second time", async () => {
    const fields = { intent: "import", map_id: "Review ID", map_text: "Comment", map_rating: "Stars" };
    const first = await upload(fields, csv);
    expect(first.data).toMatchObject({ step: "done", inserted: 2, errors: [{ line: 3, message: expect.stringContaining("empty cell") }] });
    const second = await upload(fields, csv);
    expect(second.data).toMatchObject({ step: "done", inserted: 0, unchanged: 2 });
    expect(await countMentions(database.db, { brandId })).toBe(2);
  });

  it("keeps the mapping made so far when the text column is left out, and says which one is needed", async () => {
    const res = await upload({ intent: "import", map_rating: "Stars", map_id: "Review ID" }, csv);
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ step: "map", mapping: { rating: "Stars", id: "Review ID" }, error: expect.stringMatching(/review's text/) });
    expect((res.data as { sample: string[][] }).sample[0]).toEqual(["r1", "Lovely bread", "5"]);
  });

  it("answers a file that is not CSV with what it expected", async () => {
    const res = await upload({ intent: "columns" }, 'a,b\n1,"unterminated\n');
    expect(res.status).toBe(400);
    expect((res.data as { error: string }).error).toMatch(/^expected a CSV file/);
  });
});

describe("the brand settings form", () => {
  it("saves extra sentiment words and re-scores the brand's mentions with them", async () => {
    const settings = await import("~/routes/brands.$brandId.settings");
    const { storePushedMentions } = await import("~/models/ingest.server");
    const { mentions } = await import("~/db/schema");
    const { eq } = await import("drizzle-orm");
    const brand = await createBrand(database.db, { name: "Rust Tools", query: "rust" });
    await storePushedMentions(database.db, { brandId: brand.id, kind: "api", items: [{ key: "r", url: null, title: null, text: "Bought the Rust spanner set today.", author: null, rating: null, ratingMax: null, publishedAt: null }], now: new Date() });
    const bad = await callRoute(settings.action, { url: `/brands/${brand.id}/settings`, method: "POST", cookie, context, params: { brandId: String(brand.id) }, form: { intent: "words", words: "spanner = 9" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("expected a weight from -5 to 5, got 9");
    const ok = await callRoute(settings.action, { url: `/brands/${brand.id}/settings`, method: "POST", cookie, context, params: { brandId: String(brand.id) }, form: { intent: "words", words: "spanner set = 3\n# tools we sell\n" } });
    expect(ok.status).toBe(200);
    expect((ok.data as { rescored: number }).rescored).toBe(1);
    const [row] = await database.db.select().from(mentions).where(eq(mentions.brandId, brand.id));
    expect(row!.sentimentLabel).toBe("positive");
    expect(row!.sentimentWords.map((w) => w.term)).toContain("spanner set");
  });
});
