import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppProcess, type AppProcess } from "../helpers/app-process";
import { hasChromium, launchBrowser, noChromiumMessage } from "../helpers/browser";
import { startDemoWorld, type DemoWorld } from "../demo/world";
import { createTestDatabase } from "../setup/test-db";

if (!hasChromium) console.warn(noChromiumMessage);

describe.skipIf(!hasChromium)("the dashboard in real Chromium against the demo world", () => {
  let world: DemoWorld;
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let testDb: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  let env: Record<string, string>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    world = await startDemoWorld({ itemEveryMs: 700, crisisAfterMs: 4000, crisisDurationMs: 8000, historyDays: 3 });
    dataDir = mkdtempSync(path.join(tmpdir(), "earshot-e2e-"));
    if (process.env.TEST_DATABASE_URL) testDb = await createTestDatabase();
    env = {
      DATA_DIR: dataDir,
      FETCH_ALLOWLIST: "127.0.0.1",
      SCHEDULER_CRON: "*/2 * * * * *",
      SESSION_SECRET: "end-to-end-test-secret-0123456789abcdef",
      ...(testDb?.url ? { DATABASE_URL: testDb.url } : { DATABASE_URL: "" }),
    };
    app = await startAppProcess(env);
    browser = await launchBrowser();
    // A reader far from the server's UTC, with another locale: a hydration mismatch would log an error.
    page = await browser.newPage({ timezoneId: "Pacific/Auckland", locale: "de-DE" });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await world?.close();
    await testDb?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("greets an empty install with the onboarding form", async () => {
    await page.goto(app.url);
    expect(new URL(page.url()).pathname).toBe("/onboarding");
    await expect(page.getByRole("heading", { name: "Welcome to Earshot" }).isVisible()).resolves.toBe(true);
  });

  it("refuses an unreachable feed with a clear message and saves nothing", async () => {
    await page.fill('input[name="email"]', "owner@hearthstone.test");
    await page.fill('input[name="password"]', "a long enough passphrase");
    await page.fill('input[name="name"]', "Hearthstone Coffee");
    await page.fill('input[name="query"]', '"Hearthstone Coffee" OR hearthstone');
    await page.fill('input[name="feedUrl"]', "http://127.0.0.1:9/feed.xml");
    await page.click('button[type="submit"]');
    await page.waitForSelector(".field-error", { timeout: 30_000 });
    const message = await page.textContent(".field-error");
    expect(message).toContain("We could not read a feed at this address");
    const health = await (await fetch(`${app.url}/healthz`)).json();
    expect(health.sources).toBe(0);
  });

  it("creates the owner and the brand from a working feed and shows collected mentions with a drawn chart", async () => {
    // The password is not sent back after a failed submission; it has to be typed again.
    await page.fill('input[name="password"]', "a long enough passphrase");
    await page.fill('input[name="feedUrl"]', `${world.url}/blog/feed.xml`);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/brands\/\d+$/, { timeout: 30_000 });
    // The refused submission before this one answered 400 on purpose; from here on nothing may fail.
    consoleErrors.length = 0;
    const deadline = Date.now() + 60_000;
    let total = 0;
    while (Date.now() < deadline) {
      total = Number(await page.textContent('[data-testid="total-mentions"]'));
      if (total > 0) break;
      await page.waitForTimeout(1000);
      await page.reload();
    }
    expect(total).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="mentions-chart"] svg.recharts-surface', { timeout: 15_000 });
    const bars = await page.locator('[data-testid="mentions-chart"] .recharts-bar-rectangle').count();
    expect(bars).toBeGreaterThan(0);
    const items = await page.locator('[data-testid="mention-list"] li').count();
    expect(items).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it("opens the source form from the sources page and previews a source before saving it", async () => {
    await page.click("text=Sources");
    await page.click("text=Add a source");
    await page.waitForSelector("h1:has-text('Add a source to')");
    await page.selectOption('select[name="kind"]', "schema");
    await page.fill('input[name="url"]', `${world.url}/places/hearthstone-coffee/reviews`);
    await page.click('button[value="preview"]');
    await page.waitForSelector('[data-testid="source-preview"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="source-preview"] tbody tr').count()).toBeGreaterThan(0);
    await page.click('button[value="save"]');
    await page.waitForURL(/\/sources$/, { timeout: 30_000 });
    // The address changes a moment before the new page renders: wait for the list itself.
    await page.waitForSelector('[data-testid="source-table"] tbody tr >> nth=1', { timeout: 30_000 });
    expect(await page.locator('[data-testid="source-table"] tbody tr').count()).toBe(2);
    await page.click('[data-testid="source-table"] a >> nth=0');
    await page.waitForSelector('[data-testid="run-table"]');
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it("changes a saved source from its own page, with the form filled in as it was", async () => {
    await page.click("text=Change or remove this source");
    await page.waitForSelector("h1:has-text('Change')");
    expect(await page.inputValue('input[name="url"]')).toMatch(/^http/);
    await page.fill('input[name="name"]', "Hearthstone blog");
    await page.click('button[value="save"]');
    await page.waitForSelector('[data-testid="source-saved"]', { timeout: 30_000 });
    expect(await page.textContent("h1")).toBe("Hearthstone blog");
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it("lets a person overrule a label, with a reason, on the mentions page", async () => {
    await page.click("text=Mentions");
    await page.waitForSelector('[data-testid="mention-list"] li');
    const first = page.locator('[data-testid="mention-list"] li').first();
    await first.locator('select[name="label"]').selectOption("negative");
    await first.locator('input[name="reason"]').fill("sarcasm");
    await first.locator('button:has-text("Set label")').click();
    await page.waitForSelector("text=Label set by a person: sarcasm");
    expect(consoleErrors).toEqual([]);
  });

  it("imports a CSV export through the two-step form", async () => {
    await page.goto(page.url().replace(/\/mentions.*$/, "/import"));
    const csv = "Review ID,Comment,Stars\nc1,Lovely cake,5\nc2,,3\n";
    await page.setInputFiles('input[name="file"]', { name: "export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.click('button:has-text("Read columns")');
    await page.waitForSelector('[data-testid="csv-mapping"]');
    await page.click('button:has-text("Import")');
    await page.waitForSelector('[data-testid="csv-result"]');
    const result = await page.textContent('[data-testid="csv-result"]');
    expect(result).toContain("1 new");
    expect(result).toContain("Line 3");
    expect(consoleErrors).toEqual([]);
  });

  it("guards the real server: a cross-site POST is refused, and every page carries the CSP and the other headers", async () => {
    const page = await fetch(`${app.url}/login`);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'.*frame-ancestors 'none'/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const forged = await fetch(`${app.url}/logout`, { method: "POST", headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }, redirect: "manual" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("Refused a cross-site POST");
  });

  it("reports its state on /healthz", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, database: testDb ? "postgres" : "pglite", sources: 3 });
    expect(body.mentions).toBeGreaterThan(0);
    expect(new Date(body.lastCollectionAt).getTime()).toBeGreaterThan(world.startedAt);
  });

  it("keeps its data across a restart", async () => {
    const before = await (await fetch(`${app.url}/healthz`)).json();
    expect(await app.stop()).toBe(0);
    app = await startAppProcess(env, { withJobs: false });
    const after = await (await fetch(`${app.url}/healthz`)).json();
    expect(after.mentions).toBeGreaterThanOrEqual(before.mentions);
    expect(after.sources).toBe(3);
  }, 120_000);

  it("says what was saved when an owner saves someone's access, and the audit log says what changed", async () => {
    await page.goto(`${app.url}/settings/users`);
    await page.waitForSelector("h1:has-text('Users')");
    await page.click('form:has(input[value="update"]) button:has-text("Save")');
    await page.waitForSelector('[data-testid="access-saved"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="access-saved"]')).toBe("Saved: owner@hearthstone.test is an owner for every brand.");
    // The source renamed earlier is in the audit log, field by field.
    await page.goto(`${app.url}/settings/audit`);
    await page.waitForSelector('[data-testid="audit-log"] tbody tr');
    const renamed = page.locator('[data-testid="audit-log"] tr', { hasText: "source.update" });
    expect(await renamed.first().textContent()).toMatch(/name: .+ → Hearthstone blog/);
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
