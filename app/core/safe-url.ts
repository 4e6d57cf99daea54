/**
 * An absolute http(s) URL from `raw`, resolved against `base`, or null: other schemes (javascript:,
 * data:, file:, mailto:) never become a link or a mention's URL. Credentials in the URL are dropped.
 * Pure and free of Node APIs, so the browser bundle uses the same check as the extractors.
 */
export function safeHttpUrl(raw: string | null | undefined, base?: string | null): string | null {
  if (!raw) return null;
  // Browsers ignore tabs and line breaks inside URLs; so do we, so "java\nscript:" stays recognisable.
  const cleaned = raw.replace(/[\t\n\r]/g, "").trim();
  if (!cleaned || cleaned.length > 8192) return null;
  let url: URL;
  try {
    url = base ? new URL(cleaned, base) : new URL(cleaned);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname) return null;
  // Only when there are any: each setter re-serialises the URL, and nearly no link has credentials.
  if (url.username || url.password) {
    url.username = "";
    url.password = "";
  }
  return url.href;
}
