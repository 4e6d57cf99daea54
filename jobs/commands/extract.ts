import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ExtractError, extractMentions, parseSelectorSpec, type ExtractKind, type SelectorSpec } from "~/core/extract";
import type { Command, CommandIO } from "./types";

const USAGE =
  "earshot extract <file|url|-> [--base-url URL] [--kind auto|feed|schema|selectors] [--selectors JSON|@file.json]";
const KINDS = ["auto", "feed", "schema", "selectors"] as const;

/** A problem with the command line itself: reported with the usage line, exit code 2. */
class UsageProblem extends Error {}

async function readStdin(io: CommandIO): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parse(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        "base-url": { type: "string" },
        kind: { type: "string" },
        selectors: { type: "string" },
      },
    });
  } catch (error) {
    // node's messages name the flag ("Unknown option '--x'"); keep them, add what is accepted.
    throw new UsageProblem(`${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}; expected --base-url, --kind or --selectors`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageProblem(`expected one file, URL or "-" (stdin), got ${positionals.length === 0 ? "none" : `${positionals.length}: ${positionals.join(" ")}`}`);
  }
  const kind = values.kind ?? "auto";
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new UsageProblem(`--kind: expected one of ${KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
  }
  const baseUrl = values["base-url"];
  if (baseUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(baseUrl);
      ok = u.protocol === "http:" || u.protocol === "https:";
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageProblem(`--base-url: expected an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  return { target: positionals[0], kind: kind as "auto" | ExtractKind, baseUrl, selectors: values.selectors };
}

async function loadSelectors(raw: string | undefined): Promise<SelectorSpec | undefined> {
  if (raw === undefined) return undefined;
  let json = raw;
  if (raw.startsWith("@")) {
    try {
      json = await readFile(raw.slice(1), "utf8");
    } catch (error) {
      throw new UsageProblem(`--selectors: expected a readable JSON file after "@", got ${JSON.stringify(raw.slice(1))} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  try {
    return parseSelectorSpec(json);
  } catch (error) {
    throw new UsageProblem(`--selectors: ${(error as Error).message.replace(/^selectors: /, "")}`);
  }
}

export const command: Command = {
  summary: "print the mentions found in a feed or review page (file, URL or stdin) as JSON",
  usage: USAGE,
  async run(args, io) {
    let options;
    let selectors: SelectorSpec | undefined;
    try {
      options = parse(args);
      selectors = await loadSelectors(options.selectors);
      if (options.kind === "selectors" && !selectors) throw new UsageProblem('--kind selectors: expected --selectors with a spec such as {"item": ".review"}, got none');
    } catch (error) {
      if (!(error instanceof UsageProblem)) throw error;
      io.stderr.write(`earshot extract: ${error.message}\nusage: ${USAGE}\n`);
      return 2;
    }

    const { target, kind } = options;
    let body: Buffer;
    let contentType: string | undefined;
    let baseUrl = options.baseUrl;
    if (/^https?:\/\//i.test(target)) {
      // Loaded only here, so reading files never needs the network stack.
      const { guardedFetch } = await import("../fetch/guarded-fetch");
      const { getEnv } = await import("~/env.server");
      let res;
      try {
        // The deployment's allowlist, as a collection would use it: debugging a source sees what it sees.
        res = await guardedFetch(target, { allowHosts: getEnv().FETCH_ALLOWLIST });
      } catch (error) {
        io.stderr.write(`earshot extract: could not fetch ${target}: ${(error as Error).message}\n`);
        return 1;
      }
      if (res.status >= 400) {
        io.stderr.write(`earshot extract: expected a 2xx response from ${target}, got HTTP ${res.status}\n`);
        return 1;
      }
      body = res.body;
      contentType = res.headers["content-type"];
      baseUrl ??= res.url;
    } else {
      try {
        body = target === "-" ? await readStdin(io) : await readFile(target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
        io.stderr.write(`earshot extract: expected a readable file, got ${JSON.stringify(target)} (${why})\nusage: ${USAGE}\n`);
        return 2;
      }
      if (/\.json$/i.test(target)) contentType = "application/json";
    }

    try {
      const result = extractMentions(body, { baseUrl, kind, selectors, contentType });
      io.stdout.write(`${JSON.stringify(result.mentions, null, 2)}\n`);
      if (result.nextUrl) io.stderr.write(`earshot extract: next page: ${result.nextUrl}\n`);
      return 0;
    } catch (error) {
      if (error instanceof ExtractError) {
        io.stderr.write(`earshot extract: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
