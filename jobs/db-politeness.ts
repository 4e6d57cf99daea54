import { sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { hostVisits } from "~/db/schema";
import type { PolitenessGate } from "./fetch/guarded-fetch";
import { abortableSleep } from "./fetch/retry";

/**
 * Per-host spacing kept in the database, so the limit holds across every worker process: each request
 * atomically books the next free slot for its host and waits until that slot comes.
 */
export function createDbPoliteness(db: Db, { now, minIntervalMs = 1000 }: { now: () => Date; minIntervalMs?: number }): PolitenessGate {
  return {
    async acquire(host: string, signal?: AbortSignal) {
      const at = now();
      const [row] = await db
        .insert(hostVisits)
        .values({ host, nextAllowedAt: new Date(at.getTime() + minIntervalMs) })
        .onConflictDoUpdate({
          target: hostVisits.host,
          set: {
            nextAllowedAt: sql`greatest(${hostVisits.nextAllowedAt}, ${at.toISOString()}::timestamptz) + ${`${minIntervalMs} milliseconds`}::interval`,
          },
        })
        .returning({ nextAllowedAt: hostVisits.nextAllowedAt });
      const slot = row!.nextAllowedAt.getTime() - minIntervalMs;
      const wait = slot - at.getTime();
      await abortableSleep(wait, signal);
    },
  };
}
