import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf } from "./client";

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("openDatabase on PostgreSQL", () => {
  it("connects through the next host of the URL when the first one refuses", async () => {
    const url = new URL(serverUrl!);
    // Port 1 on this machine refuses at once; the URL's own server comes second.
    const both = serverUrl!.replace(`@${url.host}`, `@127.0.0.1:1,${url.host}`);
    expect(both).not.toBe(serverUrl);
    const database = await openDatabase({ url: both, max: 1 });
    try {
      const rows = rowsOf<{ port: number }>(await database.db.execute(sql`select inet_server_port() as port`));
      expect(Number(rows[0]!.port)).toBe(Number(url.port || 5432));
    } finally {
      await database.close();
    }
  });

  it("fails with the connection's own error when its only host refuses", async () => {
    await expect(openDatabase({ url: "postgres://postgres@127.0.0.1:1/none", max: 1 })).rejects.toThrow(/ECONNREFUSED 127\.0\.0\.1:1/);
  });
});
