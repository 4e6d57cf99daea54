/**
 * Reading the dates that feeds and review pages actually print, into ISO 8601 UTC strings.
 *
 * Handles ISO 8601 (with or without time and zone), RFC 822 and its common corruptions (two-digit
 * years, missing seconds, "1500" for "15:00", named zones, stray whitespace), month names in several
 * languages ("Seg, 24 Set 2018", "29. Juli 2023"), prose around the date ("Reviewed in the United
 * States on July 28, 2023"), numeric dates (28.07.2023, 07/28/2023), CJK dates, and relative dates
 * ("3 days ago") when the caller supplies the current time. Pure: no clock is read.
 * A date without a zone is taken as UTC.
 */

import { isoTime } from "../iso-time";

export interface ParseDateOptions {
  /** Needed only for relative dates ("yesterday", "3 days ago"); without it they give null. */
  now?: Date;
  /** Read ambiguous slash/dash dates such as 03/04/2023 as day-first (default: month-first). */
  dayFirst?: boolean;
}

const MONTHS: Record<string, number> = {};
function months(names: string): void {
  names.split(" ").forEach((group, i) => {
    for (const name of group.split("|")) MONTHS[name] = i + 1;
  });
}
// Names are matched after lower-casing and stripping accents.
months("january|jan february|feb march|mar april|apr may june|jun july|jul august|aug september|sep|sept october|oct november|nov december|dec");
months("januar|janner|jan februar|feber march|marz|mrz|maerz april mai juni juli august september oktober|okt november dezember|dez");
months("janvier|janv fevrier|fevr|fev mars avril|avr mai juin juillet|juil aout septembre octobre novembre decembre");
months("enero|ene febrero marzo abril|abr mayo junio julio agosto|ago septiembre|setiembre|set octubre noviembre diciembre|dic");
months("janeiro fevereiro marco maio junho julho agosto setembro outubro|out novembro dezembro");
months("gennaio|gen febbraio marzo aprile maggio|mag giugno|giu luglio|lug agosto settembre ottobre|ott novembre dicembre");
months("januari februari maart|mrt april mei juni juli augustus september oktober november december");
months("ιανουαριου|ιανουαριος|ιαν φεβρουαριου|φεβρουαριος|φεβ μαρτιου|μαρτιος|μαρ απριλιου|απριλιος|απρ μαιου|μαιος|μαι ιουνιου|ιουνιος|ιουν ιουλιου|ιουλιος|ιουλ αυγουστου|αυγουστος|αυγ σεπτεμβριου|σεπτεμβριος|σεπ οκτωβριου|οκτωβριος|οκτ νοεμβριου|νοεμβριος|νοε δεκεμβριου|δεκεμβριος|δεκ");
// Russian month names inflect ("июля", "января"), so they are recognised by their stems.
const RUSSIAN: Array<[RegExp, number]> = [
  [/^янв/, 1], [/^фев/, 2], [/^мар/, 3], [/^апр/, 4], [/^ма[йя]$/, 5], [/^июн/, 6],
  [/^июл/, 7], [/^авг/, 8], [/^сен/, 9], [/^окт/, 10], [/^ноя/, 11], [/^дек/, 12],
];

function monthNumber(word: string): number | null {
  const w = word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/\.$/, "");
  const direct = MONTHS[w];
  if (direct) return direct;
  if (/^[а-яё]+$/.test(w)) {
    for (const [stem, month] of RUSSIAN) if (stem.test(w)) return month;
  }
  return null;
}

const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, akst: -540, akdt: -480, hst: -600, cet: 60, cest: 120, met: 60, mest: 120,
  eet: 120, eest: 180, west: 60, bst: 60, msk: 180, jst: 540, kst: 540, hkt: 480, sgt: 480,
  aest: 600, aedt: 660, acst: 570, awst: 480, nzst: 720, nzdt: 780,
};

/** Minutes east of UTC for a zone written at the start of `s`, or null if none is there. */
function readZone(s: string): number | null {
  const m = s.match(/^\s*(?:(gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?(?![\d:])/i);
  if (m) {
    const minutes = Number(m[3]) * 60 + Number(m[4] ?? 0);
    if (Number(m[3]) > 14 || Number(m[4] ?? 0) > 59) return null;
    return m[2] === "-" ? -minutes : minutes;
  }
  const named = s.match(/^\s*\(?([a-z]{1,5})\)?(?![a-z])/i);
  if (named && named[1].toLowerCase() in ZONES) return ZONES[named[1].toLowerCase()];
  return null;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  // Arithmetic, not a Date: this runs for every dated item of every feed.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 50 ? 2000 + n : 1900 + n;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  ms?: number;
  /** Minutes east of UTC. */
  offset?: number;
}

function toIso(p: Parts): string | null {
  const { year, month, day } = p;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const second = Math.min(p.second ?? 0, 59);
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 24 || minute > 59 || (hour === 24 && (minute > 0 || second > 0))) return null;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, p.ms ?? 0) - (p.offset ?? 0) * 60_000;
  return Number.isFinite(t) ? isoTime(t) : null;
}

