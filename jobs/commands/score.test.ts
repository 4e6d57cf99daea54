// The `earshot score` command (jobs/commands/score.ts), run with in-memory streams. It lives beside the
// scorer because the scorer's files are the ones this work owns.
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { command } from "./score";

async function run(args: string[], input: string | string[]) {
  const stdin = Readable.from(typeof input === "string" ? [input] : input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString()));
  stderr.on("data", (c: Buffer) => err.push(c.toString()));
  const code = await command.run(args, { stdin, stdout, stderr });
  const lines = out.join("").split("\n").filter((l) => l !== "");
  return { code, results: lines.map((l) => JSON.parse(l) as Record<string, unknown>), stderr: err.join("") };
}

describe("earshot score", () => {
  it("writes one JSON result per line of plain text, with the scorer's fields only", async () => {
    const { code, results, stderr } = await run([], "Lovely staff.\r\nIt stopped working after a week.\n");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(results).toHaveLength(2);
    expect(Object.keys(results[0]!).sort()).toEqual(["comparative", "confidence", "label", "score", "words"]);
    expect(results.map((r) => r.label)).toEqual(["positive", "negative"]);
    expect(results[1]!.words).toEqual([{ term: "stopped working", weight: -3 }]);
  });

  it("scores a blank line of plain text as neutral, so output lines match input lines", async () => {
    const { results } = await run([], "good\n\nbad\n");
    expect(results.map((r) => r.label)).toEqual(["positive", "neutral", "negative"]);
  });

  it("uses the rating given with --jsonl", async () => {
    const { code, results } = await run(["--jsonl"], '{"text":"Amazing!","rating":1}\n{"text":"Amazing!","rating":null}\n');
    expect(code).toBe(0);
    expect(results.map((r) => r.label)).toEqual(["negative", "positive"]);
  });

  it("reports bad lines with their number, in their place in the output and on stderr, keeps going, and exits 1", async () => {
    const input = ['{"text":"fine"}', "not json", '{"text":5}', "[1]", '{"text":"ok","rating":9}', '{"text":"great"}'].join("\n");
    const { code, results, stderr } = await run(["--jsonl"], input);
    expect(code).toBe(1);
    expect(results).toHaveLength(6);
    expect(results.map((r) => ("error" in r ? "error" : r.label))).toEqual(["positive", "error", "error", "error", "error", "positive"]);
    expect(results[2]).toEqual({ error: 'line 3: expected "text" as a string, got number 5' });
    expect(stderr).toContain("line 2: expected a JSON object, got invalid JSON");
    expect(stderr).toContain('line 3: expected "text" as a string, got number 5');
    expect(stderr).toContain("line 4: expected a JSON object, got an array");
    expect(stderr).toContain('line 5: expected "rating" as a number from 1 to 5 or null, got number 9');
    expect(stderr).toContain("4 of 6 lines failed");
  });

  it("accepts a rating on another scale with ratingMax", async () => {
    const { code, results } = await run(["--jsonl"], '{"text":"Fine.","rating":9,"ratingMax":10}\n');
    expect(code).toBe(0);
    expect(results[0]!.label).toBe("positive");
  });

  it("rejects an unknown option with the usage and exit code 2", async () => {
    const { code, stderr } = await run(["--csv"], "");
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--csv'; expected only --jsonl/);
    expect(stderr).toContain("usage: earshot score");
  });

  it("streams a large input line by line, split at arbitrary chunk boundaries", async () => {
    const text = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? "great" : "awful")).join("\n");
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 777) chunks.push(text.slice(i, i + 777));
    const { code, results } = await run([], chunks);
    expect(code).toBe(0);
    expect(results).toHaveLength(5000);
    expect(results[4998]!.label).toBe("positive");
    expect(results[4999]!.label).toBe("negative");
  });
});
