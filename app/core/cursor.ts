/** A keyset position in a newest-first list ordered by (time, id): stable while new rows arrive. */
export interface TimeCursor {
  at: string;
  id: number;
}

export function encodeTimeCursor(at: Date, id: number): string {
  return `${at.toISOString()}_${id}`;
}

/** Null for anything that is not one of ours, so a hand-edited link shows the first page. */
export function decodeTimeCursor(raw: string | null | undefined): TimeCursor | null {
  if (!raw) return null;
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)_(\d{1,15})$/.exec(raw);
  if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
  return { at: match[1]!, id: Number(match[2]) };
}
