import { once } from "node:events";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { scoreSentiment, type ScoreOptions } from "~/core/sentiment";
import type { Command, CommandIO } from "./types";

const USAGE =
  "earshot score [--jsonl] < input\n" +
  "  one text per line on stdin; with --jsonl, one object per line: {\"text\": \"...\", \"rating\": 1-5 | null}\n" +
  "  (optionally \"ratingMax\"); writes one JSON result per input line; a bad line gets {\"error\": \"...\"} in its place (and on stderr)";

/** A problem with the command line itself: reported with the usage line, exit code 2. */
class UsageProblem extends Error {}

/** A line that cannot be scored; the message says what was expected and what came. */
class LineProblem extends Error {}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function parse(args: string[]): { jsonl: boolean } {
  try {
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { jsonl: { type: "boolean" } } });
    return { jsonl: values.jsonl === true };
  } catch (error) {
    // node's messages name the flag ("Unknown option '--x'"); keep them, add what is accepted.
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, "");
    throw new UsageProblem(`${message}; expected only --jsonl, with the texts on stdin`);
  }
}

/** Reads one JSONL record into the scorer's arguments, or says what is wrong with it. */
export function parseRecord(line: string): { text: string; options: ScoreOptions } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new LineProblem(`expected a JSON object, got invalid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new LineProblem(`expected a JSON object, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.text !== "string") {
    throw new LineProblem(`expected "text" as a string, got ${describe(record.text)}`);
  }
  const ratingMax = record.ratingMax ?? null;
  if (ratingMax !== null && (typeof ratingMax !== "number" || !Number.isFinite(ratingMax) || ratingMax < 2)) {
    throw new LineProblem(`expected "ratingMax" as a number of at least 2 or null, got ${describe(ratingMax)}`);
  }
  const max = ratingMax ?? 5;
  const rating = record.rating ?? null;
  if (rating !== null && (typeof rating !== "number" || !Number.isFinite(rating) || rating < 1 || rating > max)) {
    throw new LineProblem(`expected "rating" as a number from 1 to ${max} or null, got ${describe(rating)}`);
  }
  return { text: record.text, options: { rating, ratingMax } };
}

async function write(io: CommandIO, line: string): Promise<void> {
  // Respect backpressure so a large input is streamed, not buffered in memory.
  if (!io.stdout.write(line)) await once(io.stdout, "drain");
}

export const command: Command = {
  summary: "score the sentiment of texts on stdin, one JSON result per line",
  usage: USAGE,
  async run(args: string[], io: CommandIO): Promise<number> {
    let jsonl: boolean;
    try {
      ({ jsonl } = parse(args));
    } catch (error) {
      if (!(error instanceof UsageProblem)) throw error;
      io.stderr.write(`earshot score: ${error.message}\nusage: ${USAGE}\n`);
      return 2;
    }

    const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    let failed = 0;
    for await (const line of lines) {
      lineNumber++;
      let text = line;
      let options: ScoreOptions = {};
      if (jsonl) {
        // Blank lines carry no record; JSON Lines readers commonly skip them.
        if (line.trim() === "") continue;
        try {
          ({ text, options } = parseRecord(line));
        } catch (error) {
          if (!(error instanceof LineProblem)) throw error;
          failed++;
          io.stderr.write(`earshot score: line ${lineNumber}: ${error.message}\n`);
          // A line of its own in the output too, so results still line up with the records that came in.
          await write(io, `${JSON.stringify({ error: `line ${lineNumber}: ${error.message}` })}\n`);
          continue;
        }
      }
      const r = scoreSentiment(text, options);
      await write(
        io,
        `${JSON.stringify({ score: r.score, comparative: r.comparative, label: r.label, confidence: r.confidence, words: r.words })}\n`,
      );
    }
    if (failed > 0) io.stderr.write(`earshot score: ${failed} of ${lineNumber} lines failed\n`);
    return failed > 0 ? 1 : 0;
  },
};
