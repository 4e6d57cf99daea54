import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import type { CandidateMention } from "./candidate";
import { parseDate, parseRating, safeHttpUrl } from "./extract";

import { CSV_FIELDS, type CsvField, type CsvMapping } from "./csv-fields";

export { CSV_FIELDS, type CsvField, type CsvMapping };

export interface CsvTable {
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

export class CsvError extends Error {}

/** Parses the whole file up front so a broken quote is reported with its line, before anything is stored. */
export function readCsv(text: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as never;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new CsvError(`expected a CSV file${e.lines ? `; line ${e.lines}` : ""}: ${e.message}`);
  }
  if (records.length === 0) throw new CsvError("expected a header row and at least one row, got an empty file");
  const [header, ...body] = records;
  return { headers: header!.record, rows: body.map((r) => ({ line: r.info.lines, cells: r.record })) };
}

const GUESSES: Record<CsvField, RegExp> = {
  id: /^(id|review.?id|uuid|guid|reference|ref)$/i,
  text: /^(text|review|review.?text|body|content|comment|comments|feedback|message)$/i,
  title: /^(title|headline|subject|summary)$/i,
  author: /^(author|name|reviewer|customer|user|username|reviewer.?name)$/i,
  rating: /^(rating|stars?|score|review.?rating)$/i,
  date: /^(date|time|created|created.?at|published|published.?at|review.?date|timestamp|submitted)$/i,
  url: /^(url|link|permalink|review.?url)$/i,
};

/** A first guess at which column is which, from the header names; the user confirms it in the form. */
export function guessMapping(headers: string[]): CsvMapping {
  const mapping: CsvMapping = {};
  for (const field of CSV_FIELDS) {
    const found = headers.find((h) => GUESSES[field].test(h.trim()));
    if (found) mapping[field] = found;
  }
  return mapping;
}

/**
 * One export uses one date order: if any numeric date in the column can only be day-first (25/04/2026),
 * every ambiguous one (03/04/2026) is read day-first too, instead of flipping from row to row.
 */
export function dateOrder(values: string[]): boolean {
  let dayFirst = false;
  for (const v of values) {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b/.exec(v);
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst = true;
    else if (Number(m[2]) > 12) return false;
  }
  return dayFirst;
}

export interface CsvRowError {
  line: number;
  message: string;
}

/**
 * Rows → candidate mentions with the mapping. Every bad row is reported by its line in the file and the
 * others are kept: one typo must not cost a business its whole export.
 */
export function csvToMentions(table: CsvTable, mapping: CsvMapping): { mentions: CandidateMention[]; errors: CsvRowError[] } {
  if (!mapping.text) throw new CsvError("expected a column for the review text, got none chosen");
  const index: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const column = mapping[field];
    if (!column) continue;
    const i = table.headers.indexOf(column);
    if (i < 0) throw new CsvError(`expected a column named ${JSON.stringify(column)} for ${field}, got headers ${table.headers.map((h) => JSON.stringify(h)).join(", ")}`);
    index[field] = i;
  }
  const cell = (cells: string[], field: CsvField) => (index[field] === undefined ? "" : (cells[index[field]!] ?? "").trim());
  const dayFirst = dateOrder(table.rows.map((r) => cell(r.cells, "date")));
  const mentions: CandidateMention[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const text = cell(cells, "text");
    if (!text) {
      errors.push({ line, message: `expected review text in column ${JSON.stringify(mapping.text)}, got an empty cell` });
      continue;
    }
    const ratingRaw = cell(cells, "rating");
    const rating = ratingRaw ? parseRating(ratingRaw) : null;
    if (ratingRaw && !rating) {
      errors.push({ line, message: `expected a rating such as 4, 4/5 or ★★★★☆ in column ${JSON.stringify(mapping.rating)}, got ${JSON.stringify(ratingRaw)}` });
      continue;
    }
    const dateRaw = cell(cells, "date");
    const publishedAt = dateRaw ? parseDate(dateRaw, { dayFirst }) : null;
    if (dateRaw && !publishedAt) {
      errors.push({ line, message: `expected a date such as 2026-11-25 in column ${JSON.stringify(mapping.date)}, got ${JSON.stringify(dateRaw)}` });
      continue;
    }
    const urlRaw = cell(cells, "url");
    const url = urlRaw ? safeHttpUrl(urlRaw) : null;
    if (urlRaw && !url) {
      errors.push({ line, message: `expected an http(s) URL in column ${JSON.stringify(mapping.url)}, got ${JSON.stringify(urlRaw.slice(0, 100))}` });
      continue;
    }
    const title = cell(cells, "title") || null;
    const author = cell(cells, "author") || null;
    const id = cell(cells, "id");
    const key = id
      ? `csv:${id}`
      : `csv:h:${createHash("sha256").update([title, text, author, publishedAt].join("\u001f")).digest("hex")}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ line, message: `expected each row once, got a repeat of line ${earlier}` });
      continue;
    }
    seen.set(key, line);
    mentions.push({ key, url, title, text, author, rating: rating?.value ?? null, ratingMax: rating?.max ?? null, publishedAt });
  }
  return { mentions, errors };
}
