import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { parseId } from "~/core/params";
import { getEnv } from "~/env.server";
import { claimDueSources, listSources } from "~/models/sources.server";
import { createDbPoliteness } from "../db-politeness";
import { guardedFetch } from "../fetch/guarded-fetch";
import { collectSource, DEFAULT_LEASE_MS } from "../pipeline";
import { UsageError, withCliDatabase, writeJson } from "./cli-db";
import type { Command } from "./types";

export const command: Command = {
  summary: "collect one source (or all) now and print the run row",
  usage: "earshot collect <sourceId> | earshot collect --all",
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { all: { type: "boolean" } }, allowPositionals: true });
    const id = positionals[0] ? parseId(positionals[0]) : null;
    if (!values.all && !id) throw new UsageError(`expected a source id or --all, got ${JSON.stringify(positionals[0] ?? "")}`);
    const env = getEnv();
    const workerId = `cli:${hostname()}:${process.pid}`;
    return withCliDatabase(async ({ db }) => {
      const now = () => new Date();
      const politeness = createDbPoliteness(db, { now });
      const ids = values.all ? (await listSources(db)).filter((s) => s.enabled).map((s) => s.id) : [id!];
      const collect = (source: Awaited<ReturnType<typeof claimDueSources>>[number]) =>
        collectSource(db, source, {
          now,
          workerId,
          leaseMs: DEFAULT_LEASE_MS,
          fetch: (url, options) => guardedFetch(url, { allowHosts: env.FETCH_ALLOWLIST, politeness, ...options }),
        });
      // "Now" means now: the lease still applies, so a running worker and this command never overlap. Each
      // source is claimed just before its own collection, as the scheduler does, so none waits under a lease.
      const runs = [];
      for (const sourceId of ids) {
        const [source] = await claimDueSources(db, { owner: workerId, now: now(), leaseMs: DEFAULT_LEASE_MS, limit: 1, ids: [sourceId] });
        if (source) runs.push(await collect(source));
        else if (!values.all) {
          const found = (await listSources(db)).find((s) => s.id === id);
          io.stderr.write(
            !found
              ? `earshot collect: expected an existing source id, got ${id}\n`
              : found.kind === "csv" || found.kind === "api"
                ? `earshot collect: source ${id} is a ${found.kind} source: its mentions are pushed in, there is nothing to fetch\n`
                : `earshot collect: source ${id} is being collected by another worker right now\n`,
          );
          return 2;
        }
      }
      writeJson(io.stdout, values.all ? runs : runs[0]);
      return runs.some((r) => r.status === "error" || r.status === "refused") ? 1 : 0;
    });
  },
};
