import robotsParser from "robots-parser";

export interface RobotsCacheEntry {
  /** robots.txt text for a 2xx answer, otherwise null. */
  body: string | null;
  /** Final HTTP status; 0 when no usable answer came (network error, timeout, refused redirect). */
  status: number;
  fetchedAt: number;
  /** Why there was no usable answer, for the refusal message. Optional so simple stores may drop it. */
  error?: string;
}

/** Keyed by origin ("https://example.com" or "http://host:8080"): robots.txt scope is scheme + host + port. */
export interface RobotsCache {
  get(origin: string): Promise<RobotsCacheEntry | null>;
  set(origin: string, entry: RobotsCacheEntry): Promise<void>;
}

/** RFC 9309 §2.4: a cached robots.txt should not be used for more than 24 hours. */
export const ROBOTS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/**
 * An unreachable robots.txt means "disallow everything"; remembering that for a whole day would stop
 * collection for a day after a brief outage, so failures are retried after a short while.
 */
export const ROBOTS_FAILURE_MAX_AGE_MS = 10 * 60 * 1000;
/** RFC 9309 §2.5 asks crawlers to parse at least 500 KiB; anything past this is ignored. */
export const ROBOTS_MAX_BYTES = 512 * 1024;
/** RFC 9309 §2.3.1.2: follow at least five consecutive redirects. */
export const ROBOTS_MAX_REDIRECTS = 5;

export function isUnreachable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

export function robotsEntryIsFresh(entry: RobotsCacheEntry, now: number = Date.now()): boolean {
  const age = now - entry.fetchedAt;
  const maxAge = isUnreachable(entry.status) ? ROBOTS_FAILURE_MAX_AGE_MS : ROBOTS_MAX_AGE_MS;
  return age >= 0 && age < maxAge;
}

export interface MemoryRobotsCacheOptions {
  maxEntries?: number;
  now?: () => number;
}

export function createMemoryRobotsCache(options: MemoryRobotsCacheOptions = {}): RobotsCache {
  const maxEntries = options.maxEntries ?? 5_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, RobotsCacheEntry>();
  return {
    async get(origin) {
      const entry = entries.get(origin);
      if (!entry) return null;
      if (now() - entry.fetchedAt >= ROBOTS_MAX_AGE_MS) {
        entries.delete(origin);
        return null;
      }
      return entry;
    },
    async set(origin, entry) {
      // Re-inserting moves the origin to the end, so the first key is always the stalest one.
      entries.delete(origin);
      entries.set(origin, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
  };
}

/** Shared by every guardedFetch call in this process that does not bring its own cache. */
export const defaultRobotsCache: RobotsCache = createMemoryRobotsCache();

/** "EarshotBot/0.1 (+https://…)" → "EarshotBot": robots.txt groups name the product token only. */
export function userAgentToken(userAgent: string): string {
  const token = /^[A-Za-z0-9_-]+/.exec(userAgent.trim());
  return token?.[0] ?? "*";
}

export type RobotsVerdict = { allowed: true } | { allowed: false; why: string };

/**
 * RFC 9309 §2.3.1: 2xx → obey the rules; 3xx left unresolved after the redirect limit and 4xx →
 * "unavailable", crawl freely; 5xx, 429 or no answer → "unreachable", assume everything is disallowed.
 */
export function robotsVerdict(entry: RobotsCacheEntry, pageUrl: string, userAgent: string): RobotsVerdict {
  const robotsUrl = new URL("/robots.txt", pageUrl).href;
  const token = userAgentToken(userAgent);
  if (isUnreachable(entry.status)) {
    const what = entry.status === 0 ? (entry.error ?? "no answer") : `status ${entry.status}`;
    return {
      allowed: false,
      why: `expected ${robotsUrl} to be readable before fetching ${pageUrl}, got ${what}; an unreachable robots.txt disallows the whole site`,
    };
  }
  if (entry.status < 200 || entry.status >= 300 || entry.body === null) return { allowed: true };
  const rules = robotsParser(robotsUrl, entry.body);
  if (rules.isAllowed(pageUrl, token) === false) {
    const line = rules.getMatchingLineNumber(pageUrl, token);
    return {
      allowed: false,
      why: `${robotsUrl} disallows ${pageUrl} for ${token}${line > 0 ? ` (line ${line})` : ""}`,
    };
  }
  return { allowed: true };
}
