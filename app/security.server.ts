import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * Headers for every response. Scripts run only with this request's nonce ('strict-dynamic' lets Remix's
 * nonced entry load its modules); scraped text that slipped through as markup would have nothing to run.
 */
export function securityHeaders({ dev }: { dev: boolean }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    if (!dev) {
      res.setHeader(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src 'nonce-${nonce}' 'strict-dynamic'`,
          // recharts and React set style attributes; styles cannot run code.
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ].join("; "),
      );
    }
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    next();
  };
}

/**
 * DNS rebinding guard: a web page on some other site can point its own host name at 127.0.0.1 and then talk
 * to a local Earshot as "same origin" (and, on an empty install, create the owner). Requests must therefore
 * name us: an address, localhost, PUBLIC_URL's host, or one of ALLOWED_HOSTS. A rebinding attack needs a
 * name of its own, so addresses are always fine.
 */
export function knownHostsOnly({ publicOrigin, allowedHosts }: { publicOrigin: string | null; allowedHosts: string[] }) {
  const named = new Set(["localhost", ...allowedHosts.map((h) => h.toLowerCase())]);
  if (publicOrigin) named.add(new URL(publicOrigin).hostname.toLowerCase());
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get("host") ?? "";
    let hostname = "";
    try {
      hostname = new URL(`http://${header}`).hostname.toLowerCase();
    } catch {
      hostname = "";
    }
    const isAddress = /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith("[");
    if (hostname && (isAddress || named.has(hostname) || hostname.endsWith(".localhost"))) return next();
    res
      .status(421)
      .type("text/plain")
      .send(
        `Refused a request for host ${JSON.stringify(header)}: expected an address, localhost${publicOrigin ? ` or ${new URL(publicOrigin).host}` : ""}. ` +
          "Set PUBLIC_URL (or ALLOWED_HOSTS) to the name people use to reach Earshot.",
      );
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Endpoints that authenticate with a bearer token only, never a cookie, so a forged request gains nothing. */
const BEARER_TOKEN_PATHS = new Set(["/api/mentions"]);

/**
 * CSRF protection: a state-changing request must come from our own pages (Sec-Fetch-Site: same-origin, or an
 * Origin equal to ours). The ingest API is exempt: it authenticates with a bearer token, not a cookie.
 */
export function sameOriginWrites({ publicOrigin }: { publicOrigin: string | null }) {
  return (req: Request, res: Response, next: NextFunction) => {
    // The path as the router will see it: "/api/%2e%2e/login" must not pass for the API.
    const path = new URL(req.originalUrl, "http://earshot.invalid").pathname;
    if (SAFE_METHODS.has(req.method) || BEARER_TOKEN_PATHS.has(path)) return next();
    const site = req.get("sec-fetch-site");
    const origin = req.get("origin");
    const own = `${req.protocol}://${req.get("host")}`;
    const allowed = site ? site === "same-origin" : origin ? origin === own || origin === publicOrigin : false;
    if (allowed) return next();
    res
      .status(403)
      .type("text/plain")
      .send(
        `Refused a cross-site ${req.method}: expected a request from ${publicOrigin ?? own}, ` +
          `got ${site ? `Sec-Fetch-Site: ${site}` : origin ? `Origin: ${origin}` : "neither Origin nor Sec-Fetch-Site"}.`,
      );
  };
}
