import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./setup/test-db";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs the real `earshot` bin as a user would, against this file's own database. */
function earshot(args: string[], env: Record<string, string>, cwd = root): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "jobs/bin/earshot.js"), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the earshot command line", () => {
  let dataDir: string;
  let testDb: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  let env: Record<string, string>;
  let server: Server;
  let feedUrl = "";

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "earshot-cli-"));
    if (process.env.TEST_DATABASE_URL) testDb = await createTestDatabase();
    env = { DATA_DIR: dataDir, DATABASE_URL: testDb?.url ?? "", FETCH_ALLOWLIST: "127.0.0.1", NODE_ENV: "test" };
    server = createServer((req, res) => {
      if (req.url !== "/feed.xml") return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>Acme opens a second shop</title><description>Acme is growing.</description></item>
<item><guid>2</guid><title>Weather</title><description>Rain all week.</description></item></channel></rss>`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  });
  afterAll(async () => {
    server?.close();
    await testDb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("adds a brand, refuses a duplicate name and a broken query with what it expected", async () => {
    const ok = await earshot(["brands", "add", "Acme", "Bakery", "--query", '"acme bakery" OR acme'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ name: "Acme Bakery", query: '"acme bakery" OR acme' });
    const dup = await earshot(["brands", "add", "acme bakery", "--query", "acme"], env);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("exists already");
    const broken = await earshot(["brands", "add", "Other", "--query", "(acme OR"], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/--query: expected/);
  }, 60_000);

  it("validates a source like the form does, then adds and lists it", async () => {
    const badKind = await earshot(["sources", "add", "--brand", "Acme Bakery", "--kind", "carrier-pigeon", "--url", feedUrl], env);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/--kind: expected one of feed, schema, selectors/);
    const badUrl = await earshot(["sources", "add", "--brand", "Acme Bakery", "--kind", "feed", "--url", "ftp://x", "--every", "2s"], env);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--url: Enter a URL starting with http/);
    expect(badUrl.stderr).toMatch(/--every: expected an interval between 1m and 7d, got 2s/);
    const badOptions = await earshot(["sources", "add", "--brand", "Acme Bakery", "--kind", "selectors", "--url", feedUrl, "--options", '{"selectors": {}}'], env);
    expect(badOptions.code).toBe(2);
    expect(badOptions.stderr).toContain("--options");
    const unreadable = await earshot(["sources", "add", "--brand", "Acme Bakery", "--kind", "feed", "--url", feedUrl.replace("feed.xml", "gone.xml")], env);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/--url: We could not read this source: expected a 2xx or 304 .* got 404/);
    const added = await earshot(["sources", "add", "--brand", "Acme Bakery", "--kind", "feed", "--url", feedUrl, "--every", "30m"], env);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ kind: "feed", url: feedUrl, intervalSeconds: 1800 });
    const twice = await earshot(["sources", "add", "--brand", "Acme Bakery", "--kind", "feed", "--url", feedUrl], env);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/--url: Acme Bakery has a source at this URL already/);
    const listed = await earshot(["sources", "list", "--brand", "Acme Bakery"], env);
    expect(JSON.parse(listed.stdout).map((s: { url: string }) => s.url)).toEqual([feedUrl]);
  }, 90_000);

  it("collects a source now and prints the run row; a second run adds nothing", async () => {
    const [source] = JSON.parse((await earshot(["sources", "list"], env)).stdout);
    const first = await earshot(["collect", String(source.id)], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ sourceId: source.id, status: "ok", itemsSeen: 2, itemsNew: 1, itemsRejected: 1 });
    const again = await earshot(["collect", "--all"], env);
    expect(JSON.parse(again.stdout)).toEqual([expect.objectContaining({ status: "ok", itemsNew: 0 })]);
    const missing = await earshot(["collect", "424242"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("expected an existing source id, got 424242");
  }, 90_000);

  it("runs from any folder, as an installed bin would, against the deployment it is pointed at", async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), "earshot-cwd-"));
    try {
      const listed = await earshot(["sources", "list"], env, elsewhere);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).map((s: { url: string }) => s.url)).toEqual([feedUrl]);
      const extracted = await earshot(["extract", feedUrl], env, elsewhere);
      expect(extracted.code, extracted.stderr).toBe(0);
      expect(JSON.parse(extracted.stdout).map((m: { title: string }) => m.title)).toEqual(["Acme opens a second shop", "Weather"]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 60_000);

  it("names the unknown command and lists the real ones", async () => {
    const res = await earshot(["frobnicate"], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command "frobnicate"; expected one of: brands, collect, detect, extract, score, sources/);
  }, 30_000);
});
