import { describe, expect, it } from "vitest";
import { getEnv } from "./env.server";

describe("getEnv", () => {
  it("fills the documented defaults for an empty environment", () => {
    const env = getEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", FETCH_ALLOWLIST: [], SCHEDULER_CRON: "* * * * *" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR.endsWith("/data")).toBe(true);
  });

  it("names the variable, what it expected and what came", () => {
    expect(() => getEnv({ PORT: "eighty" })).toThrow(/PORT: .*\(got "eighty"\)/);
    expect(() => getEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("stops a production server on PostgreSQL that has no session secret", () => {
    expect(() => getEnv({ DATABASE_URL: "postgres://db/earshot", NODE_ENV: "production" })).toThrow(/SESSION_SECRET: expected a secret of at least 32 characters/);
    expect(getEnv({ DATABASE_URL: "postgres://db/earshot", NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).SESSION_SECRET).toHaveLength(32);
  });

  it("reads an empty COLLECT_THREADS as the machine's default, and 0 as no threads", () => {
    expect(getEnv({ COLLECT_THREADS: "" }).COLLECT_THREADS).toBeUndefined();
    expect(getEnv({ COLLECT_THREADS: " " }).COLLECT_THREADS).toBeUndefined();
    expect(getEnv({ COLLECT_THREADS: "0" }).COLLECT_THREADS).toBe(0);
    expect(() => getEnv({ COLLECT_THREADS: "-1" })).toThrow(/COLLECT_THREADS/);
    expect(getEnv({}).COLLECT_CONCURRENCY).toBe(4);
  });

  it("splits the fetch allowlist on commas", () => {
    expect(getEnv({ FETCH_ALLOWLIST: " 127.0.0.1, 10.0.0.0/8 ,," }).FETCH_ALLOWLIST).toEqual(["127.0.0.1", "10.0.0.0/8"]);
  });

  it("refuses email without a public address, so no link is built from a request's Host header", () => {
    expect(() => getEnv({ SMTP_URL: "smtp://mail.example:587" })).toThrow(/PUBLIC_URL: expected the address people reach Earshot at .* whenever SMTP_URL is set/);
    expect(getEnv({ SMTP_URL: "smtp://mail.example:587", PUBLIC_URL: "https://earshot.example.com" }).PUBLIC_URL).toBe("https://earshot.example.com");
  });
});
