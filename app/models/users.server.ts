import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { and, asc, desc, eq, gt, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { TimeCursor } from "~/core/cursor";
import type { Db } from "~/db/client";
import { olderThan } from "./keyset.server";
import { auditLog, loginFailures, oneTimeTokens, sessions, userBrands, users, type Role } from "~/db/schema";

export type User = typeof users.$inferSelect;
export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "allBrands"> & { brandIds: number[] };

// OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const SESSION_IDLE_MS = 3 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
export const INVITE_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 60 * 60_000;

/**
 * Owners manage users and the whole deployment, so an owner limited to some brands could undo the limit:
 * owners always see every brand, and only the other roles can be scoped.
 */
export function scopeFor(role: Role, brandIds: number[] | null | undefined): number[] | null {
  return role === "owner" || !brandIds?.length ? null : brandIds;
}

export const newToken = () => randomBytes(32).toString("base64url");
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const hashPassword = (password: string) => hash(password, ARGON2);

// Verifying against a real hash for unknown accounts makes "no such user" take as long as "wrong password".
let dummyHash: Promise<string> | null = null;

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row;
}

export async function listUsers(db: Db) {
  const rows = await db.select().from(users).orderBy(asc(users.id));
  const scopes = await db.select().from(userBrands);
  return rows.map(({ passwordHash: _, ...u }) => ({
    ...u,
    brandIds: scopes.filter((s) => s.userId === u.id).map((s) => s.brandId),
  }));
}

export async function createUser(
  db: Db,
  input: { email: string; password: string; name?: string | null; role: Role; brandIds?: number[] | null },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const brandIds = scopeFor(input.role, input.brandIds);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name ?? null, passwordHash, role: input.role, allBrands: !brandIds })
      .returning();
    if (brandIds?.length) {
      await tx.insert(userBrands).values(brandIds.map((brandId) => ({ userId: user!.id, brandId })));
    }
    return user!;
  });
}

export async function verifyLogin(db: Db, { email, password }: { email: string; password: string }): Promise<User | null> {
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt) {
    dummyHash ??= hashPassword(newToken());
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  return (await verify(user.passwordHash, password).catch(() => false)) ? user : null;
}

export async function createSession(db: Db, { userId, userAgent, now }: { userId: number; userAgent: string | null; now: Date }) {
  const token = newToken();
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    userAgent: userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  });
  return token;
}

/** The user behind a session token, or null when the session is unknown, idle too long, or past its end. */
export async function getSessionUser(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const id = hashToken(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const idleFor = now.getTime() - row.session.lastSeenAt.getTime();
  if (row.session.expiresAt <= now || idleFor > SESSION_IDLE_MS || row.user.disabledAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  // Sliding the idle window costs a write; once a minute is precise enough.
  if (idleFor > 60_000) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  const brandIds = row.user.allBrands
    ? []
    : (await db.select({ brandId: userBrands.brandId }).from(userBrands).where(eq(userBrands.userId, row.user.id))).map((r) => r.brandId);
  const { id: userId, email, name, role, allBrands } = row.user;
  return { id: userId, email, name, role, allBrands, brandIds };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function recordLoginFailure(db: Db, keys: string[], now: Date): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ key, at: now })));
}

export async function countLoginFailures(db: Db, key: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${loginFailures.at})` })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)));
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

export async function clearLoginFailures(db: Db, key: string, before: Date): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.key, key), lt(loginFailures.at, before)));
}

export async function createOneTimeToken(
  db: Db,
  input: {
    purpose: "invite" | "reset";
    email: string;
    role?: Role | null;
    brandIds?: number[] | null;
    userId?: number | null;
    createdBy?: number | null;
    now: Date;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(input.now.getTime() + (input.purpose === "invite" ? INVITE_TTL_MS : RESET_TTL_MS));
  await db.insert(oneTimeTokens).values({
    tokenHash: hashToken(token),
    purpose: input.purpose,
    email: input.email,
    role: input.role ?? null,
    brandIds: input.brandIds ?? null,
    userId: input.userId ?? null,
    createdBy: input.createdBy ?? null,
    createdAt: input.now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** A usable (unused, unexpired) one-time token of the given purpose, without using it up. */
/** Invitations sent and not yet used or expired: who, as what, until when (never the token itself). */
export async function listPendingInvites(db: Db, { now }: { now: Date }) {
  return db
    .select({ email: oneTimeTokens.email, role: oneTimeTokens.role, expiresAt: oneTimeTokens.expiresAt })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.purpose, "invite"), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
    .orderBy(asc(oneTimeTokens.expiresAt));
}

export async function findOneTimeToken(db: Db, token: string, purpose: "invite" | "reset", now: Date) {
  const [row] = await db
    .select()
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.tokenHash, hashToken(token)), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)));
  return row ?? null;
}

/**
 * Uses a one-time token up atomically: of two concurrent submissions only one gets the row back, so a
 * link works exactly once.
 */
async function consumeToken(tx: Db, token: string, purpose: "invite" | "reset", now: Date) {
  const [row] = await tx
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(and(eq(oneTimeTokens.tokenHash, hashToken(token)), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
    .returning();
  return row ?? null;
}

export async function acceptInvite(
  db: Db,
  { token, password, name, now }: { token: string; password: string; name: string | null; now: Date },
): Promise<User | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const invite = await consumeToken(tx as unknown as Db, token, "invite", now);
    if (!invite) return null;
    const role = invite.role ?? "viewer";
    const brandIds = scopeFor(role, invite.brandIds);
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${invite.email})`);
    if (existing) return null;
    const [user] = await tx
      .insert(users)
      .values({ email: invite.email, name, passwordHash, role, allBrands: !brandIds })
      .returning();
    if (brandIds?.length) {
      await tx.insert(userBrands).values(brandIds.map((brandId) => ({ userId: user!.id, brandId })));
    }
    await tx.insert(auditLog).values({ userId: user!.id, action: "user.join", entity: "user", entityId: String(user!.id), after: { email: invite.email, role: invite.role }, at: now });
    return user!;
  });
}

