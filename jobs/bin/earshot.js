#!/usr/bin/env node
// The package's `bin`: runs the TypeScript CLI through tsx so no separate compile step is needed.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const tsx = require.resolve("tsx/cli");
const cli = fileURLToPath(new URL("../cli.ts", import.meta.url));
// tsx looks for tsconfig.json (and so the "~" alias) in the working folder; the bin runs from anywhere.
const tsconfig = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));
const result = spawnSync(process.execPath, [tsx, "--tsconfig", tsconfig, cli, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
