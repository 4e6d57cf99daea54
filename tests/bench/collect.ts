/**
 * `npm run bench:collect`: mentions per second through parse → match → score → upsert, into PGlite and
 * (with BENCH_DATABASE_URL) PostgreSQL, beside a raw COPY of the same rows in the same run; and the time
 * to extract reviews from a ~57 KiB page. Prints figures; asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { extractMentions } from "~/core/extract";
import type { JudgedMention } from "~/core/judge";
import { isMatched, readPage } from "~/core/read-page";
import { openDatabase, type Database } from "~/db/client";
import { copyField, copyRows } from "~/db/copy";
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
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

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

async function openBenchDb(url: string | undefined): Promise<Database> {
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
  };
}

/** The whole machine's busy and idle CPU time so far, in ticks (Linux), to tell a saturated machine from a stalled pipeline. */
function machineTicks(): { busy: number; idle: number } | null {
  if (!existsSync("/proc/stat")) return null;
  const [, ...f] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const idle = f[3]! + f[4]!;
  return { busy: f.reduce((a, b) => a + b, 0) - idle, idle };
}

const COLUMNS = ["brand_id", "source_id", "dedupe_key", "url", "title", "text", "author", "published_at", "collected_at", "counted_at", "content_hash", "sentiment_score", "sentiment_label", "sentiment_confidence", "sentiment_words"];

function tsvRows(rows: JudgedMention[], brandId: number, sourceId: number, now: Date): string {
  return rows
    .map((m) => [brandId, sourceId, m.key, m.url, m.title, m.text, m.author, m.publishedAt, now.toISOString(), m.publishedAt ?? now.toISOString(), contentHash(m), m.sentiment.score, m.sentiment.label, m.sentiment.confidence, JSON.stringify(m.sentiment.words)].map(copyField).join("\t"))
    .join("\n") + "\n";
}

/** One COPY of all the rows in one transaction, over the database's own (warm, Nagle-free) connections. */
async function rawCopy(database: Database, rows: JudgedMention[], brandId: number, sourceId: number): Promise<number> {
  const tsv = tsvRows(rows, brandId, sourceId, new Date());
  const start = performance.now();
  await database.db.transaction((tx) => copyRows(tx, "mentions", COLUMNS, tsv));
  return performance.now() - start;
}

interface RoundFigures {
  rate: number;
  copyRate: number;
  ratio: number;
}

/**
 * One round on a fresh database: a raw COPY of the rows, the pipeline, and the same COPY again, so that the
 * COPY figure brackets the pipeline in time; then (when asked) a re-collection.
 */
