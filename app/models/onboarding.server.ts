import type { Db } from "~/db/client";
import { brands, sources, type SourceKind } from "~/db/schema";

/** Brand and its first source together, or neither: onboarding never leaves half a setup behind. */
export async function createBrandWithSource(
  db: Db,
  input: {
    brand: { name: string; query: string };
    source: { kind: SourceKind; url: string; options?: Record<string, unknown>; intervalSeconds?: number };
  },
) {
  return db.transaction(async (tx) => {
    const [brand] = await tx.insert(brands).values(input.brand).returning();
    const [source] = await tx.insert(sources).values({ ...input.source, brandId: brand!.id }).returning();
    return { brand: brand!, source: source! };
  });
}
