import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db/client";
import { createTestDatabase } from "../tests/setup/test-db";
import { createDbPoliteness } from "./db-politeness";

describe("politeness kept in the database", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let other: Database | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
    // On PostgreSQL the second worker has its own connections, as another process would.
    if (database.url) other = await openDatabase({ url: database.url, max: 2 });
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });

  it("spaces requests to one host across two workers, and leaves other hosts alone", async () => {
    const now = () => new Date();
    const a = createDbPoliteness(database.db, { now, minIntervalMs: 250 });
    const b = createDbPoliteness((other ?? database).db, { now, minIntervalMs: 250 });
    const start = Date.now();
    const times: number[] = [];
    const hit = async (gate: typeof a, host: string) => {
      await gate.acquire(host);
      if (host === "reviews.example") times.push(Date.now() - start);
    };
    await Promise.all([hit(a, "reviews.example"), hit(b, "reviews.example"), hit(a, "reviews.example"), hit(b, "reviews.example"), hit(b, "blog.example")]);
    times.sort((x, y) => x - y);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(230);
    const otherHost = Date.now();
    await a.acquire("news.example");
    expect(Date.now() - otherHost).toBeLessThan(200);
  });

  it("gives up waiting when the caller aborts", async () => {
    const gate = createDbPoliteness(database.db, { now: () => new Date(), minIntervalMs: 5_000 });
    await gate.acquire("slow.example");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stopping")), 50);
    await expect(gate.acquire("slow.example", controller.signal)).rejects.toThrow("stopping");
  });
});
