import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResetProxy } from "../../tests/helpers/reset-proxy";
import { createTestDatabase } from "../../tests/setup/test-db";
import { rowsOf, type Db } from "./client";
import { copyRows } from "./copy";

const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * PostgreSQL drops connections: a restart, a failover, an administrator's pg_terminate_backend, an idle
 * transaction's timeout. postgres.js 3.4.9 then wrote its own rollback to the closed socket from a timer, and
 * the TypeError ended the process (patches/postgres+3.4.9.patch). Vitest fails a run on any uncaught error,
 * so every test here would fail without the patch even where its own assertions pass.
 */
describe.skipIf(!serverUrl)("a connection PostgreSQL drops in the middle of a transaction", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await database.db.execute(sql`create table dropped_rows (n int not null)`);
  });
  afterAll(async () => {
    await admin?.end({ timeout: 5 });
    await database?.close();
  });

  const backendPid = async (tx: Db) => Number(rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid);
  const terminate = (pid: number) => admin`select pg_terminate_backend(${pid})`;
  const countRows = async () => Number(rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from dropped_rows`))[0]!.n);

  /** Runs `work` in a transaction, terminates its backend once `work` reports the pid, and returns how the transaction ended. */
  async function dropDuring(work: (tx: Db, started: (pid: number) => void) => Promise<void>): Promise<unknown> {
    let pid: number | null = null;
    let onPid: () => void = () => {};
    const pidKnown = new Promise<void>((resolve) => (onPid = resolve));
    const outcome = database.db
      .transaction((tx) =>
        work(tx, (p) => {
          pid = p;
          onPid();
        }),
      )
      .then(
        () => "committed",
        (error: unknown) => error,
      );
    await Promise.race([pidKnown, outcome]);
    expect(pid, "the transaction reported its backend before it ended").not.toBeNull();
    await terminate(pid!);
    return outcome;
  }

  it("fails the transaction with CONNECTION_CLOSED when a query is in flight, keeps none of its rows, and the pool serves the next query", async () => {
    for (let round = 0; round < 5; round++) {
      const outcome = await dropDuring(async (tx, started) => {
        await tx.execute(sql`insert into dropped_rows values (1), (2)`);
        started(await backendPid(tx));
        await tx.execute(sql`select pg_sleep(5)`);
      });
      expect(outcome).toMatchObject({ code: "CONNECTION_CLOSED" });
    }
    expect(await countRows()).toBe(0);
    await database.db.transaction((tx) => tx.execute(sql`insert into dropped_rows values (3)`));
    expect(await countRows()).toBe(1);
    await database.db.execute(sql`delete from dropped_rows`);
  });

  it("fails the transaction when the connection is dropped while the code between two queries runs", async () => {
    const outcome = await dropDuring(async (tx, started) => {
      await tx.execute(sql`insert into dropped_rows values (1)`);
      started(await backendPid(tx));
      // The server closes the socket while the transaction is idle; the next query finds it gone.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.execute(sql`insert into dropped_rows values (2)`);
    });
    expect(outcome).toBeInstanceOf(Error);
    expect(await countRows()).toBe(0);
  });

  it("fails a savepoint's queries that were waiting behind a busy connection, rather than leaving them pending", async () => {
    for (let round = 0; round < 3; round++) {
      let bodyEnded: (how: string) => void = () => {};
      const body = new Promise<string>((resolve) => (bodyEnded = resolve));
      const outcome = await dropDuring((tx, started) =>
        tx.transaction(async (sp) => {
          started(await backendPid(sp));
          // The sleep holds the connection; the first parameterised insert fills it (the driver waits for its
          // description), and the second waits in the driver's queue for room.
          const queued = [sql`select pg_sleep(5)`, sql`insert into dropped_rows values (${round})`, sql`insert into dropped_rows values (${round + 10})`].map((q) => sp.execute(q));
          const settled = await Promise.allSettled(queued);
          bodyEnded(settled.map((s) => s.status).join(","));
          const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
          if (failure) throw failure.reason;
        }),
      );
      expect(outcome).toBeInstanceOf(Error);
      const pending = new Promise<string>((resolve) => setTimeout(() => resolve("still pending"), 2000));
      expect(await Promise.race([body, pending])).toBe("rejected,rejected,rejected");
    }
    expect(await countRows()).toBe(0);
  });

  it("fails a COPY whose connection is dropped while megabytes are still being sent, and a later COPY completes", async () => {
    const lines = Array.from({ length: 1_500_000 }, (_, i) => `${i}\n`).join("");
    const outcome = await dropDuring(async (tx, started) => {
      const pid = await backendPid(tx);
      const copying = copyRows(tx, "dropped_rows", ["n"], lines);
      started(pid);
      await copying;
    });
    expect(outcome).toBeInstanceOf(Error);
    expect(await countRows()).toBe(0);
    await database.db.transaction((tx) => copyRows(tx, "dropped_rows", ["n"], "7\n8\n"));
    expect(await countRows()).toBe(2);
    await database.db.execute(sql`delete from dropped_rows`);
  });

  it("fails only the first query when the connection is reset during the driver's own type look-up, and the next one succeeds", async () => {
    // The look-up is the first thing the driver runs on every new connection.
    const proxy = await startResetProxy(database.url!, "pg_catalog.pg_type");
    const client = postgres(proxy.url, { max: 1, onnotice: () => {} });
    try {
      await expect(client`select 1 as one`).rejects.toMatchObject({ code: "ECONNRESET" });
      expect(proxy.resets()).toBe(1);
      expect(await client`select 2 as two`).toEqual([{ two: 2 }]);
    } finally {
      await client.end({ timeout: 5 });
      await proxy.close();
    }
  });
});
