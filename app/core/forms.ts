import { idParam } from "./params";
import { z } from "zod";
import { parseQuery, QueryError } from "./query";
import { isWeakPassword } from "./weak-passwords";

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

export const emailField = z
  .string({ error: "Enter an email address" })
  .trim()
  .max(254, "Keep the email address under 254 characters")
  .pipe(z.email({ error: "Enter an email address such as name@example.com" }));

export const newPassword = z
  .string({ error: "Choose a password of at least 8 characters" })
  .min(8, "Choose a password of at least 8 characters")
  .max(128, "Keep the password under 128 characters")
  .refine((p) => !isWeakPassword(p), "This password is among the first ones attackers try; choose another");

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024),
  next: z.string().optional(),
});

export const firstRunSchema = onboardingSchema.extend({
  email: emailField,
  password: newPassword,
  ownerName: z.string().trim().max(120).optional(),
});

export const roleField = z.enum(["owner", "responder", "viewer"], { error: "Choose owner, responder or viewer" });

export const inviteSchema = z.object({
  intent: z.literal("invite"),
  email: emailField,
  role: roleField,
  /** Empty → every brand; otherwise only these. */
  brandIds: z.array(idParam).optional(),
});

export const acceptInviteSchema = z.object({
  name: z.string().trim().max(120).optional(),
  password: newPassword,
});

export const changePasswordSchema = z.object({
  current: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(1024),
  password: newPassword,
});

/** The CSS selector fields of a "selectors" source, in the order the form shows them. */
export const SELECTOR_FIELDS = ["item", "text", "title", "author", "rating", "date", "link", "next"] as const;

/** The source form's flat fields → the kind's options object, which the kind's own schema then validates. */
export function sourceOptionsFromForm(kind: string, form: FormData): Record<string, unknown> {
  const maxPages = Number(form.get("maxPages") || 5);
  if (kind === "feed") return { matchAll: form.get("matchAll") === "on" };
  const base = { ownListing: form.get("ownListing") === "on", maxPages };
  if (kind !== "selectors") return base;
  const selectors: Record<string, string> = {};
  for (const field of SELECTOR_FIELDS) {
    const value = String(form.get(`sel_${field}`) ?? "").trim();
    if (value) selectors[field] = value;
  }
  return { ...base, selectors };
}
