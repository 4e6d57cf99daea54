import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { TimeCursor } from "~/core/cursor";

/** Rows after `cursor` in a newest-first list ordered by (`at`, `id`); no condition without a cursor. */
export function olderThan(at: AnyPgColumn, id: AnyPgColumn, cursor: TimeCursor | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const time = new Date(cursor.at);
  return or(lt(at, time), and(eq(at, time), lt(id, cursor.id)));
}
