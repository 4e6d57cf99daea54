import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { command } from "./detect";
import { poisson, seeded } from "~/core/spikes/fixtures";

const dir = mkdtempSync(join(tmpdir(), "earshot-detect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await command.run(args, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** 5-minute rows over 10 days, written like NAB's (seconds off the hour), with one bad hour on day 8. */
function writeSeries(): { file: string; burstLastRow: string } {
  const random = seeded(42);
  const lines = ["timestamp,value"];
  let burstLastRow = "";
  const start = Date.UTC(2024, 4, 6, 0, 2, 53);
  for (let i = 0; i < 10 * 288; i++) {
    const t = new Date(start + i * 5 * 60_000);
    const stamp = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    const inBurst = t.getUTCDate() === 14 && t.getUTCHours() === 15;
    lines.push(`${stamp},${poisson(random, 6) + (inBurst ? 50 : 0)}`);
    if (inBurst) burstLastRow = stamp;
  }
  const file = join(dir, "mentions.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { file, burstLastRow };
}

describe("earshot detect", () => {
  it("prints the timestamp of the last row of the hour in which the surge fired, exactly as written", async () => {
    const { file, burstLastRow } = writeSeries();
    expect(burstLastRow).toBe("2024-05-14 15:57:53");
    const result = await run([file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ detections: [burstLastRow] });
  });

  it("explains each detection with its window, observed and expected counts when asked", async () => {
    const { file } = writeSeries();
    const result = await run([file, "--explain", "--granularity", "hour", "--sensitivity=low"]);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.explanations).toHaveLength(1);
    expect(parsed.explanations[0]).toMatchObject({
      timestamp: "2024-05-14 15:57:53",
      windowStart: "2024-05-14T15:00:00.000Z",
      windowEnd: "2024-05-14T16:00:00.000Z",
    });
    expect(parsed.explanations[0].observed).toBeGreaterThan(parsed.explanations[0].expected * 3);
  });

  it("reads standard input when the file is -", async () => {
    const csv = "timestamp,value\n2024-01-01,1\n2024-01-02,0\n";
    const result = await run(["-"], csv);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ detections: [] });
  });

  it("exits 2 naming the line, what was expected and what came on a bad row", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "timestamp,value\n2024-01-01 00:00:00,3\n2024-01-01 01:00:00,three\n");
    const result = await run([file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`detect: ${file}: line 3: expected a count (a number ≥ 0) in the value column, got "three"\n`);
  });

  it("exits 2 with the usage on bad arguments and on a missing file", async () => {
    const noFile = await run([]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/expected a CSV file \(or - for standard input\), got none/);
    const badGranularity = await run(["x.csv", "--granularity", "week"]);
    expect(badGranularity.code).toBe(2);
    expect(badGranularity.stderr).toMatch(/--granularity: expected one of auto, row, hour, day, got "week"/);
    const badSensitivity = await run(["x.csv", "--sensitivity", "-3"]);
    expect(badSensitivity.code).toBe(2);
    expect(badSensitivity.stderr).toMatch(/--sensitivity: expected low, medium, high or a positive number/);
    const missing = await run([join(dir, "nope.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read ".*nope\.csv": ENOENT/);
  });
});
