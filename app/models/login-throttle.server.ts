import type { Db } from "~/db/client";
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from "./users.server";

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_MAX_FAILURES = 10;

const keysFor = (email: string, ip: string) => [`account:${email.trim().toLowerCase()}`, `ip:${ip}`];

/** Minutes until another attempt is allowed, or 0. Unknown accounts are throttled alike: no enumeration. */
export async function loginRetryAfterMinutes(db: Db, { email, ip, now }: { email: string; ip: string; now: Date }): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  let waitMs = 0;
  for (const key of keysFor(email, ip)) {
    const { count, oldest } = await countLoginFailures(db, key, since);
    if (count >= THROTTLE_MAX_FAILURES && oldest) {
      waitMs = Math.max(waitMs, oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime());
    }
  }
  return waitMs > 0 ? Math.ceil(waitMs / 60_000) : 0;
}

export async function noteLoginFailure(db: Db, { email, ip, now }: { email: string; ip: string; now: Date }) {
  await recordLoginFailure(db, keysFor(email, ip), now);
}

/** A successful sign-in forgives the account's failures (the address's count stays). */
export async function clearAccountFailures(db: Db, { email, now }: { email: string; now: Date }) {
  await clearLoginFailures(db, keysFor(email, "")[0]!, new Date(now.getTime() + 1));
}
