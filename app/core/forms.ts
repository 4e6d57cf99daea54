import { z } from "zod";
import { parseQuery, QueryError } from "./query";

/** A brand query that our matcher accepts; the parser's own message says where and what went wrong. */
export const brandQuery = z
  .string({ error: "Enter the words people use for your brand" })
  .trim()
  .min(1, "Enter the words people use for your brand")
  .max(2000, "Keep the query under 2000 characters")
  .superRefine((value, ctx) => {
    try {
      parseQuery(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof QueryError ? error.message : String(error) });
    }
  });

export const httpUrl = z
  .string({ error: "Enter a URL starting with http:// or https://" })
  .trim()
  .max(2048, "Keep the URL under 2048 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, "Enter a URL starting with http:// or https://");

export const brandName = z
  .string({ error: "Enter the brand's name" })
  .trim()
  .min(1, "Enter the brand's name")
  .max(120, "Keep the name under 120 characters");

export const onboardingSchema = z.object({ name: brandName, query: brandQuery, feedUrl: httpUrl });