export async function resetPassword(db: Db, { token, password, now }: { token: string; password: string; now: Date }) {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const reset = await consumeToken(tx as unknown as Db, token, "reset", now);
    if (!reset?.userId) return null;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId));
    // A reset ends every session: whoever knew the old password is logged out too.
    await tx.delete(sessions).where(eq(sessions.userId, reset.userId));
    return reset.userId;
  });
}

/**
 * A signed-in person's new password, given the current one. Every other session ends (whoever else knew the
 * old password is out); the one making the change stays signed in. False when the current one is wrong.
 */
export async function changePassword(
  db: Db,
  { userId, email, current, password, keepSessionToken, now }: { userId: number; email: string; current: string; password: string; keepSessionToken: string | null; now: Date },
): Promise<boolean> {
  const user = await verifyLogin(db, { email, password: current });
  if (!user || user.id !== userId) return false;
  const passwordHash = await hashPassword(password);
  const keep = keepSessionToken ? hashToken(keepSessionToken) : "";
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), sql`${sessions.id} <> ${keep}`));
    // A reset link asked for earlier would otherwise still undo the change.
    await tx.update(oneTimeTokens).set({ usedAt: now }).where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, "reset"), isNull(oneTimeTokens.usedAt)));
    await tx.insert(auditLog).values({ userId, action: "user.password-change", entity: "user", entityId: String(userId), at: now });
  });
  return true;
}

export async function updateUserAccess(
  db: Db,
  { userId, role, brandIds, disabled, actorId, now }: { userId: number; role: Role; brandIds: number[] | null; disabled: boolean; actorId: number; now: Date },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId));
    if (!before) return null;
    const scope = scopeFor(role, brandIds);
    await tx
      .update(users)
      .set({ role, allBrands: !scope, disabledAt: disabled ? (before.disabledAt ?? now) : null })
      .where(eq(users.id, userId));
    await tx.delete(userBrands).where(eq(userBrands.userId, userId));
    if (scope?.length) await tx.insert(userBrands).values(scope.map((brandId) => ({ userId, brandId })));
    if (disabled || role !== before.role || !!scope !== !before.allBrands) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.insert(auditLog).values({
      userId: actorId,
      action: "user.update",
      entity: "user",
      entityId: String(userId),
      before: { role: before.role, allBrands: before.allBrands, disabled: !!before.disabledAt },
      after: { role, brandIds, disabled },
      at: now,
    });
    return userId;
  });
}

export async function recordAudit(
  db: Db,
  entry: { userId: number | null; action: string; entity: string; entityId?: string | number | null; before?: unknown; after?: unknown; now: Date },
) {
  await db.insert(auditLog).values({
    userId: entry.userId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: entry.now,
  });
}

/** Newest first, keyset-paginated on (at, id) like the mentions, so a page stays put while changes arrive. */
export async function listAuditLog(db: Db, { cursor, limit = 50 }: { cursor?: TimeCursor | null; limit?: number } = {}) {
  return db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after, userEmail: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(olderThan(auditLog.at, auditLog.id, cursor))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

/**
 * Forgets what can no longer be used: expired or idle sessions, one-time links a day after they expired or
 * were used (long enough to tell someone "this link was used"), sign-in failures older than any throttle
 * window. Run hourly by the jobs, so the tables stay the size of what is live.
 */
export async function purgeExpiredAccessRows(db: Db, { now }: { now: Date }) {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const gone = await db.transaction(async (tx) => ({
    sessions: (await tx.delete(sessions).where(or(lte(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince))).returning({ id: sessions.id })).length,
    links: (await tx.delete(oneTimeTokens).where(or(lt(oneTimeTokens.expiresAt, dayAgo), lt(oneTimeTokens.usedAt, dayAgo))).returning({ id: oneTimeTokens.tokenHash })).length,
    failures: (await tx.delete(loginFailures).where(lt(loginFailures.at, dayAgo)).returning({ id: loginFailures.id })).length,
  }));
  return gone;
}