// Time of day somewhere in `s`: 21:16:39, 9:05 pm, 10.15 Uhr is not attempted (too ambiguous).
function readTime(s: string): { hour: number; minute: number; second: number; ms: number; start: number; end: number } | null {
  const m = s.match(/(?<![\d.:])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?![\d:])(\s*([ap])\.?\s?m\.?(?![a-z]))?/i);
  if (!m || m.index === undefined) return null;
  let hour = Number(m[1]);
  if (m[6]) {
    if (hour < 1 || hour > 12) return null;
    const pm = m[6].toLowerCase() === "p";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const ms = m[4] ? Math.round(Number(`0.${m[4]}`) * 1000) : 0;
  return { hour, minute: Number(m[2]), second: Number(m[3] ?? 0), ms: Math.min(ms, 999), start: m.index, end: m.index + m[0].length };
}

// Adds the time (and zone) printed right after the date (ending at `from`), or right before it (the
// date starting at `dateStart`). A time further away belongs to something else.
function withTime(s: string, from: number, date: Parts, dateStart = -1): Parts {
  const rest = s.slice(from);
  // RFC 822 as some servers write it: "03 Apr 02 1500 GMT".
  const compact = rest.match(/^\s+(\d{2})(\d{2})(?=\s*(?:[a-z]{1,4}\b|[+-]\d{4}))/i);
  if (compact) {
    const zone = readZone(rest.slice(compact[0].length));
    return { ...date, hour: Number(compact[1]), minute: Number(compact[2]), offset: zone ?? 0 };
  }
  const time = readTime(rest);
  if (time && time.start < 24) {
    const zone = readZone(rest.slice(time.end));
    return { ...date, hour: time.hour, minute: time.minute, second: time.second, ms: time.ms, offset: zone ?? 0 };
  }
  const before = dateStart > 0 ? s.slice(Math.max(0, dateStart - 24), dateStart) : "";
  const earlier = readTime(before);
  if (earlier) {
    const zone = readZone(before.slice(earlier.end));
    return { ...date, hour: earlier.hour, minute: earlier.minute, second: earlier.second, offset: zone ?? 0 };
  }
  return date;
}

function parseIso(s: string): string | null | undefined {
  const m = s.match(
    /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)/i,
  ) ?? s.match(/(?<!\d)(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?!\d)/i);
  if (!m) return undefined;
  let offset = 0;
  if (m[8] && m[8].toUpperCase() !== "Z") offset = readZone(m[8]) ?? 0;
  else if (!m[8] && m[4] !== undefined) {
    // "2023-07-28 10:15 PDT"
    offset = readZone(s.slice((m.index ?? 0) + m[0].length)) ?? 0;
  }
  return toIso({
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: m[4] === undefined ? undefined : Number(m[4]),
    minute: m[5] === undefined ? undefined : Number(m[5]),
    second: m[6] === undefined ? undefined : Number(m[6]),
    ms: m[7] ? Math.min(999, Math.round(Number(`0.${m[7]}`) * 1000)) : 0,
    offset,
  });
}

const ENGLISH_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// The shape nearly every feed uses ("Thu, 12 Nov 2015 21:16:39 +0000"), read without the general
// machinery; undefined hands anything else to it.
function parseRfc822(s: string): string | null | undefined {
  const m = s.match(/^(?:[A-Za-z]{3},? )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ?(.*)$/);
  if (!m) return undefined;
  const month = ENGLISH_MONTHS.indexOf(m[2].toLowerCase()) + 1;
  if (month === 0) return undefined;
  const zone = m[7] ? readZone(m[7]) : 0;
  if (zone === null) return undefined;
  return toIso({ year: Number(m[3]), month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), offset: zone });
}

