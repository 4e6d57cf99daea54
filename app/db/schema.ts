import type { AggregateSummary } from "../core/extract/aggregate";
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const brands = pgTable("brands", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  /** The brand's query in Earshot's query language (app/core/query.ts). */
  query: text("query").notNull(),
  /** Per-brand sentiment words, term → weight on the AFINN scale. */
  sentimentWords: jsonb("sentiment_words").$type<Record<string, number>>().notNull().default({}),
  isCompetitor: boolean("is_competitor").notNull().default(false),
  timeZone: text("time_zone").notNull().default("UTC"),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("brands_name_unique").on(sql`lower(${t.name})`)]);

export type SourceKind = "feed" | "schema" | "selectors" | "csv" | "api";

export const sources = pgTable("sources", {
  id: serial("id").primaryKey(),
  brandId: integer("brand_id").notNull().references(() => brands.id, { onDelete: "cascade" }),
  kind: text("kind").$type<SourceKind>().notNull(),
  name: text("name"),
  url: text("url"),
  /** Kind-specific options, validated by the kind's zod schema before they get here. */
  options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
  intervalSeconds: integer("interval_seconds").notNull().default(900),
  enabled: boolean("enabled").notNull().default(true),
  nextDueAt: ts("next_due_at").notNull().defaultNow(),
  /** Lease so that several job processes never collect one source at the same time. */
  leaseOwner: text("lease_owner"),
  leaseExpiresAt: ts("lease_expires_at"),
  etag: text("etag"),
  lastModified: text("last_modified"),
  lastRunAt: ts("last_run_at"),
  lastStatus: text("last_status").$type<"ok" | "error" | "unhealthy" | "refused">(),
  lastError: text("last_error"),
  lastItemCount: integer("last_item_count"),
  /** The page's own schema.org AggregateRating at its last collection ("4.3 of 5 from 120 reviews"). */
  aggregateRating: jsonb("aggregate_rating").$type<AggregateSummary>(),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  createdAt: createdAt(),
}, (t) => [
  index("sources_due_idx").on(t.enabled, t.nextDueAt),
  // One pushed source (CSV imports, ingest API) per brand and kind.
  uniqueIndex("sources_pushed_unique").on(t.brandId, t.kind).where(sql`kind in ('csv', 'api')`),
  uniqueIndex("sources_brand_url_unique").on(t.brandId, t.url).where(sql`url is not null`),
]);

export type SentimentLabel = "positive" | "neutral" | "negative";

export const mentions = pgTable("mentions", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  brandId: integer("brand_id").notNull().references(() => brands.id, { onDelete: "cascade" }),
  sourceId: integer("source_id").notNull().references(() => sources.id, { onDelete: "cascade" }),
  dedupeKey: text("dedupe_key").notNull(),
  url: text("url"),
  title: text("title"),
  text: text("text").notNull(),
  author: text("author"),
  rating: real("rating"),
  ratingMax: real("rating_max"),
  publishedAt: ts("published_at"),
  collectedAt: ts("collected_at").notNull().defaultNow(),
  /** When the mention counts in charts and detection (see countedTime): fixed when it is first stored. */
  countedAt: ts("counted_at").notNull(),
  updatedAt: ts("updated_at"),
  /** Hash of title + text, to tell an edited review from a re-collected one. */
  contentHash: text("content_hash").notNull(),
  sentimentScore: doublePrecision("sentiment_score").notNull(),
  sentimentLabel: text("sentiment_label").$type<SentimentLabel>().notNull(),
  sentimentConfidence: real("sentiment_confidence").notNull().default(0),
  sentimentWords: jsonb("sentiment_words").$type<{ term: string; weight: number }[]>().notNull().default([]),
  overrideLabel: text("override_label").$type<SentimentLabel>(),
  overrideReason: text("override_reason"),
  overrideBy: text("override_by"),
  overrideAt: ts("override_at"),
  status: text("status").$type<"new" | "needs_response" | "answered" | "ignored">().notNull().default("new"),
}, (t) => [
  uniqueIndex("mentions_source_key_unique").on(t.sourceId, t.dedupeKey),
  index("mentions_brand_time_idx").on(t.brandId, t.publishedAt),
  index("mentions_brand_collected_idx").on(t.brandId, t.collectedAt),
  index("mentions_brand_counted_idx").on(t.brandId, t.countedAt),
]);

/** Earlier texts of edited reviews. */
export const mentionRevisions = pgTable("mention_revisions", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  mentionId: integer("mention_id").notNull().references(() => mentions.id, { onDelete: "cascade" }),
  title: text("title"),
  text: text("text").notNull(),
  rating: real("rating"),
  sentimentScore: doublePrecision("sentiment_score"),
  replacedAt: ts("replaced_at").notNull().defaultNow(),
});

