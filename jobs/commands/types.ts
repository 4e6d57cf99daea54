import type { Readable, Writable } from "node:stream";

export interface CommandIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** One `earshot <name>` sub-command: parses its own args, returns the process exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CommandIO): Promise<number>;
}
