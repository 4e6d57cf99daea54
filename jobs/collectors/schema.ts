import { z } from "zod";
import type { Collector } from "./types";
import { collectPages } from "./page";

const schemaOptions = z
  .object({
    /** The brand's own listing: every review on it is about the brand, so the query is not applied. */
    ownListing: z.boolean().default(true),
    maxPages: z.number().int().min(1).max(50).default(5),
  })
  .strict();

export const schemaCollector: Collector<z.infer<typeof schemaOptions>> = {
  kind: "schema",
  label: "Review page (schema.org markup)",
  needsUrl: true,
  options: schemaOptions,
  matchesAll: (o) => o.ownListing,
  collect: (source, ctx) => {
    const options = schemaOptions.parse(source.options);
    return collectPages(source.url!, ctx, { kind: "schema", maxPages: options.maxPages });
  },
};
