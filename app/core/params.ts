import { z } from "zod";

/** Row ids are PostgreSQL integers: anything outside 1 … 2³¹−1 names no row and must not reach a query. */
export const idParam = z.coerce
  .number({ error: "expected an id (a whole number)" })
  .int("expected an id (a whole number)")
  .positive("expected an id above 0")
  .max(2_147_483_647, "expected an id that exists; this one is out of range");

/** A route id that is not a valid row id is a 404, not a crash. */
export function parseId(raw: string | undefined): number | null {
  const parsed = idParam.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
