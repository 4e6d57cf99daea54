import { z } from "zod";
import { ExtractError, parseSelectorSpec, selectorSpecSchema } from "~/core/extract";

/** Options every review-page kind shares. */
export const pageOptions = {
  /** The brand's own listing: every review on it is about the brand, so the query is not applied. */
  ownListing: z.boolean().default(true),
  maxPages: z.number().int().min(1).max(50).default(5),
};

/** The selector spec, compiled once here so a selector that is not valid CSS is refused when saved, not at every run. */
export const compiledSelectors = selectorSpecSchema.superRefine((spec, ctx) => {
  try {
    parseSelectorSpec(spec);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof ExtractError ? error.message : String(error) });
  }
});
