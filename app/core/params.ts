import { z } from "zod";

export const idParam = z.coerce.number().int().positive();

/** A route id that is not a positive integer is a 404, not a crash. */
export function parseId(raw: string | undefined): number | null {
  const parsed = idParam.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
