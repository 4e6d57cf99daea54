import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client";
import { createBrand } from "~/models/brands.server";
import { createSource } from "~/models/sources.server";
import { createUser } from "~/models/users.server";
import { startAppProcess, type AppProcess } from "../helpers/app-process";
import { hasChromium, launchBrowser, noChromiumMessage } from "../helpers/browser";
import { createTestDatabase } from "../setup/test-db";

/**
 * Hostile content, written for this test: each payload, if it ever became markup or a link, would set
 * window.__xss or open a dialog. The collectors store it and the dashboard must show it as inert text.
 */
const RUN = "window.__xss=(window.__xss||0)+1;alert(1)";
const PAYLOADS = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<svg onload="${RUN}"><circle r="1"/></svg>`,
  `<svg><script>${RUN}</script></svg>`,
  `"><script>${RUN}</script>`,
  `'><img src=x onerror=${RUN}>`,
  `</textarea></title><script>${RUN}</script>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<a href="javascript:${RUN}">click me</a>`,
  `<a href="jav&#x09;ascript:${RUN}">tab-split</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `<img src="x" onerror\u000c="${RUN}">`,
  `＜script＞${RUN}＜/script＞`,
  `\u202Egnp.exe <b onmouseover="${RUN}">hover</b>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}">`,
  `<details open ontoggle="${RUN}">x</details>`,
  `{{constructor.constructor('${RUN}')()}}`,
];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function hostileFeed(base: string) {
  const items = PAYLOADS.map(
    (p, i) => `<item><title>Acme ${esc(p)}</title><link>${i % 2 ? `javascript:${RUN}` : `data:text/html,<script>${RUN}</script>`}</link>
<guid isPermaLink="false">x-${i}</guid><author>${esc(p)}</author><description>${esc(`Acme review ${i}: ${p}`)}</description></item>`,
  ).join("\n");
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${esc(PAYLOADS[0]!)}</title><link>${base}/</link>${items}</channel></rss>`;
}

function hostilePage() {
  const reviews = PAYLOADS.map((p, i) => ({
    "@type": "Review",
    author: { "@type": "Person", name: p },
    name: `Acme ${p}`,
    url: i % 2 ? `javascript:${RUN}` : `https://reviews.example/r/${i}`,
    reviewBody: `Review ${i}: ${p}`,
    reviewRating: { "@type": "Rating", ratingValue: (i % 5) + 1 },
  }));
  const ld = JSON.stringify({ "@context": "https://schema.org", "@type": "LocalBusiness", name: "Acme", review: reviews }).replace(/</g, "\\u003c");
  return `<!doctype html><html><head><script type="application/ld+json">${ld}</script></head><body>reviews</body></html>`;
}

/** The payloads as raw markup inside a review listing, read with CSS selectors: cheerio parses them for real. */
function hostileListing() {
  const items = PAYLOADS.map(
    (p, i) => `<div class="review"><h3 class="t">Acme ${p}</h3><span class="by">${p}</span><p class="body">Selector review ${i}: ${p}</p>
<a class="link" href="${i % 2 ? `javascript:${RUN}` : `https://reviews.example/s/${i}`}">read</a></div>`,
  ).join("\n");
  return `<!doctype html><html><head><title>Acme reviews</title></head><body>${items}</body></html>`;
}

if (!hasChromium) console.warn(noChromiumMessage);

