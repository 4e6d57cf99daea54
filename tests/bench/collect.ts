/**
 * `npm run bench:collect`: mentions per second through parse → match → score → upsert, into PGlite and
 * (with BENCH_DATABASE_URL) PostgreSQL, beside a raw COPY of the same rows in the same run; and the time
 * to extract reviews from a ~57 KiB page. Prints figures; asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { extractMentions } from "~/core/extract";
import type { JudgedMention } from "~/core/judge";
import { isMatched, readPage } from "~/core/read-page";
import { openDatabase, type Database } from "~/db/client";
import { createBrand } from "~/models/brands.server";
import { contentHash, storeMentions } from "~/models/mentions.server";
import { createSource } from "~/models/sources.server";
import { createReadPool, defaultReadThreads, type ReadPool } from "../../jobs/read-pool";
import { BUSINESS } from "../demo/content";
import { generateItems } from "../demo/world";

const TOTAL = Number(process.env.BENCH_MENTIONS ?? 20_000);
const PER_FEED = 500;
// As many collections at once as a jobs process runs by default (COLLECT_CONCURRENCY).
const LANES = Number(process.env.BENCH_LANES ?? 4);
// As many reading threads as a jobs process starts by default on this machine (COLLECT_THREADS).
const THREADS = Number(process.env.BENCH_THREADS ?? defaultReadThreads());

function buildFeeds(): string[] {
  const now = Date.now();
  const options = { seed: 11, itemEveryMs: 1000, crisisAfterMs: TOTAL * 400, crisisDurationMs: TOTAL * 300, crisisRateFactor: 3, historyDays: 0, historyPerDay: 0, pageSize: 20 };
  const items = generateItems(options, now - TOTAL * 1000, now).slice(0, TOTAL);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const feeds: string[] = [];
  for (let i = 0; i < items.length; i += PER_FEED) {
    const body = items
      .slice(i, i + PER_FEED)
      .map((it, j) => `<item><title>${esc(it.title)}</title><link>https://blog.example/p/${i + j}</link><guid>g-${i + j}</guid><pubDate>${new Date(it.at).toUTCString()}</pubDate><description>${esc(`${it.text} (${BUSINESS.name})`)}</description></item>`)
      .join("\n");
    feeds.push(`<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>${body}</channel></rss>`);
  }
  return feeds;
}

async function openBenchDb(url: string | undefined): Promise<Database & { adminUrl?: string; name?: string }> {
  if (!url) return openDatabase({});
  const name = `earshot_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.href, max: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
    adminUrl: u.href,
  };
}

const COLUMNS = ["brand_id", "source_id", "dedupe_key", "url", "title", "text", "author", "published_at", "collected_at", "counted_at", "content_hash", "sentiment_score", "sentiment_label", "sentiment_confidence", "sentiment_words"];

function tsvRows(rows: JudgedMention[], brandId: number, sourceId: number, now: Date): string {
  const cell = (v: unknown) => (v === null || v === undefined ? "\\N" : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r"));
  return rows
    .map((m) => [brandId, sourceId, m.key, m.url, m.title, m.text, m.author, m.publishedAt, now.toISOString(), m.publishedAt ?? now.toISOString(), contentHash(m), m.sentiment.score, m.sentiment.label, m.sentiment.confidence, JSON.stringify(m.sentiment.words)].map(cell).join("\t"))
    .join("\n") + "\n";
}

async function rawCopy(database: Database & { adminUrl?: string }, rows: JudgedMention[], brandId: number, sourceId: number): Promise<number> {
  const tsv = tsvRows(rows, brandId, sourceId, new Date());
  const copySql = `COPY mentions (${COLUMNS.join(", ")}) FROM STDIN`;
  const start = performance.now();
  if (database.kind === "postgres") {
    const sql = postgres(database.adminUrl!, { max: 1 });
    const stream = await sql.unsafe(copySql).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", () => resolve());
      stream.end(tsv);
    });
    await sql.end();
  } else {
    const client = (database.db as unknown as { $client: PGlite }).$client;
    await client.query(`COPY mentions (${COLUMNS.join(", ")}) FROM '/dev/blob'`, [], { blob: new Blob([tsv]) });
  }
  return performance.now() - start;
}

async function benchDatabase(label: string, url: string | undefined, feeds: string[], reader: ReadPool) {
  const database = await openBenchDb(url);
  try {
    const brand = await createBrand(database.db, { name: "Bench", query: BUSINESS.query });
    // One source per feed, as in the product: a lease keeps two lanes off the same source.
    const sources: { id: number }[] = [];
    for (let i = 0; i < feeds.length; i++) sources.push(await createSource(database.db, { brandId: brand.id, kind: "feed", url: `https://blog.example/feed/${i}` }));
    const copySource = await createSource(database.db, { brandId: brand.id, kind: "feed", url: "https://blog.example/copy" });
    const judging = { query: brand.query, words: {} };
    const all: JudgedMention[] = [];
    let stored = 0;
    const stages = { read: 0, store: 0 };
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    // Lanes, like a jobs process collecting several sources at once: while one lane waits on the database,
    // the others read, so the event loop, the reading threads and PostgreSQL work at the same time.
    let next = 0;
    const lane = async () => {
      while (next < feeds.length) {
        const index = next++;
        let t = performance.now();
        const { mentions } = await reader.read(feeds[index]!, { kind: "feed", baseUrl: "https://blog.example/feed" }, judging);
        const kept = mentions.filter(isMatched);
        stages.read += performance.now() - t;
        t = performance.now();
        const r = await storeMentions(database.db, { brandId: brand.id, sourceId: sources[index]!.id, items: kept, now: new Date(), exclusive: true });
        stages.store += performance.now() - t;
        stored += r.inserted;
        all.push(...kept);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    const pipelineMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    const copyMs = await rawCopy(database, all, brand.id, copySource.id);
    const rate = (stored / pipelineMs) * 1000;
    const copyRate = (all.length / copyMs) * 1000;
    console.log(`\n${label}: ${stored} mentions stored, ${LANES} lane(s), ${THREADS} reading thread(s)`);
    console.log(`  pipeline (parse → match → score → upsert): ${rate.toFixed(0).padStart(7)} mentions/s  (${pipelineMs.toFixed(0)} ms)`);
    console.log(`    stage time summed over lanes, ms: read (parse → match → score) ${stages.read.toFixed(0)}, store ${stages.store.toFixed(0)}`);
    console.log(`    this process (threads included) used ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of CPU in those ${pipelineMs.toFixed(0)} ms; the database's share is not counted`);
    console.log(`  raw COPY of the same rows:                 ${copyRate.toFixed(0).padStart(7)} rows/s      (${copyMs.toFixed(0)} ms)`);
    console.log(`  pipeline / raw COPY: ${((100 * rate) / copyRate).toFixed(0)}%`);
    // A second pass of the same feeds is what every re-collection looks like: nothing new to write.
    const again = performance.now();
    for (const [index, feed] of feeds.entries()) {
      const { mentions } = await reader.read(feed, { kind: "feed" }, judging);
      await storeMentions(database.db, { brandId: brand.id, sourceId: sources[index]!.id, items: mentions.filter(isMatched), now: new Date(), exclusive: true });
    }

    console.log(`  re-collecting the same feeds (all unchanged): ${((stored / (performance.now() - again)) * 1000).toFixed(0)} mentions/s`);
  } finally {
    await database.close();
  }
}

function benchPageParse() {
  const dir = "../shared/corpus/pages/recipe-scrapers";
  let html: string;
  let what: string;
  if (existsSync(dir)) {
    // Trimmed to ~57 KiB around its JSON-LD so the figure compares with the target's page size.
    const file = readdirSync(dir).find((f) => f.startsWith("allrecipes") && f.endsWith(".html"))!;
    const full = readFileSync(`${dir}/${file}`, "utf8");
    const at = Math.max(0, full.indexOf("application/ld+json") - 2000);
    html = `<html><head>${full.slice(at, at + 57 * 1024)}</head></html>`;
    what = `${file} (57 KiB slice)`;
  } else {
    const card = (i: number) => `<article class="r"><h3>Review ${i}</h3><p>${"Lovely coffee and friendly staff. ".repeat(8)}</p><span class="s">4 out of 5</span></article>`;
    html = `<html><body>${Array.from({ length: 200 }, (_, i) => card(i)).join("")}</body></html>`.slice(0, 57 * 1024);
    what = "generated 57 KiB review page (corpus absent)";
  }
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    extractMentions(html, { kind: "schema", baseUrl: "https://example.com/" });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`\npage parse, ${what}: median ${times[30]!.toFixed(2)} ms, p90 ${times[54]!.toFixed(2)} ms (target ≤ 5 ms)`);
}

/** The same reading without a database, inline: what one core reads. */
function benchWithoutStore(feeds: string[]) {
  let n = 0;
  const start = performance.now();
  for (const feed of feeds) {
    n += readPage(feed, { kind: "feed", baseUrl: "https://blog.example/feed" }, { query: BUSINESS.query, words: {} }).mentions.filter((m) => m.matches).length;
  }
  const ms = performance.now() - start;
  console.log(`\nparse → match → score alone, no database: ${((n / ms) * 1000).toFixed(0)} mentions/s (${ms.toFixed(0)} ms, one core)`);
}

const feeds = buildFeeds();
console.log(`bench:collect — ${feeds.length} RSS feeds of ${PER_FEED} items (${TOTAL} mentions), Node ${process.version}`);
benchPageParse();
benchWithoutStore(feeds);
// One pool for both databases, as a jobs process keeps its threads for its whole life; started before any
// clock, as they are long before a collection.
const reader = createReadPool(THREADS);
await reader.read(feeds[0]!, { kind: "feed" }, { query: BUSINESS.query, words: {} });
await benchDatabase("PGlite (in memory)", undefined, feeds, reader);
if (process.env.BENCH_DATABASE_URL) await benchDatabase("PostgreSQL", process.env.BENCH_DATABASE_URL, feeds, reader);
else console.log("\nPostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to include it)");
await reader.close();
console.log("\ntargets: ≥ 20,000 mentions/s into PostgreSQL, ≥ 50% of raw COPY; page parse ≤ 5 ms");
