import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/setup/test-db";
import { rowsOf } from "./client";
import { copyField, copyPaysOff, copyRows } from "./copy";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let table = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function freshTable(): Promise<string> {
  const name = `copy_probe_${++table}`;
  await database.db.execute(sql.raw(`create table ${name} (n integer not null, t text, x real, w jsonb, at timestamptz)`));
  return name;
}

const line = (fields: (string | number | null)[]) => `${fields.map(copyField).join("\t")}\n`;

describe("copyRows", () => {
  it("writes text with tabs, line breaks, backslashes and quotes back exactly as it was", async () => {
    const name = await freshTable();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 20 }), async (texts) => {
        const cleaned = texts.map((t) => t.replace(/\u0000/g, ""));
        await database.db.execute(sql.raw(`truncate ${name}`));
        await database.db.transaction((tx) => copyRows(tx, name, ["n", "t"], cleaned.map((t, i) => line([i, t])).join("")));
        const rows = rowsOf<{ n: number; t: string }>(await database.db.execute(sql.raw(`select n, t from ${name} order by n`)));
        expect(rows.map((r) => r.t)).toEqual(cleaned);
      }),
      { numRuns: 40 },
    );
    const tricky = ["a\tb", "two\nlines", "back\\slash", "\\N", "\\.", "end\\", "\r\n", '{"quoted": "\\"x\\""}'];
    await database.db.execute(sql.raw(`truncate ${name}`));
    await database.db.transaction((tx) => copyRows(tx, name, ["n", "t"], tricky.map((t, i) => line([i, t])).join("")));
    const rows = rowsOf<{ t: string }>(await database.db.execute(sql.raw(`select t from ${name} order by n`)));
    expect(rows.map((r) => r.t)).toEqual(tricky);
  });

  it("stores null, numbers, JSON and times as the columns' types read them", async () => {
    const name = await freshTable();
    const words = JSON.stringify([{ term: 'say "hi"\\', weight: -1.5 }]);
    await database.db.transaction((tx) =>
      copyRows(tx, name, ["n", "t", "x", "w", "at"], line([1, null, 4.5, words, "2026-11-20T10:00:00.000Z"]) + line([2, "", Number.NaN, null, null])),
    );
    const rows = rowsOf<{ n: number; t: string | null; x: number | null; w: unknown; at: string | Date | null }>(
      await database.db.execute(sql.raw(`select n, t, x, w, at from ${name} order by n`)),
    );
    expect(rows[0]).toMatchObject({ t: null, x: 4.5, w: [{ term: 'say "hi"\\', weight: -1.5 }] });
    expect(new Date(rows[0]!.at!).toISOString()).toBe("2026-11-20T10:00:00.000Z");
    // An empty text is not NULL, and NaN is NULL as JSON would have it.
    expect(rows[1]).toMatchObject({ t: "", x: null, w: null, at: null });
  });

  it("rolls back with its transaction when a line is bad, leaving nothing of the batch", async () => {
    const name = await freshTable();
    const lines = line([1, "fine"]) + line([2, "fine too"]) + `not a number\tbad\n`;
    await expect(database.db.transaction((tx) => copyRows(tx, name, ["n", "t"], lines))).rejects.toThrow(/invalid input syntax for type integer/);
    const rows = rowsOf(await database.db.execute(sql.raw(`select * from ${name}`)));
    expect(rows).toHaveLength(0);
    // The connection is still good for the next transaction.
    await database.db.transaction((tx) => copyRows(tx, name, ["n", "t"], line([3, "after"])));
    expect(rowsOf(await database.db.execute(sql.raw(`select n from ${name}`)))).toHaveLength(1);
  });

  it("rolls back when the server refuses a line while the rest is still being sent", async () => {
    const name = await freshTable();
    // Megabytes behind the bad first line: the refusal arrives before the last of them has gone out.
    const filler = line([2, "x".repeat(1000)]).repeat(8000);
    await expect(database.db.transaction((tx) => copyRows(tx, name, ["n", "t"], `not a number\tbad\n${filler}`))).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
    expect(rowsOf(await database.db.execute(sql.raw(`select * from ${name}`)))).toHaveLength(0);
    await database.db.transaction((tx) => copyRows(tx, name, ["n", "t"], line([3, "after"])));
    expect(rowsOf(await database.db.execute(sql.raw(`select n from ${name}`)))).toHaveLength(1);
  });

  it("is chosen over an insert on PostgreSQL only, where it costs less", async () => {
    // Drizzle's session is where the driver's transaction is found: if that moved, COPY would silently stop.
    const pays = await database.db.transaction(async (tx) => copyPaysOff(tx));
    expect(pays).toBe(database.kind === "postgres");
  });

  it("refuses anything that is not a transaction of either driver", async () => {
    await expect(copyRows({} as never, "t", ["n"], "1\n")).rejects.toThrow(/expected a transaction of postgres.js or PGlite/);
  });
});
