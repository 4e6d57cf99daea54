/** One data row of a `timestamp,value` CSV. */
export interface CountRow {
  /** 1-based line number in the file. */
  line: number;
  /** The timestamp exactly as written, so output can quote it back. */
  timestamp: string;
  /** Epoch ms; a timestamp without a zone is read as UTC. */
  time: number;
  value: number;
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvError";
  }
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms for `YYYY-MM-DD[ HH:MM[:SS[.fff]]][Z|±HH:MM]`, or NaN when it is not one. */
export function parseTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  let time = Date.UTC(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], ms);
  // Date.UTC rolls 2015-02-30 over into March; a calendar that disagrees means the text was no real date.
  const check = new Date(time);
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 60) {
    return Number.NaN;
  }
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return time;
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * Parses a count series: a `timestamp,value` header, then one row per interval with a non-negative count,
 * timestamps strictly increasing. Throws CsvError naming the line, what was expected and what came.
 */
export function parseCountCsv(text: string): CountRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let headerSeen = false;
  const rows: CountRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const cells = raw.split(",");
    if (!headerSeen) {
      const names = cells.map((c) => unquote(c).toLowerCase());
      if (names.length !== 2 || names[0] !== "timestamp" || names[1] !== "value") {
        throw new CsvError(lineNo, `expected the header "timestamp,value", got ${show(raw)}`);
      }
      headerSeen = true;
      continue;
    }
    if (cells.length !== 2) {
      throw new CsvError(lineNo, `expected 2 columns (timestamp,value), got ${cells.length}: ${show(raw)}`);
    }
    const timestamp = unquote(cells[0]);
    const time = parseTimestamp(timestamp);
    if (Number.isNaN(time)) {
      throw new CsvError(lineNo, `expected a timestamp like 2015-02-26 21:42:53 or 2015-02-26T21:42:53Z, got ${show(timestamp)}`);
    }
    const valueText = unquote(cells[1]);
    const value = valueText === "" ? Number.NaN : Number(valueText);
    if (!Number.isFinite(value) || value < 0) {
      throw new CsvError(lineNo, `expected a count (a number ≥ 0) in the value column, got ${show(valueText)}`);
    }
    const previous = rows[rows.length - 1];
    if (previous && time <= previous.time) {
      throw new CsvError(
        lineNo,
        `expected a timestamp later than ${previous.timestamp} (line ${previous.line}), got ${show(timestamp)}`,
      );
    }
    rows.push({ line: lineNo, timestamp, time, value });
  }
  if (!headerSeen) throw new CsvError(1, 'expected the header "timestamp,value", got an empty file');
  return rows;
}
