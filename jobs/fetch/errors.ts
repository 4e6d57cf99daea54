export type FetchRefusedReason =
  | "scheme"
  | "ssrf"
  | "robots"
  | "too-large"
  | "too-many-redirects"
  | "timeout"
  | "http-status"
  | "network"
  | "retry-after";

export interface FetchRefusedDetails {
  status?: number;
  retryAfterMs?: number;
  /** How many requests were sent for the hop that failed (1 = no retries used). */
  attempts?: number;
  /** The start of an error page (http-status only): enough to recognise a bot-block challenge. */
  body?: string;
  cause?: unknown;
}

/**
 * The one error type guardedFetch throws for anything it decided not to (or could not) fetch.
 * `message` is written for a person reading a collection run; `reason` is for code.
 */
export class FetchRefused extends Error {
  readonly reason: FetchRefusedReason;
  readonly url: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly attempts?: number;
  readonly body?: string;

  constructor(reason: FetchRefusedReason, url: string, message: string, details: FetchRefusedDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "FetchRefused";
    this.reason = reason;
    this.url = url;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.body !== undefined) this.body = details.body;
  }
}

export function isFetchRefused(value: unknown): value is FetchRefused {
  return value instanceof FetchRefused;
}
