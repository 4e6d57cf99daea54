import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { command } from "./extract";

const dir = mkdtempSync(join(tmpdir(), "earshot-extract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function run(args: string[], stdin = "") {
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  let out = "";
  let err = "";
  io.stdout.on("data", (c) => (out += c));
  io.stderr.on("data", (c) => (err += c));
  io.stdin.end(stdin);
  const code = await command.run(args, io);
  return { code, out, err };
}

const FEED = `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title>
<item><title>Acme p\u00e3o</title><link>/posts/1</link><guid isPermaLink="false">g-1</guid><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
<description>&lt;p&gt;Hello &lt;script&gt;x()&lt;/script&gt;world&lt;/p&gt;</description></item></channel></rss>`;
const PAGE = `<html><body><div class="r"><span class="a">Ann</span><p class="t">Great</p><span class="s">4 out of 5</span></div>
<a class="n" href="/p2">next</a></body></html>`;

describe("earshot extract", () => {
  it("prints the mentions of a feed file as a JSON array, fields in contract order", async () => {
    const path = file("feed.xml", iconv.encode(FEED, "latin1"));
    const { code, out, err } = await run([path, "--base-url", "https://blog.example/feed"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const mentions = JSON.parse(out);
    expect(mentions).toEqual([
      {
        key: "g-1",
        url: "https://blog.example/posts/1",
        title: "Acme pão",
        text: "Hello world",
        author: null,
        rating: null,
        ratingMax: null,
        publishedAt: "2024-03-05T09:30:00.000Z",
      },
    ]);
    expect(Object.keys(mentions[0])).toEqual(["key", "url", "title", "text", "author", "rating", "ratingMax", "publishedAt"]);
  });

  it("reads stdin when the target is -", async () => {
    const { code, out } = await run(["-", "--kind=feed"], FEED);
    expect(code).toBe(0);
    expect(JSON.parse(out)[0].key).toBe("g-1");
  });

  it("extracts with selectors given inline or from a file, and reports the next page on stderr", async () => {
    const page = file("page.html", PAGE);
    const spec = JSON.stringify({ item: ".r", text: ".t", author: ".a", rating: ".s", next: "a.n" });
    const inline = await run([page, "--selectors", spec, "--base-url", "https://shop.example/reviews"]);
    expect(inline.code).toBe(0);
    expect(JSON.parse(inline.out)).toMatchObject([{ text: "Great", author: "Ann", rating: 4, ratingMax: 5, url: "https://shop.example/reviews" }]);
    expect(inline.err).toContain("next page: https://shop.example/p2");
    const fromFile = await run([page, "--kind", "selectors", "--selectors", `@${file("spec.json", spec)}`]);
    expect(JSON.parse(fromFile.out)).toHaveLength(1);
  });

  it("prints an empty array for a page with nothing to extract", async () => {
    const { code, out } = await run([file("empty.html", "<html><body>nothing</body></html>")]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([]);
  });

  it.each([
    [["--bogus", "x.xml"], /Unknown option '--bogus'; expected --base-url, --kind or --selectors/],
    [[], /expected one file, URL or "-" \(stdin\), got none/],
    [["a.xml", "b.xml"], /expected one file, URL or "-" \(stdin\), got 2/],
    [["x.xml", "--kind", "rss"], /--kind: expected one of auto, feed, schema, selectors, got "rss"/],
    [["x.xml", "--base-url", "ftp://x"], /--base-url: expected an http\(s\) URL, got "ftp:\/\/x"/],
    [["x.xml", "--selectors", "{oops"], /--selectors: expected JSON such as/],
    [["x.xml", "--selectors", '{"text":".t"}'], /--selectors: "item" is required/],
    [["x.xml", "--selectors", "@/no/such/spec.json"], /--selectors: expected a readable JSON file after "@"/],
    [["x.xml", "--kind", "selectors"], /--kind selectors: expected --selectors/],
    [["/no/such/file.xml"], /expected a readable file, got "\/no\/such\/file.xml" \(no such file\)/],
  ])("rejects %j with a clear message and exit code 2", async (args, message) => {
    const { code, out, err } = await run(args as string[]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).toContain("usage: earshot extract");
  });

  it("rejects a directory as the file to read", async () => {
    const { code, err } = await run([dir]);
    expect(code).toBe(2);
    expect(err).toContain("it is a directory");
  });

  it("exits 1 with the extractor's message when the document is not what --kind demands", async () => {
    const { code, out, err } = await run([file("page2.html", PAGE), "--kind", "feed"]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/expected a feed/);
  });
});
