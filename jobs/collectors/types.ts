import type { z } from "zod";
import type { AggregateRating, ExtractOptions } from "~/core/extract";
import type { ReadMention, ReadResult } from "~/core/read-page";
import type { SourceKind } from "~/db/schema";
import type { FetchResult, GuardedFetchOptions } from "../fetch/guarded-fetch";

export interface CollectContext {
  now: Date;
  /** The one guarded fetcher, already configured with the deployment's allowlist and politeness. */
  fetch: (url: string, options?: GuardedFetchOptions) => Promise<FetchResult>;
  /** Reads a fetched page for the source's brand (extract → match → score), inline or in a reading thread. */
  read: (body: string, options: ExtractOptions) => Promise<ReadResult>;
}

export interface SourceInput {
  url: string | null;
  options: Record<string, unknown>;
  etag: string | null;
  lastModified: string | null;
}

export interface CollectOutput {
  items: ReadMention[];
  notModified: boolean;
  etag?: string | null;
  lastModified?: string | null;
  /** Set when the answer looks like a bot-block or captcha page rather than the content we asked for. */
  blocked?: string | null;
  pages?: number;
  /** The page's schema.org AggregateRating, when it has one (review pages). */
  aggregate?: AggregateRating | null;
}

/** One kind of source, like a Huginn agent: validates its own options and turns a source into mentions. */
export interface Collector<Options = Record<string, unknown>> {
  kind: SourceKind;
  label: string;
  needsUrl: boolean;
  options: z.ZodType<Options>;
  /** Whether items skip the brand query (a brand's own review listing is about the brand by definition). */
  matchesAll(options: Options): boolean;
  collect(source: SourceInput, ctx: CollectContext): Promise<CollectOutput>;
}
