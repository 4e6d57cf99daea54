import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "./commands/cli-db";
import type { Command, CommandIO } from "./commands/types";

const commandsDir = fileURLToPath(new URL("./commands/", import.meta.url));

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "types.ts" && f !== "cli-db.ts")
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<Command | null> {
  if (!/^[a-z][a-z-]*$/.test(name) || !commandNames().includes(name)) return null;
  const mod = (await import(`./commands/${name}.ts`)) as { command: Command };
  return mod.command;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write("usage: earshot <command> [args]\n\ncommands:\n");
    for (const n of commandNames()) {
      const c = await loadCommand(n);
      if (c) io.stdout.write(`  ${n.padEnd(10)} ${c.summary}\n`);
    }
    return name ? 0 : 2;
  }
  const command = await loadCommand(name);
  if (!command) {
    io.stderr.write(`earshot: unknown command "${name}"; expected one of: ${commandNames().join(", ")}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // Bad arguments are the caller's to fix: say what was wrong and how the command is used.
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      io.stderr.write(`earshot ${name}: ${error.message}
usage: ${command.usage}
`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`earshot: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
