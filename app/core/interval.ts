const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export const MIN_INTERVAL_SECONDS = 60;
export const MAX_INTERVAL_SECONDS = 7 * 86_400;

/** "15m", "1h", "90s", "1d" (or bare seconds) → seconds; throws with what was expected and what came. */
export function parseInterval(raw: string, { min = MIN_INTERVAL_SECONDS, max = MAX_INTERVAL_SECONDS } = {}): number {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(raw);
  if (!match) throw new Error(`expected an interval such as 15m, 1h or 1d, got ${JSON.stringify(raw)}`);
  const seconds = Number(match[1]) * UNITS[(match[2] || "s").toLowerCase()]!;
  if (seconds < min || seconds > max) {
    throw new Error(`expected an interval between ${formatInterval(min)} and ${formatInterval(max)}, got ${formatInterval(seconds)}`);
  }
  return seconds;
}

export function formatInterval(seconds: number): string {
  for (const [unit, size] of [["d", 86_400], ["h", 3600], ["m", 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
