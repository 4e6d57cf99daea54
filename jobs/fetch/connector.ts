import { promises as dns } from "node:dns";
import { isIP, type Socket } from "node:net";
import { buildConnector } from "undici";
import { FetchRefused } from "./errors";
import { checkHostBeforeLookup, checkResolvedAddresses, normaliseHostname, type AllowList } from "./ip-policy";

export type LookupFn = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export const systemLookup: LookupFn = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface GuardedConnectorOptions {
  allow: AllowList;
  lookup: LookupFn;
  connectTimeoutMs: number;
}

// Errors that mean "this address did not answer", where trying the name's next address makes sense.
const TRY_NEXT_ADDRESS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function refusal(origin: string, why: string): FetchRefused {
  return new FetchRefused(
    "ssrf",
    origin,
    `expected ${origin} to be a public address, got ${why}; add it to FETCH_ALLOWLIST to permit it`,
  );
}

/**
 * An undici `connect` function that is the SSRF chokepoint: it resolves the name itself, refuses the
 * connection unless every resolved address passes the policy, and then dials the validated IP
 * directly, so nothing resolves the name a second time between check and use (DNS rebinding has no
 * window). Once connected it checks the socket's peer address again, which also covers literal IPs.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const dial = buildConnector({ timeout: options.connectTimeoutMs });

  return (connectOptions, callback) => {
    const hostname = normaliseHostname(connectOptions.hostname);
    const origin = `${connectOptions.protocol}//${connectOptions.host ?? hostname}`;

    const resolve = async (): Promise<string[]> => {
      const early = checkHostBeforeLookup(hostname, options.allow);
      if (!early.ok) throw refusal(origin, early.why);
      if (isIP(hostname) !== 0) return [hostname];
      const answers = await withTimeout(options.lookup(hostname), options.connectTimeoutMs, () =>
        Object.assign(new Error(`expected ${hostname} to resolve within ${options.connectTimeoutMs} ms, it did not`), {
          code: "UND_ERR_CONNECT_TIMEOUT",
        }),
      );
      const addresses = answers.map((a) => normaliseHostname(String(a.address)));
      const invalid = addresses.find((a) => isIP(a) === 0);
      if (invalid !== undefined) throw refusal(origin, `a lookup answer that is not an IP address ("${invalid}")`);
      const verdict = checkResolvedAddresses(hostname, addresses, options.allow);
      if (!verdict.ok) throw refusal(origin, verdict.why);
      if (addresses.length === 0) {
        throw Object.assign(new Error(`expected ${hostname} to resolve to an address, got none`), { code: "ENOTFOUND" });
      }
      return addresses;
    };

    const attempt = (addresses: string[], index: number): void => {
      const address = addresses[index] as string;
      dial(
        {
          ...connectOptions,
          hostname: address,
          // TLS must still present and verify the name, not the IP we dialled.
          servername: connectOptions.servername || (isIP(hostname) === 0 ? hostname : undefined),
        },
        (err, socket) => {
          if (err || !socket) {
            const code = (err as { code?: string } | null)?.code ?? "";
            if (index + 1 < addresses.length && TRY_NEXT_ADDRESS.has(code)) return attempt(addresses, index + 1);
            return callback(err ?? new Error("connect failed without an error"), null);
          }
          const peer = (socket as Socket).remoteAddress;
          const peerVerdict = peer ? checkResolvedAddresses(hostname, [peer], options.allow) : { ok: false as const, why: "a socket without a peer address" };
          if (!peerVerdict.ok) {
            socket.destroy();
            return callback(refusal(origin, peerVerdict.why), null);
          }
          return callback(null, socket);
        },
      );
    };

    resolve().then(
      (addresses) => attempt(addresses, 0),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
}