export const collectionRuns = pgTable("collection_runs", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  sourceId: integer("source_id").notNull().references(() => sources.id, { onDelete: "cascade" }),
  startedAt: ts("started_at").notNull(),
  finishedAt: ts("finished_at"),
  status: text("status").$type<"running" | "ok" | "not_modified" | "error" | "refused" | "unhealthy">().notNull(),
  itemsSeen: integer("items_seen").notNull().default(0),
  itemsNew: integer("items_new").notNull().default(0),
  itemsUpdated: integer("items_updated").notNull().default(0),
  itemsRejected: integer("items_rejected").notNull().default(0),
  error: text("error"),
  durationMs: integer("duration_ms"),
}, (t) => [index("collection_runs_source_idx").on(t.sourceId, t.startedAt)]);

/** Mention counts per brand, source, day and label, kept current when mentions are stored. */
export const dailyRollups = pgTable("daily_rollups", {
  brandId: integer("brand_id").notNull().references(() => brands.id, { onDelete: "cascade" }),
  sourceId: integer("source_id").notNull().references(() => sources.id, { onDelete: "cascade" }),
  day: date("day", { mode: "string" }).notNull(),
  label: text("label").$type<SentimentLabel>().notNull(),
  count: integer("count").notNull().default(0),
  scoreSum: doublePrecision("score_sum").notNull().default(0),
}, (t) => [uniqueIndex("daily_rollups_pk").on(t.brandId, t.sourceId, t.day, t.label)]);

export const incidents = pgTable("incidents", {
  id: serial("id").primaryKey(),
  brandId: integer("brand_id").notNull().references(() => brands.id, { onDelete: "cascade" }),
  sourceId: integer("source_id").references(() => sources.id, { onDelete: "cascade" }),
  kind: text("kind").$type<"surge" | "drop">().notNull(),
  status: text("status").$type<"open" | "acknowledged" | "resolved">().notNull().default("open"),
  windowStart: ts("window_start").notNull(),
  windowEnd: ts("window_end").notNull(),
  observed: doublePrecision("observed").notNull(),
  expected: doublePrecision("expected").notNull(),
  evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
  note: text("note"),
  openedAt: ts("opened_at").notNull(),
  updatedAt: ts("updated_at").notNull(),
  resolvedAt: ts("resolved_at"),
}, (t) => [
  index("incidents_brand_idx").on(t.brandId, t.openedAt),
  // One live incident per brand, even when two workers decide at the same moment.
  uniqueIndex("incidents_one_live_per_brand").on(t.brandId).where(sql`status in ('open', 'acknowledged')`),
]);

/** Last request time per host, shared by every worker so politeness holds across processes. */
export const hostVisits = pgTable("host_visits", {
  host: text("host").primaryKey(),
  nextAllowedAt: ts("next_allowed_at").notNull(),
});

export type Role = "owner" | "responder" | "viewer";

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull(),
  name: text("name"),
  passwordHash: text("password_hash").notNull(),
  role: text("role").$type<Role>().notNull(),
  /** False: the user sees only the brands listed in user_brands (an agency's client team). */
  allBrands: boolean("all_brands").notNull().default(true),
  createdAt: createdAt(),
  disabledAt: ts("disabled_at"),
}, (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)]);

export const userBrands = pgTable("user_brands", {
  userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  brandId: integer("brand_id").notNull().references(() => brands.id, { onDelete: "cascade" }),
}, (t) => [uniqueIndex("user_brands_pk").on(t.userId, t.brandId)]);

export const sessions = pgTable("sessions", {
  /** sha256 of the cookie's token: a leaked table does not leak sessions. */
  id: text("id").primaryKey(),
  userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
  lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
  userAgent: text("user_agent"),
}, (t) => [index("sessions_user_idx").on(t.userId)]);

/** One-time links: invitations (with a role) and password resets. Only the token's hash is stored. */
export const oneTimeTokens = pgTable("one_time_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  purpose: text("purpose").$type<"invite" | "reset">().notNull(),
  email: text("email").notNull(),
  role: text("role").$type<Role>(),
  brandIds: jsonb("brand_ids").$type<number[] | null>(),
  userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
});

export const loginFailures = pgTable("login_failures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  /** "account:<email>" or "ip:<address>". */
  key: text("key").notNull(),
  at: ts("at").notNull(),
}, (t) => [index("login_failures_key_idx").on(t.key, t.at)]);

export const auditLog = pgTable("audit_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  action: text("action").notNull(),
  entity: text("entity").notNull(),
  entityId: text("entity_id"),
  before: jsonb("before"),
  after: jsonb("after"),
  at: ts("at").notNull().defaultNow(),
}, (t) => [index("audit_log_at_idx").on(t.at)]);

/** Per-brand tokens for the ingest API: shown once, stored hashed, revocable. */
export const apiTokens = pgTable("api_tokens", {
  id: serial("id").primaryKey(),
  brandId: integer("brand_id").notNull().references(() => brands.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull(),
  /** The first characters, so owners can tell tokens apart without seeing them. */
  prefix: text("prefix").notNull(),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  lastUsedAt: ts("last_used_at"),
  revokedAt: ts("revoked_at"),
}, (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash)]);
