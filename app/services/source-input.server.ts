import { z } from "zod";
import { httpUrl } from "~/core/forms";
import { parseInterval } from "~/core/interval";
import type { SourceKind } from "~/db/schema";
import { getCollector, listCollectors } from "../../jobs/collectors";

export interface SourceInput {
  kind: string;
  url?: string | null;
  options?: unknown;
  every?: string | null;
  name?: string | null;
}

export type SourceInputResult =
  | { ok: true; value: { kind: SourceKind; name: string | null; url: string | null; options: Record<string, unknown>; intervalSeconds: number } }
  | { ok: false; errors: Record<string, string[]> };

function issuesOf(error: z.ZodError, prefix: string): string[] {
  return error.issues.map((i) => `${prefix}${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
}

/**
 * The one validation of a new source, shared by the source form and `earshot sources add`, so a script can
 * set up exactly what the UI would accept. Options are checked by the kind's own collector schema. With
 * `requireEvery` (a saved source being changed), an empty interval is an error rather than the default.
 */
export function validateSourceInput(input: SourceInput, { requireEvery = false }: { requireEvery?: boolean } = {}): SourceInputResult {
  const errors: Record<string, string[]> = {};
  const kinds = listCollectors().map((c) => c.kind);
  if (!kinds.includes(input.kind as SourceKind)) {
    return { ok: false, errors: { kind: [`expected one of ${kinds.join(", ")}, got ${JSON.stringify(input.kind)}`] } };
  }
  const collector = getCollector(input.kind as SourceKind);
  let url: string | null = null;
  if (collector.needsUrl) {
    const parsed = httpUrl.safeParse(input.url ?? "");
    if (parsed.success) url = parsed.data;
    else errors.url = parsed.error.issues.map((i) => i.message);
  }
  let options: Record<string, unknown> = {};
  let rawOptions = input.options ?? {};
  if (typeof rawOptions === "string") {
    try {
      rawOptions = rawOptions.trim() ? JSON.parse(rawOptions) : {};
    } catch (error) {
      errors.options = [`expected JSON, got a parse error: ${(error as Error).message}`];
    }
  }
  if (!errors.options) {
    const parsed = collector.options.safeParse(rawOptions);
    if (parsed.success) options = parsed.data as Record<string, unknown>;
    else errors.options = issuesOf(parsed.error, "");
  }
  let intervalSeconds = 15 * 60;
  // A saved source's interval is there to be kept: an empty one would quietly become the default.
  if (requireEvery && !input.every?.trim()) errors.every = ["expected an interval such as 15m, 1h or 1d, got nothing"];
  else if (input.every) {
    try {
      intervalSeconds = parseInterval(input.every);
    } catch (error) {
      errors.every = [(error as Error).message];
    }
  }
  const name = input.name?.trim() || null;
  if (name && name.length > 100) errors.name = [`expected a name of at most 100 characters, got ${name.length}`];
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { kind: collector.kind, name, url, options, intervalSeconds } };
}

/** jsonb hands keys back in its own order: options are compared by content, not by the order written. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Whether changed settings read the page as the saved ones do: the same URL, and the same options once the
 * kind's schema has filled in its defaults (a feed saved as `{}` by onboarding reads as `{ matchAll: false }`).
 */
export function readsAlike(kind: SourceKind, saved: { url: string | null; options: unknown }, next: { url: string | null; options: unknown }): boolean {
  if (saved.url !== next.url) return false;
  const schema = getCollector(kind).options;
  const a = schema.safeParse(saved.options ?? {});
  const b = schema.safeParse(next.options ?? {});
  return a.success && b.success && canonicalJson(a.data) === canonicalJson(b.data);
}
