import { afterAll, describe, expect, it } from "vitest";
import { ExtractError } from "~/core/extract";
import { readPage } from "~/core/read-page";
import { createReadPool } from "./read-pool";

const feed = (n: number) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${Array.from(
    { length: n },
    (_, i) => `<item><guid>g${i}</guid><title>${i % 3 === 0 ? "Other news" : "Acme bakery"} ${i}</title><description>${i % 2 ? "Lovely bread, friendly staff." : "Rude staff and stale bread."}</description><pubDate>Tue, 01 Dec 2026 10:0${i % 10}:00 GMT</pubDate></item>`,
  ).join("")}</channel></rss>`;
const judging = { query: "acme", words: { stale: -3 } };

describe("the reading pool", () => {
  const pool = createReadPool(2);
  afterAll(() => pool.close());

  it("reads in its threads exactly what reading inline gives: matched, judged, with the brand's words", async () => {
    const body = feed(30);
    const options = { kind: "feed" as const, baseUrl: "https://blog.example/feed" };
    const inline = readPage(body, options, judging);
    const [a, b] = await Promise.all([pool.read(body, options, judging), pool.read(body, options, judging)]);
    expect(a).toEqual(inline);
    expect(b).toEqual(inline);
    // The query decides what is judged; the brand's own word moves the score.
    expect(inline.mentions.filter((m) => !m.matches).map((m) => m.sentiment)).toEqual(Array(10).fill(null));
    const stale = inline.mentions.find((m) => m.matches && m.text.includes("stale"));
    expect(stale?.sentiment?.words).toContainEqual(expect.objectContaining({ term: "stale", weight: -3 }));
  });

  it("hands back a page that is not what was asked for as the same ExtractError as inline", async () => {
    const page = "<html><body><p>Not a feed at all</p></body></html>";
    let inlineError: unknown;
    try {
      readPage(page, { kind: "feed" }, judging);
    } catch (error) {
      inlineError = error;
    }
    expect(inlineError).toBeInstanceOf(ExtractError);
    const threaded = await pool.read(page, { kind: "feed" }, judging).catch((e: unknown) => e);
    expect(threaded).toBeInstanceOf(ExtractError);
    expect((threaded as Error).message).toBe((inlineError as Error).message);
  });

  it("loses only the read a thread ran out of memory on; the page queued behind it is read on a new thread", async () => {
    const small = createReadPool(1, { memoryMb: 64 });
    try {
      const huge = small.read(feed(80_000), { kind: "feed" }, { query: null, words: {} });
      const queued = small.read(feed(3), { kind: "feed" }, judging);
      await expect(huge).rejects.toThrow(/expected the reading thread to answer, but it failed/);
      expect((await queued).mentions).toHaveLength(3);
    } finally {
      await small.close();
    }
  }, 60_000);

  it("gives up on a read when asked, with the caller's reason, and goes on reading", async () => {
    const own = createReadPool(1);
    try {
      const stop = new AbortController();
      const long = own.read(feed(60_000), { kind: "feed" }, judging, stop.signal);
      const behind = own.read(feed(2), { kind: "feed" }, judging);
      stop.abort(new Error("the worker is stopping"));
      await expect(long).rejects.toThrow("the worker is stopping");
      expect((await behind).mentions).toHaveLength(2);
      await expect(own.read(feed(1), { kind: "feed" }, judging, stop.signal)).rejects.toThrow("the worker is stopping");
    } finally {
      await own.close();
    }
  }, 60_000);

  it("refuses reads once closed", async () => {
    const other = createReadPool(1);
    await other.read(feed(1), { kind: "feed" }, judging);
    await other.close();
    await expect(other.read(feed(1), { kind: "feed" }, judging)).rejects.toThrow(/closed/);
  });
});

