import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FixtureServer {
  server: http.Server;
  port: number;
  /** "http://127.0.0.1:PORT" */
  origin: string;
  requests: RecordedRequest[];
  /** How many requests asked for `path` (path includes the query string). */
  hits(path: string): number;
  close(): Promise<void>;
}

export type FixtureHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** A real HTTP server on 127.0.0.1 and an ephemeral port, recording every request it sees. */
export async function startServer(handler: FixtureHandler): Promise<FixtureServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      // A broken fixture should fail loudly in the test's response, not hang it.
      if (!res.headersSent) res.statusCode = 599;
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A lookup that answers only for the names given, like a tiny hosts file; others fail as NXDOMAIN. */
export function staticLookup(table: Record<string, string | string[]>) {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const answer = table[hostname];
    if (answer === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    }
    return (Array.isArray(answer) ? answer : [answer]).map((address) => ({
      address,
      family: (address.includes(":") ? 6 : 4) as 4 | 6,
    }));
  };
  return Object.assign(lookup, { calls });
}

/** Sleep that returns at once and remembers what it was asked to wait, so retry tests run in milliseconds. */
export function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return Object.assign(sleep, { waits });
}

/** A politeness gate that never waits and records which host each request was for. */
export function recordingGate() {
  const hosts: string[] = [];
  return {
    hosts,
    async acquire(host: string) {
      hosts.push(host);
    },
  };
}

/** Writes `total` bytes in `chunk`-sized pieces, waiting for drain, and reports how many it got out. */
export function streamBytes(
  res: http.ServerResponse,
  total: number,
  chunk: number,
  onDone: (written: number, closedEarly: boolean) => void,
): void {
  const piece = Buffer.alloc(chunk, 0x61);
  let written = 0;
  let finished = false;
  const finish = (closedEarly: boolean) => {
    if (finished) return;
    finished = true;
    onDone(written, closedEarly);
  };
  res.on("close", () => finish(written < total));
  const pump = () => {
    while (written < total && !res.destroyed) {
      const size = Math.min(chunk, total - written);
      written += size;
      if (!res.write(size === chunk ? piece : piece.subarray(0, size))) {
        res.once("drain", pump);
        return;
      }
    }
    if (written >= total && !res.destroyed) res.end(() => finish(false));
  };
  pump();
}

/**
 * A throwaway self-signed certificate for "allowed.test", for tests that only need a TLS handshake to
 * happen (it is trusted by nothing, so every client rejects it after the ClientHello).
 */
export const SELF_SIGNED_ALLOWED_TEST = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpg0A5zsOrwjJof9W
UUkMhUvZz6fuGKEjpo1y1MHG51ChRANCAASwxY84QLIHxlNHRbmj0HhCxLSsT2Rp
zEixpXOFsFMDRsLpzdKFwXOqgoUc6KZwh8LYoqTGhxVIStV2Oax7HBIh
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBnzCCAUSgAwIBAgIUTnwDdmdP6ASNbc0kj7i0IN2XA2IwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMYWxsb3dlZC50ZXN0MCAXDTI2MTEyNTEyNDMyMVoYDzIxMjYx
MTAxMTI0MzIxWjAXMRUwEwYDVQQDDAxhbGxvd2VkLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASwxY84QLIHxlNHRbmj0HhCxLSsT2RpzEixpXOFsFMDRsLp
zdKFwXOqgoUc6KZwh8LYoqTGhxVIStV2Oax7HBIho2wwajAdBgNVHQ4EFgQU+5X3
nHmqZ75q0AsS/qkF44mSawUwHwYDVR0jBBgwFoAU+5X3nHmqZ75q0AsS/qkF44mS
awUwDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxhbGxvd2VkLnRlc3QwCgYI
KoZIzj0EAwIDSQAwRgIhAPJQ63rRh5r38Du9ykUeeOh8WWwkkioWE3SAPwUzKUTZ
AiEAhRG1LAyCNsdpXm3YQ68DJVakoo50+/CJLso0ascKvw4=
-----END CERTIFICATE-----
`,
};
