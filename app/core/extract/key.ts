/**
 * URLs a mention may carry, and the dedupe key that says "we have seen this one already".
 */
import { createHash } from "node:crypto";
import { safeHttpUrl } from "../safe-url";

export { safeHttpUrl };

// Parameters that only say how a reader arrived; two links differing only in these are the same page.
const TRACKING_PARAM =
  /^(utm_[a-z0-9_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|li_fat_id|mc_cid|mc_eid|igshid|igsh|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|vero_conv|wickedid|_ga|_gl|ref_src|ref_url|ncid|cmpid)$/i;

/**
 * The destination of a known redirector link (Google Alerts' `google.com/url?...&url=REAL`, Facebook's
 * `l.facebook.com/l.php?u=`, Bing News' `apiclick.aspx?url=`), or the link itself.
 */
export function unwrapRedirect(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  const host = url.hostname.toLowerCase();
  let target: string | null = null;
  if (/(^|\.)google\.[a-z.]{2,6}$/.test(host) && url.pathname === "/url") {
    target = url.searchParams.get("url") ?? url.searchParams.get("q");
  } else if (/(^|\.)facebook\.com$/.test(host) && url.pathname === "/l.php") {
    target = url.searchParams.get("u");
  } else if (/(^|\.)bing\.com$/.test(host) && /\/apiclick\.aspx$/i.test(url.pathname)) {
    target = url.searchParams.get("url");
  }
  const safe = target ? safeHttpUrl(target) : null;
  return safe ?? href;
}

/**
 * A URL as a dedupe key: lower-case host, no fragment, no tracking parameters, no default port.
 * `keepFragment` is for URLs used as identifiers, where "#review-12" is what tells items apart.
 */
export function canonicalUrl(href: string, options: { keepFragment?: boolean } = {}): string | null {
  const safe = safeHttpUrl(href);
  if (!safe) return null;
  const url = new URL(safe);
  if (!options.keepFragment) url.hash = "";
  const kept = [...url.searchParams].filter(([name]) => !TRACKING_PARAM.test(name));
  if (kept.length !== [...url.searchParams].length) {
    url.search = kept.length > 0 ? new URLSearchParams(kept).toString() : "";
  }
  let out = url.href;
  if (out.endsWith("?")) out = out.slice(0, -1);
  return out;
}

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

export interface KeyParts {
  /** The item's own identifier (RSS guid, Atom id, JSON Feed id, schema.org @id). */
  id?: string | null;
  url?: string | null;
  title?: string | null;
  text?: string | null;
  /** More content that tells two items apart when they have neither id nor URL (author, date). */
  extra?: Array<string | null | undefined>;
}

/**
 * The item's id if it has one (canonicalised when it is a URL, as RSS guids often are), else its
 * canonical URL, else `h:` + sha256 of title and text (and `extra`).
 */
export function mentionKey(parts: KeyParts): string {
  const id = parts.id?.trim();
  if (id) {
    if (/^https?:\/\//i.test(id)) return canonicalUrl(id, { keepFragment: true }) ?? id.slice(0, 2048);
    return id.slice(0, 2048);
  }
  const url = parts.url ? canonicalUrl(parts.url) : null;
  if (url) return url;
  const material = [parts.title ?? "", parts.text ?? "", ...(parts.extra ?? []).map((x) => x ?? "")].join("\u001f");
  return `h:${sha256Hex(material)}`;
}
