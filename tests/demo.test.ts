import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * `npm run demo` as a newcomer runs it, only faster: its own folder (the demo keeps ./data/demo of the folder
 * it runs in, so this never touches a checkout's demo), a quick pace and an early crisis.
 */
describe("npm run demo", () => {
  const cwd = mkdtempSync(path.join(tmpdir(), "earshot-demo-"));
  let child: ChildProcess | null = null;
  let output = "";

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  });

  it("prints a demo owner who can sign in, and the overview shows the crisis as an open incident", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", DEMO_ITEM_EVERY_MS: "1000", DEMO_CRISIS_AFTER_MS: "15000", DEMO_CRISIS_DURATION_MS: "60000", DEMO_SOURCE_EVERY_S: "2", SCHEDULER_CRON: "*/2 * * * * *", NODE_ENV: "production" };
    delete env.DATABASE_URL;
    child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "tests/demo/run.ts")], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (c: Buffer) => (output += c));
    child.stderr!.on("data", (c: Buffer) => (output += c));

    const until = async <T>(what: string, probe: () => Promise<T | null> | T | null, ms: number): Promise<T> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline || child!.exitCode !== null) throw new Error(`expected ${what} within ${ms} ms; the demo printed:\n${output}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const [, base, brandPath] = await until("the demo's address", () => /open (http:\/\/[^/\s]+)(\/brands\/\d+)/.exec(output), 240_000);
    const [, email, password] = await until("the demo owner's credentials", () => /sign in as (\S+) with the password (\S+)/.exec(output), 10_000);

    const login = await fetch(`${base}/login`, {
      method: "POST",
      headers: { Origin: base!, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: email!, password: password!, next: brandPath! }),
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    expect(cookie).not.toBe("");

    const health = (await (await fetch(`${base}/healthz`)).json()) as { sources: number };
    expect(health.sources).toBe(3);
    const html = await until(
      "an open incident on the overview",
      async () => {
        const page = await (await fetch(`${base}${brandPath}`, { headers: { cookie } })).text();
        return /data-status="open"/.test(page) ? page : null;
      },
      120_000,
    );
    expect(html).toContain("Surge of negative mentions");
  }, 400_000);
});
