import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface AppProcess {
  url: string;
  port: number;
  logs: string[];
  stop(): Promise<number | null>;
}

/**
 * Starts the real server (`npm start`'s entry) as a child process on a free port and waits until it says
 * where it listens. The first start in a fresh clone also builds the dashboard, which takes a while.
 */
export async function startAppProcess(env: Record<string, string>, { timeoutMs = 240_000, withJobs = true } = {}): Promise<AppProcess> {
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "app/server.ts", ...(withJobs ? ["--with-jobs"] : [])], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${logs.join("")}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      logs.push(text);
      const match = /dashboard on (http:\/\/[^\s]+)/.exec(logs.join(""));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${logs.join("")}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    logs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
      }),
  };
}
