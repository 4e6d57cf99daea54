import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { ACCEPT_ENCODING, BodyDecodingFailed, BodyTooLarge, readBody } from "./body";
import { decodeDocumentDetailed } from "~/core/extract/decode";
import { createGuardedConnector, systemLookup, type LookupFn } from "./connector";
import { FetchRefused, type FetchRefusedReason } from "./errors";
import { checkHostBeforeLookup, parseAllowList, type AllowList } from "./ip-policy";
import { defaultPolitenessGate, type PolitenessGate } from "./politeness";
import { abortableSleep, backoffDelay, parseRetryAfter } from "./retry";
import {
  ROBOTS_MAX_BYTES,
  ROBOTS_MAX_REDIRECTS,
  defaultRobotsCache,
  robotsEntryIsFresh,
  robotsVerdict,
  type RobotsCache,
  type RobotsCacheEntry,
} from "./robots";

export { FetchRefused, type FetchRefusedReason } from "./errors";
export type { PolitenessGate } from "./politeness";
export type { RobotsCache, RobotsCacheEntry } from "./robots";
export type { LookupFn } from "./connector";
export { createPolitenessGate, defaultPolitenessGate } from "./politeness";
export { createMemoryRobotsCache, defaultRobotsCache } from "./robots";

export interface GuardedFetchOptions {
  /** SSRF allowlist: hostnames ("localhost", "*.corp.example"), IPs ("127.0.0.1", "[::1]") or CIDR ranges. */
  allowHosts?: string[];
  /** Validators from an earlier fetch, sent back byte for byte as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  /** Extra request headers. Hop-by-hop and encoding headers are ours and cannot be overridden. */
  headers?: Record<string, string>;
  accept?: string;
  /** Deadline for one request: connecting, headers and the whole body. Default 20 s. */
  timeoutMs?: number;
  /** Deadline for DNS plus TCP/TLS connect. Default 5 s. */
  connectTimeoutMs?: number;
  /** Cap on body bytes, both off the wire and after decompression. Default 15 MiB. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Extra attempts after a 5xx, 429 or network error. Default 2. */
  retries?: number;
  /** Longest Retry-After we wait out; a longer one ends the call with reason "retry-after". Default 60 s. */
  maxRetryAfterMs?: number;
  respectRobots?: boolean;
  robotsCache?: RobotsCache;
  politeness?: PolitenessGate;
  userAgent?: string;
  signal?: AbortSignal;
  lookup?: LookupFn;
  sleep?: (ms: number) => Promise<void>;
}

export interface FetchResult {
  status: number;
  /** Final URL after redirects. */
  url: string;
  /** Every URL we were redirected to, in order; the last one equals `url`. Empty without redirects. */
  redirects: string[];
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  charset: string;
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
  durationMs: number;
}

export const DEFAULT_USER_AGENT = "EarshotBot/0.1 (+https://github.com/earshot/earshot)";
export const DEFAULT_ACCEPT =
  "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8";
export const DEFAULTS = {
  timeoutMs: 20_000,
  connectTimeoutMs: 5_000,
  maxBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  maxRetryAfterMs: 60_000,
} as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** How much of a 4xx/5xx page is kept for the collectors to recognise a bot-block challenge. */
const ERROR_BODY_BYTES = 64 * 1024;
// Headers undici or we manage; a caller setting them would break framing, decoding or the Host check.
const RESERVED_HEADERS = new Set([
  "host",
  "accept-encoding",
  "connection",
  "content-length",
  "transfer-encoding",
  "te",
  "upgrade",
  "keep-alive",
  "trailer",
  "expect",
]);
// Credentials meant for the first origin must not follow a redirect to another one.
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface Context {
  agent: Agent;
  allow: AllowList;
  politeness: PolitenessGate;
  robotsCache: RobotsCache;
  userAgent: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  retries: number;
  maxRetryAfterMs: number;
  signal: AbortSignal | undefined;
  sleep: (ms: number) => Promise<void>;
}

interface HopOptions {
  respectRobots: boolean;
  maxRedirects: number;
  maxBytes: number;
  truncate: boolean;
  headers: Record<string, string>;
}

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface FollowResult extends Exchange {
  url: string;
  redirects: string[];
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || (!allowZero && value === 0)) {
    throw new TypeError(`expected guardedFetch option ${name} to be a ${allowZero ? "non-negative" : "positive"} number, got ${String(value)}`);
  }
  return value;
}

