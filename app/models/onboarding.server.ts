import { sql } from "drizzle-orm";
import type { Db } from "~/db/client";
import { auditLog, brands, sources, users, type SourceKind } from "~/db/schema";
import { hashPassword } from "./users.server";

interface BrandInput {
  brand: { name: string; query: string };
  source: { kind: SourceKind; url: string; options?: Record<string, unknown>; intervalSeconds?: number } | null;
}

/** Brand and its first source together, or neither: a form never leaves half a setup behind. */
export async function createBrandWithSource(db: Db, input: BrandInput & { actorId?: number | null }) {
  return db.transaction(async (tx) => {
    const [brand] = await tx.insert(brands).values(input.brand).returning();
    const [source] = input.source ? await tx.insert(sources).values({ ...input.source, brandId: brand!.id }).returning() : [null];
    await tx.insert(auditLog).values({
      userId: input.actorId ?? null,
      action: "brand.create",
      entity: "brand",
      entityId: String(brand!.id),
      after: { ...input.brand, source: input.source },
    });
    return { brand: brand!, source };
  });
}

export class SetupDoneError extends Error {}

/**
 * First run: the owner account, the first brand and its feed in one transaction. Refuses once any user
 * exists, so the onboarding page cannot be used to make a second owner.
 */
export async function completeFirstRun(
  db: Db,
  input: BrandInput & { owner: { email: string; password: string; name: string | null } },
) {
  const passwordHash = await hashPassword(input.owner.password);
  return db.transaction(async (tx) => {
    // Serialises two first-run submissions racing each other.
    await tx.execute(sql`LOCK TABLE users IN EXCLUSIVE MODE`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    if ((existing?.n ?? 0) > 0) throw new SetupDoneError("Earshot is set up already; sign in instead");
    const [owner] = await tx
      .insert(users)
      .values({ email: input.owner.email, name: input.owner.name, passwordHash, role: "owner", allBrands: true })
      .returning();
    const [brand] = await tx.insert(brands).values(input.brand).returning();
    const [source] = input.source ? await tx.insert(sources).values({ ...input.source, brandId: brand!.id }).returning() : [null];
    await tx.insert(auditLog).values([
      { userId: owner!.id, action: "user.create-owner", entity: "user", entityId: String(owner!.id), after: { email: input.owner.email } },
      { userId: owner!.id, action: "brand.create", entity: "brand", entityId: String(brand!.id), after: { ...input.brand, source: input.source } },
    ]);
    return { owner: owner!, brand: brand!, source };
  });
}
