/**
 * Sentiment benchmark: our scorer beside the raw `sentiment` package, in the same run.
 *
 *   npm run bench:sentiment
 *
 * - UCI "Sentiment Labelled Sentences" (yelp, amazon, imdb; shipped inside the `sentiment` package): strict
 *   accuracy, where a neutral answer counts as wrong because every sentence is labelled 0 or 1.
 * - VADER ground truth (../shared/corpus/sentiment/vader, skipped when absent): Pearson r between the score
 *   and the mean human rating, and 3-class macro F1 with humans split at ±0.5 on their -4..+4 scale (our
 *   split; VADER's paper does not state its own, so its F1 figures are not directly comparable).
 * - Throughput on one core, in sentences per second over the UCI sentences.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Sentiment from "sentiment";
import { scoreSentiment, type SentimentLabel } from "~/core/sentiment";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const uciDir = join(dirname(require.resolve("sentiment/package.json")), "test/fixtures");
const vaderDir = resolve(root, "../shared/corpus/sentiment/vader");

interface Labelled {
  text: string;
  class: number;
}
interface Rated {
  text: string;
  human: number;
}

type Scorer = (text: string) => { score: number; label: SentimentLabel };

const raw = new Sentiment();
const scorers: Record<string, Scorer> = {
  earshot: (text) => {
    const r = scoreSentiment(text);
    return { score: r.score, label: r.label };
  },
  "raw sentiment": (text) => {
    const s = raw.analyze(text).score;
    return { score: s, label: s > 0 ? "positive" : s < 0 ? "negative" : "neutral" };
  },
};

function loadUci(name: string): Labelled[] {
  const rows = JSON.parse(readFileSync(join(uciDir, `${name}.json`), "utf8")) as Labelled[];
  return rows.filter((r) => typeof r.text === "string" && (r.class === 0 || r.class === 1));
}

function loadVader(file: string): Rated[] {
  const out: Rated[] = [];
  for (const line of readFileSync(join(vaderDir, file), "utf8").split(/\r?\n/)) {
    const [, mean, ...rest] = line.split("\t");
    if (mean === undefined || rest.length === 0) continue;
    const human = Number(mean);
    if (Number.isFinite(human)) out.push({ text: rest.join("\t"), human });
  }
  return out;
}

function strictAccuracy(rows: Labelled[], scorer: Scorer): number {
  let right = 0;
  for (const r of rows) {
    const label = scorer(r.text).label;
    if ((label === "positive" && r.class === 1) || (label === "negative" && r.class === 0)) right++;
  }
  return right / rows.length;
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

function humanLabel(mean: number): SentimentLabel {
  return mean >= 0.5 ? "positive" : mean <= -0.5 ? "negative" : "neutral";
}

function macroF1(truth: SentimentLabel[], predicted: SentimentLabel[]): number {
  let sum = 0;
  for (const c of ["positive", "neutral", "negative"] as const) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === c && truth[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / 3;
}

function throughput(texts: string[], scorer: Scorer): number {
  for (let i = 0; i < 2; i++) for (const t of texts) scorer(t);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1.5) {
    for (const t of texts) scorer(t);
    n += texts.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return n / elapsed;
}

const fmt = (x: number) => x.toFixed(3);
const rows: string[][] = [];
const names = Object.keys(scorers);

const uciSets = ["yelp", "amazon", "imdb"].map((name) => ({ name, rows: loadUci(name) }));
for (const set of uciSets) {
  rows.push([
    `UCI ${set.name} (${set.rows.length})`,
    "strict accuracy",
    "≥ 0.85",
    ...names.map((n) => fmt(strictAccuracy(set.rows, scorers[n]!))),
  ]);
}

const vaderSets = [
  { name: "tweets", file: "tweets_GroundTruth.txt", published: "0.881 / 0.96" },
  { name: "movies", file: "movieReviewSnippets_GroundTruth.txt", published: "0.451 / 0.61" },
  { name: "NYT", file: "nytEditorialSnippets_GroundTruth.txt", published: "0.492 / 0.55" },
];
let vaderNote = "";
if (existsSync(vaderDir)) {
  for (const set of vaderSets) {
    const data = loadVader(set.file);
    const human = data.map((d) => d.human);
    const truth = human.map(humanLabel);
    const r: string[] = [];
    const f: string[] = [];
    for (const n of names) {
      const results = data.map((d) => scorers[n]!(d.text));
      r.push(fmt(pearson(results.map((x) => x.score), human)));
      f.push(fmt(macroF1(truth, results.map((x) => x.label))));
    }
    const [vr, vf] = set.published.split(" / ");
    rows.push([`VADER ${set.name} (${data.length})`, "Pearson r", `> ${vr}`, ...r]);
    rows.push([`VADER ${set.name} (${data.length})`, "3-class macro F1", `(VADER ${vf})`, ...f]);
  }
} else {
  vaderNote = `skipped the VADER sets: ${vaderDir} is absent (it exists in development sessions and CI only)`;
}

const allUci = uciSets.flatMap((s) => s.rows.map((r) => r.text));
rows.push([
  `throughput (${allUci.length} UCI sentences)`,
  "sentences/s, one core",
  "≥ 100000",
  ...names.map((n) => String(Math.round(throughput(allUci, scorers[n]!)))),
]);

const header = ["set", "measure", "target", ...names];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
for (const r of rows) console.log(line(r));
console.log(
  "\nstrict accuracy: a neutral answer to a 0/1 sentence counts as wrong. 3-class F1: human means split at ±0.5" +
    "\n(our split; VADER's published F1 used its own, so compare the Pearson r, not the F1).",
);
if (vaderNote) console.log(`\n${vaderNote}`);
