import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { collectionRuns } from "~/db/schema";

export type CollectionRun = typeof collectionRuns.$inferSelect;

export async function startRun(db: Db, { sourceId, now }: { sourceId: number; now: Date }): Promise<CollectionRun> {
  const [row] = await db.insert(collectionRuns).values({ sourceId, startedAt: now, status: "running" }).returning();
  return row!;
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