async function benchRound(label: string, url: string | undefined, feeds: string[], rows: JudgedMention[], reader: ReadPool, { detail }: { detail: boolean }): Promise<RoundFigures> {
  const database = await openBenchDb(url);
  try {
    const brand = await createBrand(database.db, { name: "Bench", query: BUSINESS.query });
    // One source per feed, as in the product: a lease keeps two lanes off the same source.
    const sources: { id: number }[] = [];
    for (let i = 0; i < feeds.length; i++) sources.push(await createSource(database.db, { brandId: brand.id, kind: "feed", url: `https://blog.example/feed/${i}` }));
    const copySources = [
      await createSource(database.db, { brandId: brand.id, kind: "feed", url: "https://blog.example/copy-before" }),
      await createSource(database.db, { brandId: brand.id, kind: "feed", url: "https://blog.example/copy-after" }),
    ];
    const copyBeforeMs = await rawCopy(database, rows, brand.id, copySources[0]!.id);
    const judging = { query: brand.query, words: {} };
    let stored = 0;
    const stages = { read: 0, store: 0 };
    const cpuBefore = process.cpuUsage();
    const ticksBefore = machineTicks();
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
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    const pipelineMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    const ticksAfter = machineTicks();
    const copyAfterMs = await rawCopy(database, rows, brand.id, copySources[1]!.id);
    const copyMs = (copyBeforeMs + copyAfterMs) / 2;
    const rate = (stored / pipelineMs) * 1000;
    const copyRate = (rows.length / copyMs) * 1000;
    const busy = ticksBefore && ticksAfter ? ticksAfter.busy - ticksBefore.busy : 0;
    const idle = ticksBefore && ticksAfter ? ticksAfter.idle - ticksBefore.idle : 0;
    console.log(
      `  ${label}: pipeline ${rate.toFixed(0).padStart(6)} mentions/s (${pipelineMs.toFixed(0)} ms), raw COPY ${copyRate.toFixed(0).padStart(6)} rows/s (${copyBeforeMs.toFixed(0)} ms before, ${copyAfterMs.toFixed(0)} after): ${((100 * rate) / copyRate).toFixed(0)}%` +
        (busy + idle > 0 ? `; cores ${((100 * busy) / (busy + idle)).toFixed(0)}% busy` : ""),
    );
    if (detail) {
      console.log(`    stage time summed over lanes, ms: read (parse → match → score) ${stages.read.toFixed(0)}, store ${stages.store.toFixed(0)}`);
      console.log(`    this process (threads included) used ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of CPU in those ${pipelineMs.toFixed(0)} ms; the database's share is not counted`);
      // A second pass of the same feeds is what every re-collection looks like: nothing new to write.
      const again = performance.now();
      for (const [index, feed] of feeds.entries()) {
        const { mentions } = await reader.read(feed, { kind: "feed" }, judging);
        await storeMentions(database.db, { brandId: brand.id, sourceId: sources[index]!.id, items: mentions.filter(isMatched), now: new Date(), exclusive: true });
      }
      console.log(`    re-collecting the same feeds (all unchanged): ${((stored / (performance.now() - again)) * 1000).toFixed(0)} mentions/s`);
    }
    return { rate, copyRate, ratio: rate / copyRate };
  } finally {
    await database.close();
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Several rounds, each on a fresh database with its own COPY beside it, and their medians: on a shared
 * 2-core machine one round's COPY alone has been seen to vary by half.
 */
async function benchDatabase(label: string, url: string | undefined, feeds: string[], rows: JudgedMention[], reader: ReadPool) {
  console.log(`\n${label}: ${TOTAL} mentions per round, ${ROUNDS} round(s), ${LANES} lane(s), ${THREADS} reading thread(s)`);
  // A jobs process runs for days: a first round, in which the storing code and the database's caches are
  // still cold, is shown but not counted.
  await benchRound("warm-up (not counted)", url, feeds, rows, reader, { detail: false });
  const rounds: RoundFigures[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await benchRound(`round ${r + 1}`, url, feeds, rows, reader, { detail: r === ROUNDS - 1 }));
  console.log(`  median: pipeline (parse → match → score → upsert) ${median(rounds.map((r) => r.rate)).toFixed(0)} mentions/s`);
  console.log(`          raw COPY of the same rows ${median(rounds.map((r) => r.copyRate)).toFixed(0)} rows/s`);
  console.log(`          pipeline / raw COPY ${(100 * median(rounds.map((r) => r.ratio))).toFixed(0)}% (median of the rounds' own ratios)`);
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
  const parse = () => {
    const t = performance.now();
    extractMentions(html, { kind: "schema", baseUrl: "https://example.com/" });
    return performance.now() - t;
  };
  // A jobs process parses pages all day: the first parses, while V8 is still compiling the parser, are
  // shown apart from the steady figure.
  const cold = Array.from({ length: 20 }, parse);
  const times = Array.from({ length: 200 }, parse).sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`\npage parse, ${what}: median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms (target ≤ 5 ms)`);
  console.log(`  the process's first parse ${cold[0]!.toFixed(2)} ms, the slowest of its first 20 ${Math.max(...cold).toFixed(2)} ms (not counted above)`);
}

/** The same reading without a database, inline: what one core reads. Its mentions are the rows COPY writes. */
function benchWithoutStore(feeds: string[]): JudgedMention[] {
  const rows: JudgedMention[] = [];
  const start = performance.now();
  for (const feed of feeds) {
    rows.push(...readPage(feed, { kind: "feed", baseUrl: "https://blog.example/feed" }, { query: BUSINESS.query, words: {} }).mentions.filter(isMatched));
  }
  const ms = performance.now() - start;
  console.log(`\nparse → match → score alone, no database: ${((rows.length / ms) * 1000).toFixed(0)} mentions/s (${ms.toFixed(0)} ms, one core)`);
  return rows;
}

const feeds = buildFeeds();
console.log(`bench:collect — ${feeds.length} RSS feeds of ${PER_FEED} items (${TOTAL} mentions), Node ${process.version}`);
benchPageParse();
const rows = benchWithoutStore(feeds);
// One pool for both databases, as a jobs process keeps its threads for its whole life; started before any
// clock, as they are long before a collection.
const reader = createReadPool(THREADS);
await reader.read(feeds[0]!, { kind: "feed" }, { query: BUSINESS.query, words: {} });
await benchDatabase("PGlite (in memory)", undefined, feeds, rows, reader);
if (process.env.BENCH_DATABASE_URL) await benchDatabase("PostgreSQL", process.env.BENCH_DATABASE_URL, feeds, rows, reader);
else console.log("\nPostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to include it)");
await reader.close();
console.log("\ntargets: ≥ 20,000 mentions/s into PostgreSQL, ≥ 50% of raw COPY; page parse ≤ 5 ms");
