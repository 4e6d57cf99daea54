import path from "node:path";
import { z } from "zod";

const commaList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./data"),
  FETCH_ALLOWLIST: commaList,
  SCHEDULER_CRON: z.string().min(1).default("* * * * *"),
  WORKER_ID: z.string().min(1).optional(),
  /** Sources one jobs process collects at once. */
  COLLECT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Threads a jobs process reads pages on; unset: one fewer than the machine's cores (at most 8). */
  // An empty value means the default, not zero threads (which is what coercing "" would give).
  COLLECT_THREADS: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().int().min(0).max(32).optional()),
  /** Signs the session cookie. Required with DATABASE_URL in production; otherwise kept under DATA_DIR. */
  SESSION_SECRET: z.string().min(32, "expected at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  /** The address users reach Earshot at: links in emails, the same-origin check, Secure cookies under https. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://earshot.example.com" }).optional().or(z.literal("").transform(() => undefined)),
  /** smtp://user:password@host:port or smtps://…; unset → no email is sent (links are shown in the UI). */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "expected an smtp:// or smtps:// URL").optional().or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Earshot <earshot@localhost>"),
  /** Host names (besides localhost and PUBLIC_URL's) that requests may name; guards against DNS rebinding. */
  ALLOWED_HOSTS: commaList,
  /** Behind a reverse proxy: how to trust X-Forwarded-For (express "trust proxy": a hop count, "loopback", addresses). */
  TRUST_PROXY: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** How a bad value is echoed: secrets only by their length, URLs without their password. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return "nothing";
  if (/SECRET|PASSWORD|TOKEN/.test(name)) return `a value of ${value.length} characters`;
  return JSON.stringify(value.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@"));
}

/** Validated once; a bad variable stops the process with a message naming it, what was expected and what came. */
export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (cached && source === process.env) return cached;
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return `  ${name}: ${issue.message} (got ${shown(name, source[name])})`;
    });
    throw new Error(`invalid environment:\n${lines.join("\n")}`);
  }
  const env = { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
  if (!env.SESSION_SECRET && env.DATABASE_URL && env.NODE_ENV === "production") {
    throw new Error(
      "invalid environment:\n  SESSION_SECRET: expected a secret of at least 32 characters when DATABASE_URL is set " +
        "in production (got nothing); generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"",
    );
  }
  // Emailed links need an address that does not come from the request: a forged Host header would
  // otherwise put an attacker's site in someone's password reset email.
  if (env.SMTP_URL && !env.PUBLIC_URL) {
    throw new Error(
      "invalid environment:\n  PUBLIC_URL: expected the address people reach Earshot at (such as https://earshot.example.com) " +
        "whenever SMTP_URL is set, because emailed links are built from it (got nothing)",
    );
  }
  if (source === process.env) cached = env;
  return env;
}
