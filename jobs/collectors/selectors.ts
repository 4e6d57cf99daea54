import { z } from "zod";
import { selectorSpecSchema } from "~/core/extract";
import type { Collector } from "./types";
import { collectPages } from "./page";

const selectorsOptions = z
  .object({
    selectors: selectorSpecSchema,
    ownListing: z.boolean().default(true),
    maxPages: z.number().int().min(1).max(50).default(5),
  })
  .strict();

export const selectorsCollector: Collector<z.infer<typeof selectorsOptions>> = {
  kind: "selectors",
  label: "Review page (CSS selectors)",
  needsUrl: true,
  options: selectorsOptions,
  matchesAll: (o) => o.ownListing,
  collect: (source, ctx) => {
    const options = selectorsOptions.parse(source.options);
    return collectPages(source.url!, ctx, { kind: "selectors", maxPages: options.maxPages, selectors: options.selectors });
  },
};
