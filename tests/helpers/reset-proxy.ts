import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export interface ResetProxy {
  /** `databaseUrl` with its host and port pointing at the proxy. */
  url: string;
  /** How many connections it has reset so far. */
  resets(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a PostgreSQL server that resets the client's connection (as a failover or a
 * restarted proxy does) when what the client sends contains `marker`, the first `times` times it does.
 */
export async function startResetProxy(databaseUrl: string, marker: string, { times = 1 } = {}): Promise<ResetProxy> {
  const target = new URL(databaseUrl);
  let resets = 0;
  const proxy = createServer((client: Socket) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    client.on("data", (chunk) => {
      if (resets < times && chunk.includes(marker)) {
        resets++;
        server.destroy();
        client.resetAndDestroy();
        return;
      }
      server.write(chunk);
    });
    server.on("data", (chunk) => client.writable && client.write(chunk));
    for (const [a, b] of [[client, server], [server, client]] as const) {
      a.on("error", () => b.destroy());
      a.on("close", () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url: url.href,
    resets: () => resets,
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}
