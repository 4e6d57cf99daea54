import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { collectionRuns } from "~/db/schema";

export type CollectionRun = typeof collectionRuns.$inferSelect;

/**
 * Starts a run row. Called under the source's lease, so any run of it still "running" belongs to a worker
 * that died (its lease ran out): that run is closed as an error, instead of looking busy forever.
 */
export async function startRun(db: Db, { sourceId, now }: { sourceId: number; now: Date }): Promise<CollectionRun> {
  return db.transaction(async (tx) => {
    await tx
      .update(collectionRuns)
      .set({
        status: "error",
        finishedAt: now,
        error: "expected this run to finish, but the worker collecting it stopped first (its lease ran out); the next run started afresh",
      })
      .where(and(eq(collectionRuns.sourceId, sourceId), eq(collectionRuns.status, "running")));
    const [row] = await tx.insert(collectionRuns).values({ sourceId, startedAt: now, status: "running" }).returning();
    return row!;
  });
}

export async function finishRun(
  db: Db,
  id: number,
  outcome: Pick<CollectionRun, "status" | "itemsSeen" | "itemsNew" | "itemsUpdated" | "itemsRejected" | "error"> & {
    finishedAt: Date;
  },
): Promise<CollectionRun> {
  const [row] = await db
    .update(collectionRuns)
    .set({
      ...outcome,
      durationMs: sql<number>`greatest(0, (extract(epoch from ${outcome.finishedAt.toISOString()}::timestamptz - ${collectionRuns.startedAt}) * 1000)::int)`,
    })
    .where(eq(collectionRuns.id, id))
    .returning();
  return row!;
}

export async function listRuns(db: Db, { sourceId, limit = 20 }: { sourceId: number; limit?: number }) {
  return db
    .select()
    .from(collectionRuns)
    .where(eq(collectionRuns.sourceId, sourceId))
    .orderBy(desc(collectionRuns.startedAt))
    .limit(limit);
}

export async function getLastCollectionAt(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${collectionRuns.finishedAt})` })
    .from(collectionRuns);
  return row?.at ? new Date(row.at) : null;
}
