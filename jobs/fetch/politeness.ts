import { abortableSleep } from "./retry";

/**
 * Resolves when this worker may send the next request to `host`. guardedFetch calls it before every
 * request it sends (robots.txt, each retry, each redirect hop), so an implementation shared between
 * workers (e.g. backed by the database) limits the whole deployment, not one process.
 */
export interface PolitenessGate {
  acquire(host: string, signal?: AbortSignal): Promise<void>;
}

export interface MemoryPolitenessOptions {
  /** Minimum gap between the starts of two requests to the same host. Default 1000 ms. */
  minIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Forget hosts idle for longer than the interval once this many are tracked. Default 10 000. */
  maxHosts?: number;
}

export const DEFAULT_POLITENESS_INTERVAL_MS = 1000;

/**
 * In-process gate: each host gets time slots `minIntervalMs` apart, handed out in call order, so
 * concurrent callers queue instead of all waking at once after the same sleep.
 */
export function createPolitenessGate(options: MemoryPolitenessOptions = {}): PolitenessGate {
  const interval = Math.max(0, options.minIntervalMs ?? DEFAULT_POLITENESS_INTERVAL_MS);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const maxHosts = options.maxHosts ?? 10_000;
  const nextSlot = new Map<string, number>();

  function prune(at: number): void {
    if (nextSlot.size <= maxHosts) return;
    for (const [host, slot] of nextSlot) if (slot <= at) nextSlot.delete(host);
  }

  return {
    async acquire(host, signal) {
      signal?.throwIfAborted();
      const key = host.toLowerCase();
      const at = now();
      const slot = Math.max(at, nextSlot.get(key) ?? 0);
      nextSlot.set(key, slot + interval);
      prune(at);
      if (slot > at) await sleep(slot - at, signal);
    },
  };
}

/** Shared by every guardedFetch call in this process that does not bring its own gate. */
export const defaultPolitenessGate: PolitenessGate = createPolitenessGate();
