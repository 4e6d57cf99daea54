/**
 * The body of a reading thread (see read-pool.ts): reads pages as asked, one message at a time, and
 * answers each with its result or the error it threw.
 */
import { parentPort } from "node:worker_threads";
import type { ExtractOptions } from "~/core/extract";
import { readPage, type Judging } from "~/core/read-page";

export interface ReadRequest {
  id: number;
  body: string;
  options: ExtractOptions;
  judging: Judging;
}

parentPort?.on("message", ({ id, body, options, judging }: ReadRequest) => {
  try {
    parentPort!.postMessage({ id, result: readPage(body, options, judging) });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message } });
  }
});