function parseNamedMonth(s: string): string | null {
  type Hit = { index: number; end: number; parts: Parts; iso?: string };
  const hits: Hit[] = [];
  const consider = (index: number, end: number, monthWord: string, day: string, year: string) => {
    const month = monthNumber(monthWord);
    if (!month) return;
    hits.push({ index, end, parts: { year: fullYear(year), month, day: Number(day) } });
  };
  // 12 Nov 2015 · 29. Juli 2023 · 3 de março de 2021 · 03 Apr 02
  for (const m of s.matchAll(/(?<![\d.])(\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+|-)?(\p{L}{3,}\.?)(?:,?\s*(?:de\s+)?|-)(\d{4}|\d{2})(?![\d:])/giu)) {
    consider(m.index!, m.index! + m[0].length, m[2], m[1], m[3]);
  }
  // July 28, 2023 · Nov 12 2015 · Sept. 3rd, 2021
  for (const m of s.matchAll(/(\p{L}{3,}\.?)\s*(\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{4})(?!\d)/giu)) {
    consider(m.index!, m.index! + m[0].length, m[1], m[2], m[3]);
  }
  // Thu Nov 12 21:16:39 2015 (asctime)
  for (const m of s.matchAll(/(\p{L}{3,})\s+(\d{1,2})\s+(\d{1,2}:\d{2}(?::\d{2})?)\s+(\d{4})(?!\d)/giu)) {
    const month = monthNumber(m[1]);
    if (!month) continue;
    const [h, mi, se] = m[3].split(":").map(Number);
    const zone = readZone(s.slice(m.index! + m[0].length));
    const iso = toIso({ year: Number(m[4]), month, day: Number(m[2]), hour: h, minute: mi, second: se ?? 0, offset: zone ?? 0 });
    if (iso) hits.push({ index: m.index!, end: -1, parts: { year: 0, month: 0, day: 0 }, iso });
  }
  hits.sort((a, b) => a.index - b.index);
  for (const hit of hits) {
    if (hit.iso) return hit.iso;
    const iso = toIso(withTime(s, hit.end, hit.parts, hit.index));
    if (iso) return iso;
  }
  return null;
}

function parseNumeric(s: string, dayFirst: boolean): string | null {
  // 2023/07/28, 2023.07.28
  const ymd = s.match(/(?<![\d.])(\d{4})([./])(\d{1,2})\2(\d{1,2})(?![\d])/);
  if (ymd) {
    const iso = toIso(withTime(s, ymd.index! + ymd[0].length, { year: Number(ymd[1]), month: Number(ymd[3]), day: Number(ymd[4]) }));
    if (iso) return iso;
  }
  const m = s.match(/(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])/);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  let dayFirstHere = m[2] === "." ? true : dayFirst;
  if (a > 12 && b <= 12) dayFirstHere = true;
  else if (b > 12 && a <= 12) dayFirstHere = false;
  const [day, month] = dayFirstHere ? [a, b] : [b, a];
  return toIso(withTime(s, m.index! + m[0].length, { year: fullYear(m[4]), month, day }));
}

function parseCjk(s: string): string | null {
  const m = s.match(/(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?/);
  if (!m) return null;
  return toIso(withTime(s, m.index! + m[0].length, { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }));
}

const UNIT_MS: Record<string, number> = {
  second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000,
};

function parseRelative(s: string, now: Date): string | null {
  const lower = s.toLowerCase();
  const base = now.getTime();
  if (/\b(just now|moments? ago)\b/.test(lower)) return new Date(base).toISOString();
  if (/\btoday\b/.test(lower)) return new Date(base).toISOString();
  if (/\byesterday\b/.test(lower)) return new Date(base - UNIT_MS.day).toISOString();
  const m = lower.match(/\b(\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s?\s+ago\b/);
  if (!m) return null;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
  if (m[2] === "month" || m[2] === "year") {
    const d = new Date(base);
    if (m[2] === "month") d.setUTCMonth(d.getUTCMonth() - n);
    else d.setUTCFullYear(d.getUTCFullYear() - n);
    return d.toISOString();
  }
  return new Date(base - n * UNIT_MS[m[2]]).toISOString();
}

/**
 * Reads a date from free text or a machine format; returns an ISO 8601 UTC string
 * (e.g. "2023-07-28T00:00:00.000Z"), or null when no valid date can be read.
 */
export function parseDate(input: string | number | null | undefined, options: ParseDateOptions = {}): string | null {
  if (input === null || input === undefined) return null;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return null;
    const ms = input > 1e11 ? input : input * 1000;
    return toIsoFromMs(ms);
  }
  const s = input.replace(/\s+/g, " ").trim().slice(0, 300);
  if (!s) return null;
  if (/^\d{10}(\.\d+)?$/.test(s)) return toIsoFromMs(Number(s) * 1000);
  if (/^\d{13}$/.test(s)) return toIsoFromMs(Number(s));
  const rfc = parseRfc822(s);
  if (rfc !== undefined) return rfc;
  const iso = parseIso(s);
  if (iso !== undefined) return iso;
  return (
    parseCjk(s) ??
    parseNamedMonth(s) ??
    parseNumeric(s, options.dayFirst ?? false) ??
    (options.now ? parseRelative(s, options.now) : null)
  );
}

function toIsoFromMs(ms: number): string | null {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return Number.isFinite(ms) && y >= 1970 && y <= 2200 ? d.toISOString() : null;
}
