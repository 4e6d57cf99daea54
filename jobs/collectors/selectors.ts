import { z } from "zod";
import type { Collector } from "./types";
import { collectPages } from "./page";
import { compiledSelectors, pageOptions } from "./page-options";

const selectorsOptions = z.object({ selectors: compiledSelectors, ...pageOptions }).strict();

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