describe.skipIf(!hasChromium)("hostile scraped content in real Chromium", () => {
  let server: Server;
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let testDb: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  let brandId = 0;
  const cspViolations: string[] = [];
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/feed.xml") return res.writeHead(200, { "content-type": "application/rss+xml" }).end(hostileFeed(""));
      if (req.url === "/reviews") return res.writeHead(200, { "content-type": "text/html" }).end(hostilePage());
      if (req.url === "/listing") return res.writeHead(200, { "content-type": "text/html" }).end(hostileListing());
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), "earshot-xss-"));
    if (process.env.TEST_DATABASE_URL) testDb = await createTestDatabase();
    // Set up the deployment before the server starts, as `earshot brands add` and `sources add` would.
    const seed = testDb ?? (await openDatabase({ dataDir }));
    await createUser(seed.db, { email: "owner@xss.test", password: "a long enough passphrase", role: "owner" });
    const brand = await createBrand(seed.db, { name: "Acme", query: "acme" });
    brandId = brand.id;
    await createSource(seed.db, { brandId, kind: "feed", url: `${base}/feed.xml` });
    await createSource(seed.db, { brandId, kind: "schema", url: `${base}/reviews` });
    await createSource(seed.db, {
      brandId,
      kind: "selectors",
      url: `${base}/listing`,
      options: { selectors: { item: ".review", title: ".t", author: ".by", text: ".body", link: "a.link" } },
    });
    if (!testDb) await seed.close();
    app = await startAppProcess({
      DATA_DIR: dataDir,
      FETCH_ALLOWLIST: "127.0.0.1",
      SCHEDULER_CRON: "*/2 * * * * *",
      SESSION_SECRET: "xss-test-secret-0123456789abcdef0123",
      DATABASE_URL: testDb?.url ?? "",
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __csp: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    server?.close();
    await testDb?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows every payload as text: nothing runs, nothing is blocked, no link leads to script", async () => {
    await page.goto(`${app.url}/login`);
    await page.fill('input[name="email"]', "owner@xss.test");
    await page.fill('input[name="password"]', "a long enough passphrase");
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/brands\/\d+$/);
    // Every source has been collected once the store holds all it will: 18 + 18 + what survives the
    // listing's broken markup as separate reviews.
    const deadline = Date.now() + 60_000;
    let stored = 0;
    while (Date.now() < deadline) {
      const health = (await (await fetch(`${app.url}/healthz`)).json()) as { mentions: number };
      stored = health.mentions;
      if (stored >= 2 * PAYLOADS.length + 10 && app.logs.join("").includes("(selectors) → ok")) break;
      await page.waitForTimeout(1000);
    }
    expect(stored, app.logs.join("")).toBeGreaterThanOrEqual(2 * PAYLOADS.length + 10);
    for (const pathname of [`/brands/${brandId}`, `/brands/${brandId}/sources`]) {
      await page.goto(`${app.url}${pathname}`);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    }
    // Every page of the mentions list: hover everything a person might touch, then look at what is there.
    await page.goto(`${app.url}/brands/${brandId}/mentions`);
    let seen = 0;
    const hrefs: string[] = [];
    const rels: (string | null)[] = [];
    let text = "";
    for (;;) {
      await page.waitForLoadState("networkidle");
      const items = await page.locator('[data-testid="mention-list"] li').all();
      seen += items.length;
      for (const el of items) await el.hover({ timeout: 500 }).catch(() => {});
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
      text += await page.locator('[data-testid="mention-list"]').innerText();
      hrefs.push(...(await page.locator('[data-testid="mention-list"] a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))));
      rels.push(...(await page.locator('[data-testid="mention-list"] a[href]').evaluateAll((as) => as.map((a) => a.getAttribute("rel")))));
      expect(await page.locator('[data-testid="mention-list"] script, [data-testid="mention-list"] svg, [data-testid="mention-list"] img, [data-testid="mention-list"] iframe').count()).toBe(0);
      const older = page.locator("text=Older mentions →");
      if ((await older.count()) === 0) break;
      // A full load of the next page: with a client-side navigation the list may still show the last page
      // for a moment after the address has changed.
      const href = await older.getAttribute("href");
      await page.goto(new URL(href!, page.url()).href);
    }
    expect(seen).toBe(stored);
    expect(text).toContain("<script>");
    expect(text).toContain("onerror=");
    expect(text).toContain("Selector review");
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((h) => /^https?:\/\//.test(h))).toBe(true);
    expect(rels.every((r) => r === "noopener noreferrer nofollow")).toBe(true);
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
