import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import {
  CsvError,
  DEFAULT_SENSITIVITY,
  createCountDetector,
  parseCountCsv,
  parseSensitivity,
  type CountRow,
  type Detection,
  type Granularity,
  type Sensitivity,
} from "~/core/spikes";
import type { Command } from "./types";

const USAGE =
  "earshot detect <file.csv | -> [--granularity auto|row|hour|day] [--sensitivity low|medium|high|<false alarms per year>] [--explain]";

const GRANULARITIES: Granularity[] = ["auto", "row", "hour", "day"];

interface Options {
  file: string;
  granularity: Granularity;
  sensitivity: Sensitivity;
  explain: boolean;
}

class UsageError extends Error {}

function parseArgs(args: string[]): Options {
  let file: string | null = null;
  let granularity: Granularity = "auto";
  let sensitivity: Sensitivity = DEFAULT_SENSITIVITY;
  let explain = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag}: expected a value, got the end of the arguments`);
      return next;
    };
    if (flag === "--granularity") {
      const g = value();
      if (!GRANULARITIES.includes(g as Granularity)) {
        throw new UsageError(`--granularity: expected one of ${GRANULARITIES.join(", ")}, got "${g}"`);
      }
      granularity = g as Granularity;
    } else if (flag === "--sensitivity") {
      try {
        sensitivity = parseSensitivity(value());
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    } else if (flag === "--explain") {
      explain = true;
    } else if (flag.startsWith("-") && flag !== "-") {
      throw new UsageError(`unknown option "${flag}"; expected --granularity, --sensitivity or --explain`);
    } else if (file === null) {
      file = arg;
    } else {
      throw new UsageError(`expected one CSV file, got a second one: "${arg}"`);
    }
  }
  if (file === null) throw new UsageError("expected a CSV file (or - for standard input), got none");
  return { file, granularity, sensitivity, explain };
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function explanation(d: Detection<CountRow>) {
  const e = d.verdict.evidence;
  return {
    timestamp: d.row.timestamp,
    line: d.row.line,
    test: d.verdict.reason,
    windowStart: e ? new Date(e.windowStart).toISOString() : null,
    windowEnd: e ? new Date(e.windowEnd).toISOString() : null,
    observed: e?.observed ?? null,
    expected: e ? Number(e.expected.toFixed(3)) : null,
    pValue: e ? Number(e.pValue.toPrecision(3)) : null,
  };
}

export const command: Command = {
  summary: "flag surges in a timestamp,value count series (the crisis detector, online)",
  usage: `${USAGE}

Reads a CSV with a "timestamp,value" header and one count per row, feeds the rows in order to the same
online detector the product uses, and prints {"detections": [...]}: the timestamp (as written) of each row
at which an incident opens. A detection at a row uses only the rows up to it; when rows are summed into
hours or days, it lands on the last row of the bucket in which it could first have fired.

  --granularity   auto (default: sub-hourly rows are summed into hours, daily rows are days, anything
                  else is one bucket per row), row, hour or day
  --sensitivity   low, medium (default) or high, or a number: false alarms per series-year allowed
  --explain       also print, per detection, the window, observed vs expected and the p-value

Exit codes: 0 done, 2 bad arguments or bad CSV (the message names the line).`,

  async run(args, io) {
    let options: Options;
    try {
      options = parseArgs(args);
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr.write(`detect: ${error.message}\nusage: ${USAGE}\n`);
        return 2;
      }
      throw error;
    }
    let text: string;
    try {
      text = options.file === "-" ? await readAll(io.stdin) : await readFile(options.file, "utf8");
    } catch (error) {
      io.stderr.write(`detect: cannot read "${options.file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 2;
    }
    let rows: CountRow[];
    try {
      rows = parseCountCsv(text);
    } catch (error) {
      if (error instanceof CsvError) {
        io.stderr.write(`detect: ${options.file}: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    const detector = createCountDetector<CountRow>({ granularity: options.granularity, sensitivity: options.sensitivity });
    const found: Detection<CountRow>[] = [];
    for (const row of rows) found.push(...detector.push(row.time, row.value, row));
    found.push(...detector.finish());
    const output: Record<string, unknown> = { detections: found.map((d) => d.row.timestamp) };
    if (options.explain) output.explanations = found.map(explanation);
    io.stdout.write(`${JSON.stringify(output, null, options.explain ? 2 : undefined)}\n`);
    return 0;
  },
};
