/**
 * Timing for extraction and matching on the shared corpus (../shared/corpus). Not a test: numbers
 * depend on the machine. Run: npx tsx app/core/extract/bench-extract.ts
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "cheerio/slim";
import { matchesQuery, parseQuery } from "~/core/query";
import { decodeDocument } from "~/core/extract/decode";
import { extractFeed } from "~/core/extract/feed";
import { extractMentions } from "~/core/extract";
import { extractSchemaOrg } from "~/core/extract/schema-org";

const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
if (!existsSync(CORPUS)) {
  console.log("skipped: ../shared/corpus is absent");
  process.exit(0);
}

function time(label: string, runs: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(5, runs); i++) fn();
  const t = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const ms = (performance.now() - t) / runs;
  console.log(`${label.padEnd(64)} ${ms.toFixed(2).padStart(8)} ms`);
  return ms;
}

console.log("— HTML pages: extractSchemaOrg (parse + JSON-LD + microdata + RDFa + mentions)");
const allrecipes = readFileSync(join(CORPUS, "pages/recipe-scrapers/allrecipescurated.html"), "utf8");
// A 57 KiB page: allrecipes' JSON-LD block (10 reviews) in the head, then the start of its body, cut
// before a <div> outside any script (its head alone is 80 KiB of scripts and styles).
const ldAt = allrecipes.indexOf("application/ld+json");
const ldBlock = allrecipes.slice(allrecipes.lastIndexOf("<script", ldAt), allrecipes.indexOf("</script>", ldAt) + 9);
const head = `<!DOCTYPE html><html><head><title>Four Cheese Margherita Pizza</title>${ldBlock}</head>`;
const tail = "</body></html>";
const bodyAt = allrecipes.indexOf("<body");
let cut = bodyAt + 57 * 1024 - head.length - tail.length;
const outside = (tag: string, at: number) => allrecipes.lastIndexOf(`<${tag}`, at) <= allrecipes.lastIndexOf(`</${tag}>`, at);
for (;;) {
  cut = allrecipes.lastIndexOf("<", cut - 1);
  if (cut <= bodyAt || (outside("script", cut) && outside("style", cut) && outside("svg", cut))) break;
}
const body = allrecipes.slice(bodyAt, cut);
const page57 = head + body + " ".repeat(Math.max(0, 57 * 1024 - head.length - body.length - tail.length)) + tail;
console.log(`  57 KiB page: ${(page57.length / 1024).toFixed(1)} KiB, ${extractSchemaOrg(page57).reviews.length} reviews`);
time("cheerio/slim parse only, 57 KiB", 200, () => load(page57));
time("extractSchemaOrg, 57 KiB", 200, () => extractSchemaOrg(page57, "https://www.allrecipes.com/x"));
for (const page of ["recipe-scrapers/allrecipescurated.html", "recipe-scrapers/chefjeanpierre_1.html", "recipe-scrapers/littlespicejar.html", "extruct/websites__microdata-with-description.html"]) {
  const html = readFileSync(join(CORPUS, "pages", page), "utf8");
  time(`extractSchemaOrg, ${page} (${(html.length / 1024).toFixed(0)} KiB)`, 30, () => extractSchemaOrg(html));
}

console.log("— Feeds: decode + extractFeed");
let feedItems = 0;
const feedTexts: string[] = [];
for (const f of ["guardian.rss", "feedburner.atom", "many-links.rss", "reddit.rss"]) {
  const bytes = readFileSync(join(CORPUS, "feeds/rss-parser", f));
  const n = extractFeed(decodeDocument(bytes)).mentions.length;
  const ms = time(`${f} (${(bytes.length / 1024).toFixed(0)} KiB, ${n} items)`, 30, () => extractFeed(decodeDocument(bytes)));
  console.log(`${"".padEnd(64)} ${(n / (ms / 1000)).toFixed(0).padStart(8)} items/s`);
}
for (const f of readdirSync(join(CORPUS, "feeds/rss-parser")).filter((x) => /\.(rss|atom)$/.test(x))) {
  for (const m of extractFeed(decodeDocument(readFileSync(join(CORPUS, "feeds/rss-parser", f)))).mentions) {
    feedTexts.push(m.title ? `${m.title}\n${m.text}` : m.text);
    feedItems++;
  }
}

console.log("— Matching: matchesQuery over real texts");
const vader = readFileSync(join(CORPUS, "sentiment/vader/tweets_GroundTruth.txt"), "utf8")
  .split(/\r?\n/)
  .map((l) => l.split("\t")[2])
  .filter(Boolean);
const texts = [...feedTexts, ...vader];
const avg = texts.reduce((s, t) => s + t.length, 0) / texts.length;
console.log(`  ${texts.length} texts (${feedItems} feed items + ${vader.length} tweets), mean ${avg.toFixed(0)} chars`);
for (const src of ['acme "acme bakery" +bread -jobs', '("reddit" OR google) AND NOT jobs', "trump NEAR/5 (union OR address)", "love OR great OR good", "bak* OR café"]) {
  const q = parseQuery(src);
  let hits = 0;
  const ms = time(`  ${src}`, 20, () => {
    hits = 0;
    for (const t of texts) if (matchesQuery(q, t)) hits++;
  });
  console.log(`${"".padEnd(64)} ${(texts.length / (ms / 1000)).toFixed(0).padStart(8)} texts/s (${hits} match)`);
}

console.log("— End to end: decode + extract + match, all 20 rss-parser feeds");
const feedBytes = readdirSync(join(CORPUS, "feeds/rss-parser"))
  .filter((x) => /\.(rss|atom)$/.test(x))
  .map((f) => readFileSync(join(CORPUS, "feeds/rss-parser", f)));
const q = parseQuery('("reddit" OR google OR trump) AND NOT jobs');
let mentions = 0;
const e2e = time("  20 feeds", 20, () => {
  mentions = 0;
  for (const b of feedBytes) {
    for (const m of extractMentions(b).mentions) {
      matchesQuery(q, m.title ? `${m.title}\n${m.text}` : m.text);
      mentions++;
    }
  }
});
console.log(`${"".padEnd(64)} ${(mentions / (e2e / 1000)).toFixed(0).padStart(8)} mentions/s (${mentions} per run)`);