function assertHeaderValue(name: string, value: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new TypeError(`expected header ${name} without CR, LF or NUL characters, got ${JSON.stringify(value)}`);
  }
}

/** Parses and screens a URL before anything is sent: scheme first, then literal IPs and blocked names. */
function screenUrl(raw: string, allow: AllowList, context: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused("scheme", String(raw), `expected an absolute http or https URL${context}, got ${JSON.stringify(String(raw))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchRefused("scheme", url.href, `expected an http or https URL${context}, got ${url.protocol} in ${url.href}`);
  }
  const verdict = checkHostBeforeLookup(url.hostname, allow);
  if (!verdict.ok) {
    throw new FetchRefused(
      "ssrf",
      url.href,
      `expected ${url.origin}${context} to be a public address, got ${verdict.why}; add it to FETCH_ALLOWLIST to permit it`,
    );
  }
  return url;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof (err as { code: unknown }).code === "string") {
    return (err as { code: string }).code;
  }
  return "";
}

function describeError(err: unknown): string {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code} (${message})` : message;
}

class AttemptTimeout extends Error {}

/** One request and its body, within the per-request deadline. Throws FetchRefused or the caller's abort reason. */
async function exchangeOnce(ctx: Context, url: URL, hop: HopOptions): Promise<Exchange> {
  const controller = new AbortController();
  let phase: "before the response headers" | "while reading the body" = "before the response headers";
  const timer = setTimeout(() => controller.abort(new AttemptTimeout()), ctx.timeoutMs);
  const onCallerAbort = () => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener("abort", onCallerAbort, { once: true });
  let response: Awaited<ReturnType<typeof request>> | undefined;
  try {
    response = await request(url, {
      dispatcher: ctx.agent,
      method: "GET",
      headers: hop.headers,
      signal: controller.signal,
    });
    phase = "while reading the body";
    const headers = flattenHeaders(response.headers);
    const status = response.statusCode;
    const wantsBody = status >= 200 && status < 300 && status !== 204;
    if (!wantsBody) {
      // An error page is kept in part, because a bot-block challenge (often a 403 or 503) is recognised by
      // its markup; redirect bodies are not needed. Reading a little lets the connection be reused.
      if (status >= 400) {
        const body = response.body;
        const kept = await readBody(body, { contentEncoding: headers["content-encoding"], maxBytes: ERROR_BODY_BYTES, truncate: true })
          .then((r) => r.bytes)
          .catch((error: unknown) => {
            // A caller's abort or our own timeout is not "an error page we could not read": pass it on.
            if (controller.signal.aborted) throw error;
            body.on("error", () => undefined).destroy();
            return Buffer.alloc(0);
          });
        return { status, headers, body: kept };
      }
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return { status, headers, body: Buffer.alloc(0) };
    }
    const declared = Number(headers["content-length"]);
    if (!hop.truncate && Number.isFinite(declared) && declared > hop.maxBytes) {
      throw new FetchRefused(
        "too-large",
        url.href,
        `expected at most ${hop.maxBytes} bytes from ${url.href}, got a Content-Length of ${declared}`,
        { status },
      );
    }
    const { bytes } = await readBody(response.body, {
      contentEncoding: headers["content-encoding"],
      maxBytes: hop.maxBytes,
      truncate: hop.truncate,
    });
    return { status, headers, body: bytes };
  } catch (err) {
    // Whatever went wrong, a half-read body must not keep its socket open.
    // undici reports the destroy itself as an error event; nobody is listening for it any more.
    response?.body.on("error", () => undefined).destroy();
    if (controller.signal.aborted && !(controller.signal.reason instanceof AttemptTimeout)) {
      throw ctx.signal?.reason ?? err;
    }
    if (controller.signal.reason instanceof AttemptTimeout) {
      throw new FetchRefused(
        "timeout",
        url.href,
        `expected ${url.href} to answer completely within ${ctx.timeoutMs} ms, it stalled ${phase}`,
      );
    }
    if (err instanceof FetchRefused) {
      // The connector only knows the origin; name the URL that was being fetched.
      throw err.url === url.href ? err : new FetchRefused(err.reason, url.href, err.message, { status: err.status });
    }
    if (err instanceof BodyTooLarge) {
      const what = err.stage === "decoded" ? "after decompression" : "off the wire";
      throw new FetchRefused(
        "too-large",
        url.href,
        `expected at most ${hop.maxBytes} bytes from ${url.href}, got more ${what}; stopped reading`,
        { status: response?.statusCode },
      );
    }
    if (err instanceof BodyDecodingFailed) {
      throw new FetchRefused("network", url.href, `${err.message} from ${url.href}`, { status: response?.statusCode, cause: err });
    }
    const code = errorCode(err);
    if (code === "UND_ERR_CONNECT_TIMEOUT") {
      throw new FetchRefused("timeout", url.href, `expected a connection to ${url.host} within ${ctx.connectTimeoutMs} ms, got none`, {
        cause: err,
      });
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      throw new FetchRefused("timeout", url.href, `expected ${url.href} to answer within ${ctx.timeoutMs} ms, it stalled ${phase}`, {
        cause: err,
      });
    }
    throw new FetchRefused("network", url.href, `expected a response from ${url.href}, got ${describeError(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onCallerAbort);
  }
}

function isRetryableRefusal(err: FetchRefused): boolean {
  if (err.reason === "network") return RETRYABLE_NETWORK_CODES.has(errorCode(err.cause));
  // A connect timeout is a network hiccup; a stalled response is the server's behaviour and is not repeated.
  return err.reason === "timeout" && errorCode(err.cause) === "UND_ERR_CONNECT_TIMEOUT";
}

async function pause(ctx: Context, ms: number): Promise<void> {
  ctx.signal?.throwIfAborted();
  if (!ctx.signal) return ctx.sleep(ms);
  const signal = ctx.signal;
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    ctx.sleep(ms).then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

function withAttempts(err: FetchRefused, attempts: number): FetchRefused {
  if (attempts <= 1) return err;
  return new FetchRefused(err.reason, err.url, `${err.message} after ${attempts} attempts`, {
    status: err.status,
    retryAfterMs: err.retryAfterMs,
    attempts,
    cause: (err as { cause?: unknown }).cause,
  });
}

/** One URL, retried on 5xx, 429 and network errors. Returns whatever final status came. */
async function exchangeWithRetries(ctx: Context, url: URL, hop: HopOptions): Promise<Exchange & { attempts: number }> {
  const maxAttempts = ctx.retries + 1;
  for (let attempt = 1; ; attempt++) {
    await ctx.politeness.acquire(url.hostname, ctx.signal);
    let exchange: Exchange;
    try {
      exchange = await exchangeOnce(ctx, url, hop);
    } catch (err) {
      if (!(err instanceof FetchRefused)) throw err;
      if (attempt < maxAttempts && isRetryableRefusal(err)) {
        await pause(ctx, backoffDelay(attempt - 1));
        continue;
      }
      throw withAttempts(err, attempt);
    }
    const { status } = exchange;
    if (status !== 429 && status < 500) return { ...exchange, attempts: attempt };

    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(exchange.headers["retry-after"]) : null;
    if (retryAfterMs !== null && retryAfterMs > ctx.maxRetryAfterMs) {
      throw new FetchRefused(
        "retry-after",
        url.href,
        `expected ${url.href} to accept a retry within ${Math.round(ctx.maxRetryAfterMs / 1000)} s, got ${status} with Retry-After ${Math.ceil(retryAfterMs / 1000)} s`,
        { status, retryAfterMs, attempts: attempt },
      );
    }
    if (attempt < maxAttempts) {
      await pause(ctx, retryAfterMs ?? backoffDelay(attempt - 1));
      continue;
    }
    return { ...exchange, attempts: attempt };
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

// Concurrent fetches to one origin share one robots.txt request.
const robotsInFlight = new WeakMap<RobotsCache, Map<string, Promise<RobotsCacheEntry>>>();

async function fetchRobots(ctx: Context, origin: string): Promise<RobotsCacheEntry> {
  const robotsUrl = `${origin}/robots.txt`;
  try {
    const result = await followRedirects(ctx, robotsUrl, {
      respectRobots: false,
      maxRedirects: ROBOTS_MAX_REDIRECTS,
      maxBytes: ROBOTS_MAX_BYTES,
      truncate: true,
      headers: { "user-agent": ctx.userAgent, accept: "text/plain,*/*;q=0.5", "accept-encoding": ACCEPT_ENCODING },
    });
    return { status: result.status, body: decodeDocumentDetailed(result.body, result.headers["content-type"]).text, fetchedAt: Date.now() };
  } catch (err) {
    if (!(err instanceof FetchRefused)) throw err;
    // The page lives on this origin too, so it would be refused for the same reason: say that reason.
    if (err.reason === "ssrf" && sameOrigin(err.url, origin)) throw err;
    // Likewise a site that cannot be reached at all (a name that does not resolve, a refused connection): the
    // page would fail the same way, so say that, not that robots.txt was unreadable.
    if ((err.reason === "network" || err.reason === "timeout") && sameOrigin(err.url, origin)) {
      const cause = (err as { cause?: unknown }).cause;
      if (errorCode(cause) === "ENOTFOUND") {
        throw new FetchRefused("network", origin, `expected ${new URL(origin).hostname} to be a host name that resolves, got none: check the address`, { cause: err });
      }
      if (["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"].includes(errorCode(cause)) || err.reason === "timeout") {
        throw new FetchRefused(err.reason, origin, `expected ${new URL(origin).host} to answer, got ${describeError(cause ?? err)}: is the site up, and the address right?`, { cause: err });
      }
    }
    if (err.status !== undefined && (err.reason === "http-status" || err.reason === "retry-after" || err.reason === "too-many-redirects")) {
      return { status: err.status, body: null, fetchedAt: Date.now() };
    }
    return { status: 0, body: null, fetchedAt: Date.now(), error: err.message };
  }
}

async function enforceRobots(ctx: Context, url: URL): Promise<void> {
  const origin = url.origin;
  let entry = await ctx.robotsCache.get(origin);
  if (!entry || !robotsEntryIsFresh(entry)) {
    let pending = robotsInFlight.get(ctx.robotsCache);
    if (!pending) {
      pending = new Map();
      robotsInFlight.set(ctx.robotsCache, pending);
    }
    const shared = pending.get(origin);
    if (shared) {
      // Another call's robots.txt request: if that call was aborted, fetch it ourselves.
      entry = await shared.catch(() => null);
    }
    if (!entry || !robotsEntryIsFresh(entry)) {
      const cache = ctx.robotsCache;
      const map = pending;
      const own = fetchRobots(ctx, origin).then(async (fetched) => {
        await cache.set(origin, fetched);
        return fetched;
      });
      map.set(origin, own);
      const forget = () => {
        if (map.get(origin) === own) map.delete(origin);
      };
      own.then(forget, forget);
      entry = await own;
    }
  }
  const verdict = robotsVerdict(entry, url.href, ctx.userAgent);
  if (!verdict.allowed) throw new FetchRefused("robots", url.href, verdict.why);
}

/** Follows redirects by hand so every hop is screened, robots-checked and rate-limited like the first. */
async function followRedirects(ctx: Context, startUrl: string, hop: HopOptions): Promise<FollowResult> {
  let url = screenUrl(startUrl, ctx.allow, "");
  const firstOrigin = url.origin;
  const redirects: string[] = [];
  let headers = hop.headers;
  for (;;) {
    // Once a chain has left the first origin, credentials stay dropped even if it comes back.
    if (url.origin !== firstOrigin && CREDENTIAL_HEADERS.some((name) => name in headers)) {
      headers = { ...headers };
      for (const name of CREDENTIAL_HEADERS) delete headers[name];
    }
    if (hop.respectRobots) await enforceRobots(ctx, url);
    const exchange = await exchangeWithRetries(ctx, url, { ...hop, headers });
    const { status } = exchange;

    if (REDIRECT_STATUSES.has(status) && exchange.headers.location !== undefined) {
      let target: string;
      try {
        target = new URL(exchange.headers.location, url).href;
      } catch {
        throw new FetchRefused("scheme", url.href, `expected a valid redirect target from ${url.href}, got Location ${JSON.stringify(exchange.headers.location)}`, {
          status,
        });
      }
      if (redirects.length >= hop.maxRedirects) {
        throw new FetchRefused(
          "too-many-redirects",
          url.href,
          `expected at most ${hop.maxRedirects} redirects starting at ${startUrl}, got another ${status} from ${url.href} to ${target}`,
          { status },
        );
      }
      url = screenUrl(target, ctx.allow, ` (redirected from ${url.href})`);
      redirects.push(url.href);
      continue;
    }
    if ((status >= 200 && status < 300) || status === 304) {
      return { ...exchange, url: url.href, redirects };
    }
    const tries = exchange.attempts > 1 ? ` after ${exchange.attempts} attempts` : "";
    const retryAfterMs = parseRetryAfter(exchange.headers["retry-after"]) ?? undefined;
    throw new FetchRefused("http-status", url.href, `expected a 2xx or 304 from ${url.href}, got ${status}${tries}`, {
      status,
      retryAfterMs: status === 429 || status === 503 ? retryAfterMs : undefined,
      attempts: exchange.attempts,
      body: exchange.body.length > 0 ? decodeDocumentDetailed(exchange.body, exchange.headers["content-type"]).text : undefined,
    });
  }
}

function requestHeaders(options: GuardedFetchOptions, userAgent: string, url: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || (lower.startsWith("proxy-") && lower !== "proxy-authorization")) continue;
    assertHeaderValue(name, String(value));
    headers[lower] = String(value);
  }
  headers["user-agent"] = headers["user-agent"] ?? userAgent;
  headers.accept = options.accept ?? headers.accept ?? DEFAULT_ACCEPT;
  headers["accept-encoding"] = ACCEPT_ENCODING;
  if (options.etag) {
    assertHeaderValue("If-None-Match", options.etag);
    headers["if-none-match"] = options.etag;
  }
  if (options.lastModified) {
    assertHeaderValue("If-Modified-Since", options.lastModified);
    headers["if-modified-since"] = options.lastModified;
  }
  // Credentials written into the URL become a Basic header for that origin only.
  try {
    const parsed = new URL(url);
    if ((parsed.username || parsed.password) && !headers.authorization) {
      const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
    }
  } catch {
    // screenUrl reports unparsable URLs.
  }
  return headers;
}

function withoutCredentials(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = "";
    url.password = "";
    return url.href;
  } catch {
    return raw;
  }
}

/**
 * The only way Earshot fetches anything from the network. Refusals are FetchRefused with a reason code
 * and a message that says what was expected and what came; a caller's abort rejects with its reason.
 */
export async function guardedFetch(url: string, options: GuardedFetchOptions = {}): Promise<FetchResult> {
  const started = performance.now();
  options.signal?.throwIfAborted();
  const allow = parseAllowList(options.allowHosts);
  const timeoutMs = positive("timeoutMs", options.timeoutMs, DEFAULTS.timeoutMs);
  const connectTimeoutMs = positive("connectTimeoutMs", options.connectTimeoutMs, DEFAULTS.connectTimeoutMs);
  const maxBytes = positive("maxBytes", options.maxBytes, DEFAULTS.maxBytes);
  const maxRedirects = Math.floor(positive("maxRedirects", options.maxRedirects, DEFAULTS.maxRedirects, true));
  const retries = Math.floor(positive("retries", options.retries, DEFAULTS.retries, true));
  const maxRetryAfterMs = positive("maxRetryAfterMs", options.maxRetryAfterMs, DEFAULTS.maxRetryAfterMs, true);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  assertHeaderValue("User-Agent", userAgent);
  const headers = requestHeaders(options, userAgent, url);

  const agent = new Agent({
    connect: createGuardedConnector({ allow, lookup: options.lookup ?? systemLookup, connectTimeoutMs }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const ctx: Context = {
    agent,
    allow,
    politeness: options.politeness ?? defaultPolitenessGate,
    robotsCache: options.robotsCache ?? defaultRobotsCache,
    userAgent: headers["user-agent"] ?? userAgent,
    timeoutMs,
    connectTimeoutMs,
    retries,
    maxRetryAfterMs,
    signal: options.signal,
    sleep: options.sleep ?? ((ms: number) => abortableSleep(ms)),
  };

  try {
    const result = await followRedirects(ctx, withoutCredentials(url), {
      respectRobots: options.respectRobots ?? true,
      maxRedirects,
      maxBytes,
      truncate: false,
      headers,
    });
    const notModified = result.status === 304;
    const decoded = notModified ? { text: "", charset: "" } : decodeDocumentDetailed(result.body, result.headers["content-type"]);
    return {
      status: result.status,
      url: result.url,
      redirects: result.redirects,
      headers: result.headers,
      body: notModified ? Buffer.alloc(0) : result.body,
      text: decoded.text,
      charset: decoded.charset,
      notModified,
      // A 304 may omit validators; the ones we sent are still the current ones then.
      etag: result.headers.etag ?? (notModified ? (options.etag ?? null) : null),
      lastModified: result.headers["last-modified"] ?? (notModified ? (options.lastModified ?? null) : null),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    agent.destroy().catch(() => undefined);
  }
}

