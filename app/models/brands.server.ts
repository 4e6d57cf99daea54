import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { auditLog, brands } from "~/db/schema";

export type Brand = typeof brands.$inferSelect;

export async function listBrands(db: Db): Promise<Brand[]> {
  return db.select().from(brands).orderBy(asc(brands.name));
}

export async function getBrand(db: Db, id: number): Promise<Brand | undefined> {
  const [row] = await db.select().from(brands).where(eq(brands.id, id));
  return row;
}

export async function findBrandByName(db: Db, name: string): Promise<Brand | undefined> {
  const [row] = await db.select().from(brands).where(sql`lower(${brands.name}) = lower(${name})`);
  return row;
}

export async function createBrand(db: Db, input: { name: string; query: string }): Promise<Brand> {
  const [row] = await db.insert(brands).values(input).returning();
  return row!;
}

export async function countBrands(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(brands);
  return row?.n ?? 0;
}

/** The brands a user may see: all of them, or the ones their access is limited to. */
export async function listBrandsForUser(db: Db, user: { allBrands: boolean; brandIds: number[] }): Promise<Brand[]> {
  if (user.allBrands) return listBrands(db);
  if (user.brandIds.length === 0) return [];
  return db.select().from(brands).where(inArray(brands.id, user.brandIds)).orderBy(asc(brands.name));
}

/** Changes a brand's query (and later settings) with the before/after in the audit log. */
export async function updateBrandQuery(db: Db, { brandId, query, actorId, now }: { brandId: number; query: string; actorId: number; now: Date }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(brands).where(eq(brands.id, brandId));
    if (!before) return null;
    const [after] = await tx.update(brands).set({ query }).where(eq(brands.id, brandId)).returning();
    await tx.insert(auditLog).values({ userId: actorId, action: "brand.update", entity: "brand", entityId: String(brandId), before: { query: before.query }, after: { query }, at: now });
    return after!;
  });
}

export async function updateBrandWords(db: Db, { brandId, words, actorId, now }: { brandId: number; words: Record<string, number>; actorId: number; now: Date }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(brands).where(eq(brands.id, brandId));
    if (!before) return null;
    const [after] = await tx.update(brands).set({ sentimentWords: words }).where(eq(brands.id, brandId)).returning();
    await tx.insert(auditLog).values({ userId: actorId, action: "brand.words", entity: "brand", entityId: String(brandId), before: before.sentimentWords, after: words, at: now });
    return after!;
  });
}
