import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  SELF_SIGNED_ALLOWED_TEST,
  recordingGate,
  recordingSleep,
  startServer,
  staticLookup,
  type FixtureServer,
} from "../../tests/helpers/http-fixtures";
import { FetchRefused, guardedFetch, type GuardedFetchOptions } from "./guarded-fetch";

let servers: FixtureServer[] = [];
const extraServers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  for (const server of extraServers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen<T extends http.Server | https.Server>(server: T, host: string): Promise<number> {
  extraServers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

const hasIpv6Loopback = await new Promise<boolean>((resolve) => {
  const probe = http.createServer();
  probe.once("error", () => resolve(false));
  probe.listen(0, "::1", () => probe.close(() => resolve(true)));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<FixtureServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function refusal(promise: Promise<unknown>): Promise<FetchRefused> {
  return promise.then(
    () => {
      throw new Error("expected guardedFetch to refuse, it fetched");
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(FetchRefused);
      return err as FetchRefused;
    },
  );
}

// A lookup that fails the test if it is ever consulted: literal IPs must be decided without DNS.
const forbiddenLookup = async (hostname: string): Promise<never> => {
  throw new Error(`lookup must not be called, was called for ${hostname}`);
};

function quiet(extra: GuardedFetchOptions = {}): GuardedFetchOptions {
  return { respectRobots: false, retries: 0, politeness: recordingGate(), sleep: recordingSleep(), ...extra };
}

describe("SSRF guard on literal addresses", () => {
  it.each([
    "http://127.0.0.1/",
    "http://127.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://%31%32%37.0.0.1/",
    "http://10.0.0.1/admin",
    "http://172.16.5.4/",
    "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:a00:1::1]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "https://localhost/",
    "http://localhost.:8080/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://admin.localhost/",
  ])("refuses %s as ssrf before sending anything", async (url) => {
    const gate = recordingGate();
    const err = await refusal(guardedFetch(url, quiet({ lookup: forbiddenLookup, politeness: gate, respectRobots: true })));
    expect(err.reason).toBe("ssrf");
    expect(err.message).toMatch(/^expected .* to be a public address, got .*; add it to FETCH_ALLOWLIST to permit it$/);
    expect(gate.hosts).toEqual([]);
  });

  it.each(["ftp://example.com/feed", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "gopher://example.com/", "not a url", "//example.com/x"])(
    "refuses %s for its scheme",
    async (url) => {
      const err = await refusal(guardedFetch(url, quiet({ lookup: forbiddenLookup })));
      expect(err.reason).toBe("scheme");
      expect(err.message).toMatch(/^expected an (absolute )?http or https URL/);
    },
  );
});

describe("a host name that does not resolve", () => {
  it("is reported as a wrong address, also when robots.txt is asked for first", async () => {
    const lookup = staticLookup({});
    for (const respectRobots of [false, true]) {
      const err = await refusal(guardedFetch("http://no-such-shop.example/feed.xml", quiet({ lookup, respectRobots })));
      expect(err.reason).toBe("network");
      expect(err.message, `respectRobots: ${respectRobots}`).toMatch(/no-such-shop\.example/);
      expect(err.message).not.toContain("robots.txt");
    }
  });
});

describe("SSRF guard on resolved names", () => {
  it("refuses a name whose only address is private, and never connects", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    const lookup = staticLookup({ "intranet.example": "10.0.0.1" });
    const err = await refusal(guardedFetch(`http://intranet.example:${server.port}/`, quiet({ lookup })));
    expect(err.reason).toBe("ssrf");
    expect(err.message).toContain("intranet.example resolves to 10.0.0.1, private network");
    expect(err.url).toBe(`http://intranet.example:${server.port}/`);
    expect(lookup.calls).toEqual(["intranet.example"]);
  });

  it("refuses a name with a public and a loopback address, even though the public one comes first", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    const lookup = staticLookup({ "mixed.example": ["93.184.216.34", "127.0.0.1"] });
    const err = await refusal(guardedFetch(`http://mixed.example:${server.port}/`, quiet({ lookup })));
    expect(err.reason).toBe("ssrf");
    expect(err.message).toContain("127.0.0.1, loopback");
    expect(server.requests).toEqual([]);
  });

  it("re-checks the name on every connection, so an answer that changes to a private address is refused", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    // First answer: an allowlisted address where nothing listens (connection refused, so a retry follows);
    // second answer: the loopback address where the secret is served, which is not allowlisted.
    let calls = 0;
    const lookup = async () => [{ address: calls++ === 0 ? "127.0.0.2" : "127.0.0.1", family: 4 as const }];
    const err = await refusal(
      guardedFetch(`http://rebind.example:${server.port}/`, quiet({ lookup, allowHosts: ["127.0.0.2"], retries: 1 })),
    );
    expect(calls).toBe(2);
    expect(err.reason).toBe("ssrf");
    expect(err.message).toContain("rebind.example resolves to 127.0.0.1");
    expect(server.requests).toEqual([]);
  });

  it("fetches from a private address when its hostname is allowlisted", async () => {
    const server = await serve((_req, res) => res.end("hello"));
    const lookup = staticLookup({ "allowed.test": "127.0.0.1" });
    const result = await guardedFetch(`http://allowed.test:${server.port}/`, quiet({ lookup, allowHosts: ["allowed.test"] }));
    expect(result.text).toBe("hello");
    expect(server.requests[0]?.headers.host).toBe(`allowed.test:${server.port}`);
  });

  it.skipIf(!hasIpv6Loopback)("connects to a bracketed IPv6 literal only when it is allowlisted", async () => {
    let hits = 0;
    const port = await listen(
      http.createServer((_req, res) => {
        hits++;
        res.end("over IPv6");
      }),
      "::1",
    );
    const err = await refusal(guardedFetch(`http://[::1]:${port}/`, quiet({ lookup: forbiddenLookup })));
    expect(err.message).toContain("::1 is loopback");
    const result = await guardedFetch(`http://[::1]:${port}/`, quiet({ lookup: forbiddenLookup, allowHosts: ["[::1]"] }));
    expect(result.text).toBe("over IPv6");
    expect(hits).toBe(1);
  });

  it("dials the checked IP but still presents and verifies the hostname over TLS", async () => {
    const serverNames: string[] = [];
    let requests = 0;
    const server = https.createServer(
      {
        ...SELF_SIGNED_ALLOWED_TEST,
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null, undefined);
        },
      },
      (_req, res) => {
        requests++;
        res.end("tls");
      },
    );
    const port = await listen(server, "127.0.0.1");
    const lookup = staticLookup({ "allowed.test": "127.0.0.1" });
    const err = await refusal(guardedFetch(`https://allowed.test:${port}/`, quiet({ lookup, allowHosts: ["allowed.test"] })));
    // The certificate is self-signed, so verification must fail: proof that it was checked at all.
    expect(err.reason).toBe("network");
    expect(serverNames).toEqual(["allowed.test"]);
    expect(requests).toBe(0);
  });

  it("fetches from a literal address inside an allowlisted CIDR range", async () => {
    const server = await serve((_req, res) => res.end("in range"));
    const result = await guardedFetch(`${server.origin}/`, quiet({ allowHosts: ["127.0.0.0/8"] }));
    expect(result.text).toBe("in range");
  });
});

