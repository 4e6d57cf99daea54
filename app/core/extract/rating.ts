/**
 * Reading a star rating from what review pages print: "4.0 out of 5 stars", "8/10", "★★★☆☆",
 * "4,5 von 5 Sternen", "Rated 4 of 5", "90%", a bare "4", or a class name such as "a-star-4-5".
 * The scale (`max`) is read when printed, else inferred: stars and numbers up to 5 are out of 5,
 * up to 10 out of 10, percentages out of 100.
 */

export interface Rating {
  value: number;
  max: number;
}

const NUMBER = String.raw`(\d{1,3}(?:[.,]\d{1,2})?)`;
// "of" in the languages reviews most often come in, and the slash.
const OUT_OF = new RegExp(
  `${NUMBER}\\s*(?:out\\s+of|of|/|von|sur|de|su|из|van|av|z|na)\\s*${NUMBER}(?![\\d.,]*\\d)`,
  "i",
);
const STAR_WORD = new RegExp(`${NUMBER}\\s*(?:-\\s*)?(?:stars?|sterne?n?|étoiles?|estrellas?|estrelas?|stelle|sterren|звезд\\p{L}*)`, "iu");
const PERCENT = new RegExp(`${NUMBER}\\s*%`);
const FILLED = /[★⭐🌟✪✭✮✯✰]/gu;
const EMPTY = /[☆✩]/g;
const HALF = /[½⯪⯨]/g;

function num(s: string): number {
  return Number(s.replace(",", "."));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function inferMax(value: number): number | null {
  if (value <= 5) return 5;
  if (value <= 10) return 10;
  if (value <= 100) return 100;
  return null;
}

function valid(value: number, max: number | null): Rating | null {
  if (max === null || !Number.isFinite(value) || !Number.isFinite(max)) return null;
  if (max <= 0 || max > 100 || value < 0 || value > max) return null;
  return { value: round(value), max };
}

export interface ParseRatingOptions {
  /** The scale when the text does not print one (e.g. schema.org bestRating). */
  max?: number | null;
}

/** The rating in `input`, or null when there is none (or it makes no sense, like 7 out of 5). */
export function parseRating(input: string | number | null | undefined, options: ParseRatingOptions = {}): Rating | null {
  if (input === null || input === undefined) return null;
  const given = options.max !== null && options.max !== undefined && options.max > 0 ? options.max : null;
  if (typeof input === "number") return valid(input, given ?? inferMax(input));
  const s = input.replace(/\s+/g, " ").trim().slice(0, 300);
  if (!s) return null;

  const filled = s.match(FILLED)?.length ?? 0;
  const empty = s.match(EMPTY)?.length ?? 0;
  const half = s.match(HALF)?.length ?? 0;
  if (filled + empty + half > 0 && !/\d/.test(s)) {
    const total = filled + empty + half;
    const value = filled + half / 2;
    const max = given ?? (empty + half > 0 ? total : value <= 5 ? 5 : 10);
    return valid(value, max);
  }

  const outOf = s.match(OUT_OF);
  if (outOf) {
    const max = num(outOf[2]);
    // Scales people actually use; "07/28" is a date, not 7 out of 28.
    if (!Number.isInteger(max) || (max > 10 && max !== 20 && max !== 100)) return null;
    return valid(num(outOf[1]), max);
  }
  const stars = s.match(STAR_WORD);
  if (stars) {
    const value = num(stars[1]);
    return valid(value, given ?? (value <= 5 ? 5 : 10));
  }
  const percent = s.match(PERCENT);
  if (percent) return valid(num(percent[1]), 100);

  // A lone number ("4", "Rating: 4.5"); with several numbers in sight there is no telling which.
  const numbers = s.match(/(?<![\w.,])-?\d+(?:[.,]\d+)?/g) ?? [];
  if (numbers.length !== 1) return null;
  const value = num(numbers[0]);
  return valid(value, given ?? inferMax(value));
}

/**
 * A rating spelled in a class name, as star widgets do: "a-star-4", "a-star-4-5" (4.5),
 * "rating-45" / "stars-40" (tenths of a star). Null if no class says so.
 */
export function parseRatingFromClass(className: string | null | undefined): Rating | null {
  if (!className) return null;
  for (const cls of className.split(/\s+/)) {
    const m = cls.match(/(?:^|[-_])(?:stars?|rating|rated)[-_]?(\d{1,2})(?:[-_](\d))?$/i);
    if (!m) continue;
    let value = Number(m[1]);
    if (m[2] !== undefined) value += Number(m[2]) / 10;
    else if (m[1].length === 2 && value > 10 && value <= 50 && value % 5 === 0) value /= 10;
    const r = valid(value, value <= 5 ? 5 : 10);
    if (r) return r;
  }
  return null;
}
