import type { CandidateMention } from "~/core/candidate";
import type { AggregateSummary } from "~/core/extract/aggregate";
import type { SourceKind } from "~/db/schema";
import type { Db } from "~/db/client";
import { getCollector } from "../../jobs/collectors";
import { createDbPoliteness } from "../../jobs/db-politeness";
import { FetchRefused, guardedFetch } from "../../jobs/fetch/guarded-fetch";
import { inlineReader } from "../../jobs/read-pool";

export interface PreviewResult {
  ok: boolean;
  error: string | null;
  items: (CandidateMention & { matches: boolean })[];
  /** The page's own AggregateRating, when it has one. */
  aggregate?: AggregateSummary | null;
}

/**
 * Fetches a source once, exactly as a collection would, and reports what it would store — without storing.
 * The web process uses it to validate a URL before saving it.
 */
export async function previewSource(
  db: Db,
  input: { kind: SourceKind; url: string; options?: Record<string, unknown>; query?: string },
  { allowHosts, now }: { allowHosts: string[]; now: Date },
): Promise<PreviewResult> {
  // The same per-host spacing as the workers, kept in the database: a preview is one more visit to the site.
  const politeness = createDbPoliteness(db, { now: () => new Date() });
  try {
    const collector = getCollector(input.kind);
    const options = collector.options.parse(input.options ?? {});
    const judging = { query: input.query && !collector.matchesAll(options) ? input.query : null, words: {} };
    const output = await collector.collect(
      { url: input.url, options: options as Record<string, unknown>, etag: null, lastModified: null },
      {
        now,
        fetch: (url, o) => guardedFetch(url, { allowHosts, politeness, retries: 0, timeoutMs: 15_000, ...o }),
        // One page for one person: read inline, as the web process has no reading threads.
        read: (body, o) => inlineReader.read(body, o, judging),
      },
    );
    // What the form shows; the scores stay here.
    const items = output.items.map(({ sentiment: _score, ...item }) => item);
    if (output.blocked) return { ok: false, error: `the site answered with a bot-block page (${output.blocked})`, items };
    return { ok: true, error: null, items, aggregate: output.aggregate ?? null };
  } catch (error) {
    const message = error instanceof FetchRefused || error instanceof Error ? error.message : String(error);
    return { ok: false, error: message, items: [] };
  }
}