describe("SSRF guard on redirects", () => {
  it("refuses a redirect from an allowlisted host to the loopback address it does not allowlist", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/start") {
        res.writeHead(302, { location: `http://127.0.0.1:${server.port}/secret` });
        res.end();
        return;
      }
      res.end("secret");
    });
    const lookup = staticLookup({ "allowed.test": "127.0.0.1" });
    const err = await refusal(guardedFetch(`http://allowed.test:${server.port}/start`, quiet({ lookup, allowHosts: ["allowed.test"] })));
    expect(err.reason).toBe("ssrf");
    expect(err.url).toBe(`http://127.0.0.1:${server.port}/secret`);
    expect(err.message).toContain(`(redirected from http://allowed.test:${server.port}/start)`);
    expect(server.hits("/start")).toBe(1);
    expect(server.hits("/secret")).toBe(0);
  });

  it("refuses a redirect to the cloud metadata address", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/iam/" });
      res.end();
    });
    const err = await refusal(guardedFetch(`${server.origin}/feed`, quiet({ allowHosts: ["127.0.0.1"] })));
    expect(err.reason).toBe("ssrf");
    expect(err.message).toContain("169.254.169.254 is link-local");
  });

  it("refuses a redirect to a name that resolves to a private address, checked when connecting", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/start") {
        res.writeHead(307, { location: `http://sneaky.example:${server.port}/secret` });
        res.end();
        return;
      }
      res.end("secret");
    });
    const lookup = staticLookup({ "allowed.test": "127.0.0.1", "sneaky.example": "127.0.0.1" });
    const err = await refusal(guardedFetch(`http://allowed.test:${server.port}/start`, quiet({ lookup, allowHosts: ["allowed.test"] })));
    expect(err.reason).toBe("ssrf");
    expect(err.message).toContain("sneaky.example resolves to 127.0.0.1, loopback");
    expect(lookup.calls).toContain("sneaky.example");
    expect(server.hits("/secret")).toBe(0);
  });

  it("refuses a redirect to another scheme", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: "file:///etc/passwd" });
      res.end();
    });
    const err = await refusal(guardedFetch(`${server.origin}/`, quiet({ allowHosts: ["127.0.0.1"] })));
    expect(err.reason).toBe("scheme");
    expect(err.message).toContain("got file: in file:///etc/passwd");
  });
});
