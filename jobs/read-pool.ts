import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ExtractError, type ExtractOptions } from "~/core/extract";
import { readPage, type Judging, type ReadResult } from "~/core/read-page";
import type { ReadRequest } from "./read-thread";

/** Reads pages for collections: inline, or spread over threads so that one jobs process uses more cores. */
export interface ReadPool {
  threads: number;
  read(body: string, options: ExtractOptions, judging: Judging): Promise<ReadResult>;
  close(): Promise<void>;
}

/** One core is left to the event loop (fetching, storing) and, on a small machine, to the database. */
export function defaultReadThreads(): number {
  return Math.min(8, Math.max(0, availableParallelism() - 1));
}

export const inlineReader: ReadPool = {
  threads: 0,
  read: async (body, options, judging) => readPage(body, options, judging),
  close: async () => {},
};

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: ReadResult) => void; reject: (e: Error) => void }>;
}

/**
 * A pool of `threads` reading threads, started on first use. A thread that dies (a page that would take
 * more than `memoryMb` to read, say) fails only the reads it had, and the next read starts a new one.
 * `threads` 0 reads inline.
 */
export function createReadPool(threads: number, { memoryMb = 1024 }: { memoryMb?: number } = {}): ReadPool {
  if (threads <= 0) return inlineReader;
  const live: Thread[] = [];
  let nextId = 1;
  let closed = false;

  const start = (): Thread => {
    const worker = new Worker(new URL("./read-thread-boot.mjs", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    const thread: Thread = { worker, pending: new Map() };
    // An idle pool must not keep a finished CLI command alive; pending reads keep their callers waiting.
    worker.unref();
    worker.on("message", (msg: { id: number; result?: ReadResult; error?: { name: string; message: string } }) => {
      const p = thread.pending.get(msg.id);
      if (!p) return;
      thread.pending.delete(msg.id);
      if (msg.error) p.reject(msg.error.name === "ExtractError" ? new ExtractError(msg.error.message) : new Error(msg.error.message));
      else p.resolve(msg.result!);
    });
    const fail = (why: string) => {
      const at = live.indexOf(thread);
      if (at >= 0) live.splice(at, 1);
      for (const p of thread.pending.values()) p.reject(new Error(`expected the reading thread to answer, but it ${why}`));
      thread.pending.clear();
    };
    worker.on("error", (error) => fail(`failed: ${error.message}`));
    worker.on("exit", (code) => fail(`exited with code ${code}`));
    live.push(thread);
    return thread;
  };

  return {
    threads,
    read(body, options, judging) {
      if (closed) return Promise.reject(new Error("expected an open reading pool, but it was closed"));
      // The least busy thread, or a new one while there are fewer than allowed.
      let thread = live.reduce<Thread | null>((best, t) => (!best || t.pending.size < best.pending.size ? t : best), null);
      if (!thread || (thread.pending.size > 0 && live.length < threads)) thread = start();
      const id = nextId++;
      const chosen = thread;
      return new Promise<ReadResult>((resolve, reject) => {
        chosen.pending.set(id, { resolve, reject });
        chosen.worker.postMessage({ id, body, options, judging } satisfies ReadRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(live.splice(0).map((t) => t.worker.terminate()));
    },
  };
}
