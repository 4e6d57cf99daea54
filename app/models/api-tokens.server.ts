import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client";
import { apiTokens, auditLog } from "~/db/schema";
import { hashToken } from "./users.server";

export type ApiToken = Omit<typeof apiTokens.$inferSelect, "tokenHash">;

/** A new token for a brand's ingest API. The clear token is returned once and only its hash is kept. */
export async function createApiToken(db: Db, { brandId, name, createdBy, now }: { brandId: number; name: string; createdBy: number | null; now: Date }) {
  const token = `esk_${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ brandId, name, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdBy, createdAt: now })
      .returning();
    await tx.insert(auditLog).values({ userId: createdBy, action: "api-token.create", entity: "api_token", entityId: String(row!.id), after: { brandId, name }, at: now });
    return { token, id: row!.id };
  });
}

export async function listApiTokens(db: Db, { brandId }: { brandId: number }): Promise<ApiToken[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.brandId, brandId)).orderBy(desc(apiTokens.createdAt));
  return rows.map(({ tokenHash: _, ...rest }) => rest);
}

export async function revokeApiToken(db: Db, { brandId, tokenId, actorId, now }: { brandId: number; tokenId: number; actorId: number; now: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.brandId, brandId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (row) await tx.insert(auditLog).values({ userId: actorId, action: "api-token.revoke", entity: "api_token", entityId: String(row.id), at: now });
    return Boolean(row);
  });
}

/** The brand a live token belongs to, or null; marks the token as used. */
export async function authenticateApiToken(db: Db, token: string, now: Date): Promise<{ brandId: number; tokenId: number } | null> {
  if (!token.startsWith("esk_")) return null;
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .returning({ brandId: apiTokens.brandId, tokenId: apiTokens.id });
  return row ?? null;
}
