import { z } from "zod";
import type { Collector } from "./types";
import { collectPages } from "./page";
import { pageOptions } from "./page-options";

const schemaOptions = z.object(pageOptions).strict();

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
