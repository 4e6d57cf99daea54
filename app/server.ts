import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express from "express";
import { schedulerOptionsFromEnv, startScheduler } from "../jobs/scheduler";
import type { AppContext } from "./context";
import { openAppDatabase } from "./db/open.server";
import { getEnv } from "./env.server";
import { createMailer } from "./mail.server";
import { resolveSessionSecret } from "./secrets.server";
import { knownHostsOnly, sameOriginWrites, securityHeaders } from "./security.server";

const root = fileURLToPath(new URL("..", import.meta.url));
const buildEntry = path.join(root, "build/server/index.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.includes(".test.")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildFresh(): boolean {
  const sourcesChanged = Math.max(
    newestMtime(path.join(root, "app")),
    statSync(path.join(root, "remix.config.js")).mtimeMs,
    statSync(path.join(root, "vite.config.ts")).mtimeMs,
  );
  return existsSync(buildEntry) && statSync(buildEntry).mtimeMs >= sourcesChanged;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * `npm start` on a fresh clone (or after a pull) builds first, so the README needs no separate build step.
 * Two processes starting at once (web and jobs, or parallel tests) would otherwise build into the same folder
 * and one would serve half-written assets, so the build is taken under a lock and the freshness re-checked.
 */
async function ensureBuilt() {
  if (isBuildFresh()) return;
  const lockDir = path.join(root, ".cache", "build.lock");
  mkdirSync(path.dirname(lockDir), { recursive: true });
  let waitingSince = 0;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSafe(path.join(lockDir, "pid")));
      const age = Date.now() - (statSafe(lockDir) ?? Date.now());
      // A builder that died leaves its lock behind (a restarted container may even have its pid); a lock
      // without a pid is still being written, unless it has been so for long. Moved aside in one step, so
      // of two processes that both find it stale, only one takes it away.
      const stale = holder ? holder === process.pid || !processAlive(holder) : age > 30_000;
      if (stale) {
        const aside = `${lockDir}.stale-${process.pid}`;
        try {
          renameSync(lockDir, aside);
          // Moved someone's fresh lock instead (the stale one was replaced meanwhile): put it back.
          if (Number(readFileSafe(path.join(aside, "pid"))) !== holder) renameSync(aside, lockDir);
          else rmSync(aside, { recursive: true, force: true });
        } catch {
          // Another process moved it first.
        }
        continue;
      }
      if (!waitingSince) {
        waitingSince = Date.now();
        console.log(`earshot: waiting for the dashboard build of process ${holder || "(starting)"}…`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isBuildFresh()) return;
    console.log("earshot: building the dashboard (first start or changed sources)…");
    const result = spawnSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
      cwd: root,
      stdio: "inherit",
    });
    if (result.status !== 0) throw new Error(`the dashboard build failed (exit ${result.status}); see the output above`);
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function statSafe(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export async function startServer({ withJobs }: { withJobs: boolean }) {
  const env = getEnv();
  const dev = env.NODE_ENV === "development";
  if (!dev) await ensureBuilt();
  const database = await openAppDatabase(env, withJobs ? "web+jobs" : "web");
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  const baseContext: Omit<AppContext, "cspNonce" | "clientIp"> = {
    db: database.db,
    dbKind: database.kind,
    fetchAllowlist: env.FETCH_ALLOWLIST,
    sessionSecret: resolveSessionSecret(env),
    secureCookies: publicOrigin?.startsWith("https:") ?? false,
    publicOrigin,
    mailer: env.SMTP_URL ? createMailer(env.SMTP_URL, env.MAIL_FROM) : null,
  };

  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy every request comes from the proxy: without this, one person's failed sign-ins would
  // throttle everyone.
  if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
  app.use(securityHeaders({ dev }));
  app.use(knownHostsOnly({ publicOrigin, allowedHosts: env.ALLOWED_HOSTS }));
  app.use(sameOriginWrites({ publicOrigin }));
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ root, server: { middlewareMode: true } });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
    build = (await import(buildEntry)) as ServerBuild;
  }
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res): AppLoadContext => ({
        ...baseContext,
        cspNonce: String(res.locals.cspNonce ?? ""),
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );

  // Listening first: a port that is taken must fail before any job starts, and leave the database closed
  // (the embedded one is locked while open).
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s));
    s.once("error", reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await database.close();
    throw error.code === "EADDRINUSE"
      ? new Error(`expected port ${env.PORT} on ${env.HOST} to be free, but another program is listening there; set PORT to another port (0 picks a free one)`)
      : error;
  });
  const scheduler = withJobs
    ? startScheduler(schedulerOptionsFromEnv(database.db, env))
    : null;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`earshot: dashboard on http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port} (${database.kind}${withJobs ? ", with scheduled jobs" : ""})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A browser tab keeps an idle keep-alive connection open, and close() waits for every connection: idle
    // ones are closed now, busy ones get a few seconds to finish their response.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 5000);
    await scheduler?.stop();
    await closed;
    clearTimeout(force);
    await database.close();
  };
  return { server, port, stop, database, scheduler };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  startServer({ withJobs: process.argv.includes("--with-jobs") }).then(
    ({ stop }) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
          console.log(`earshot: ${signal}, stopping…`);
          stop().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
        });
      }
    },
    (error: unknown) => {
      console.error(`earshot: could not start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
