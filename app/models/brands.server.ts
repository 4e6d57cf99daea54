import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { brands } from "~/db/schema";

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
