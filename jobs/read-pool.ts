import { availableParallelism, totalmem } from "node:os";
import { Worker } from "node:worker_threads";
import { ExtractError, type ExtractOptions } from "~/core/extract";
import { readPage, type Judging, type ReadResult } from "~/core/read-page";
import type { ReadRequest } from "./read-thread";

/** Reads pages for collections: inline, or spread over threads so that one jobs process uses more cores. */
export interface ReadPool {
  /** `signal` gives up on the read; a thread busy with it is stopped, so a page that never ends costs one thread. */
  read(body: string, options: ExtractOptions, judging: Judging, signal?: AbortSignal): Promise<ReadResult>;
  close(): Promise<void>;
}

/** One core is left to the event loop (fetching, storing) and, on a small machine, to the database. */
export function defaultReadThreads(): number {
  return Math.min(8, Math.max(0, availableParallelism() - 1));
}

export const inlineReader: ReadPool = {
  read: async (body, options, judging) => readPage(body, options, judging),
  close: async () => {},
};

interface Pending {
  request: Omit<ReadRequest, "id">;
  resolve: (r: ReadResult) => void;
  reject: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  /** In the order sent: a thread answers one at a time, so the first is the one it is reading. */
  pending: Map<number, Pending>;
}

/**
 * A pool of `threads` reading threads, started on first use. A thread that dies (a page that would take
 * more than `memoryMb` to read, say) fails the one read it was busy with; the reads queued behind it go to a
 * new thread. The default memory keeps all threads together within a quarter of the machine's. `threads` 0
 * reads inline. The owner closes the pool: a live thread keeps the process running.
 */
export function createReadPool(threads: number, { memoryMb }: { memoryMb?: number } = {}): ReadPool {
  if (threads <= 0) return inlineReader;
  const limitMb = memoryMb ?? Math.max(256, Math.min(1024, Math.floor(totalmem() / 1048576 / 4 / threads)));
  const live: Thread[] = [];
  let nextId = 1;
  let closed = false;

  const start = (): Thread => {
    const worker = new Worker(new URL("./read-thread-boot.mjs", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: limitMb } });
    const thread: Thread = { worker, pending: new Map() };
    worker.on("message", (msg: { id: number; result?: ReadResult; error?: { name: string; message: string } }) => {
      const p = thread.pending.get(msg.id);
      if (!p) return;
      thread.pending.delete(msg.id);
      if (msg.error) p.reject(msg.error.name === "ExtractError" ? new ExtractError(msg.error.message) : new Error(msg.error.message));
      else p.resolve(msg.result!);
    });
    let gone = false;
    const fail = (why: string) => {
      if (gone) return;
      gone = true;
      const waiting = retire(thread);
      waiting.shift()?.reject(new Error(`expected the reading thread to answer, but it ${why}`));
      for (const p of waiting) {
        if (closed) p.reject(new Error("expected an open reading pool, but it was closed"));
        else send(p);
      }
    };
    worker.on("error", (error) => fail(`failed: ${error.message}`));
    worker.on("messageerror", (error) => {
      fail(`sent an answer that could not be read: ${error.message}`);
      void worker.terminate();
    });
    worker.on("exit", (code) => fail(`exited with code ${code}`));
    live.push(thread);
    return thread;
  };

  /** Takes a thread out of the pool and hands back what it had been given, in the order given. */
  const retire = (thread: Thread): Pending[] => {
    const at = live.indexOf(thread);
    if (at >= 0) live.splice(at, 1);
    const waiting = [...thread.pending.values()];
    thread.pending.clear();
    return waiting;
  };

  const send = (p: Pending): void => {
    // The least busy thread, or a new one while there are fewer than allowed.
    let thread = live.reduce<Thread | null>((best, t) => (!best || t.pending.size < best.pending.size ? t : best), null);
    if (!thread || (thread.pending.size > 0 && live.length < threads)) thread = start();
    const id = nextId++;
    thread.pending.set(id, p);
    try {
      thread.worker.postMessage({ id, ...p.request } satisfies ReadRequest);
    } catch (error) {
      thread.pending.delete(id);
      p.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  /** Gives up on one read: a thread busy with it is stopped (and replaced), one that has not begun it forgets it. */
  const abandon = (p: Pending, reason: unknown) => {
    for (const thread of live) {
      const ids = [...thread.pending.keys()];
      const id = ids.find((k) => thread.pending.get(k) === p);
      if (id === undefined) continue;
      thread.pending.delete(id);
      if (id === ids[0]) {
        // It is reading this one: only stopping the thread stops the read.
        const rest = retire(thread);
        void thread.worker.terminate();
        for (const q of rest) send(q);
      }
      break;
    }
    p.reject(reason instanceof Error ? reason : new Error(String(reason)));
  };

  return {
    read(body, options, judging, signal) {
      if (closed) return Promise.reject(new Error("expected an open reading pool, but it was closed"));
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<ReadResult>((resolve, reject) => {
        const onAbort = () => abandon(p, signal!.reason);
        const p: Pending = {
          request: { body, options, judging },
          resolve: (r) => {
            signal?.removeEventListener("abort", onAbort);
            resolve(r);
          },
          reject: (e) => {
            signal?.removeEventListener("abort", onAbort);
            reject(e);
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        send(p);
      });
    },
    async close() {
      closed = true;
      await Promise.all(live.splice(0).map((t) => t.worker.terminate()));
    },
  };
}
