import { once } from "node:events";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { recordingGate, recordingSleep, startServer, streamBytes, type FixtureServer } from "../../tests/helpers/http-fixtures";
import { FetchRefused, guardedFetch, type GuardedFetchOptions } from "./guarded-fetch";

let servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
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

function local(extra: GuardedFetchOptions = {}): GuardedFetchOptions {
  return { allowHosts: ["127.0.0.1"], respectRobots: false, politeness: recordingGate(), sleep: recordingSleep(), ...extra };
}

const MiB = 1024 * 1024;

/** Compresses `size` zero bytes without ever holding them all: the shape of a decompression bomb. */
async function bomb(kind: "gzip" | "br", size: number): Promise<Buffer> {
  const compressor = kind === "gzip" ? zlib.createGzip({ level: 9 }) : zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  const out: Buffer[] = [];
  compressor.on("data", (chunk: Buffer) => out.push(chunk));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += zeros.length) {
    if (!compressor.write(zeros)) await once(compressor, "drain");
  }
  compressor.end();
  await once(compressor, "end");
  return Buffer.concat(out);
}

describe("retries", () => {
  it("retries a 500 twice with growing backoff, then refuses saying what came and how often", async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 500;
      res.end("broken");
    });
    const sleep = recordingSleep();
    const err = await refusal(guardedFetch(`${server.origin}/feed`, local({ sleep })));
    expect(err.reason).toBe("http-status");
    expect(err.status).toBe(500);
    expect(err.message).toBe(`expected a 2xx or 304 from ${server.origin}/feed, got 500 after 3 attempts`);
    expect(server.hits("/feed")).toBe(3);
    expect(sleep.waits).toHaveLength(2);
    expect(sleep.waits[0]).toBeGreaterThanOrEqual(250);
    expect(sleep.waits[0]).toBeLessThanOrEqual(500);
    expect(sleep.waits[1]).toBeGreaterThanOrEqual(500);
    expect(sleep.waits[1]).toBeLessThanOrEqual(1000);
  });

  it("returns the page when a retry after a 502 succeeds", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      res.statusCode = calls++ === 0 ? 502 : 200;
      res.end("recovered");
    });
    const result = await guardedFetch(`${server.origin}/`, local());
    expect(result.text).toBe("recovered");
    expect(server.requests).toHaveLength(2);
  });

  it("waits out a 429's Retry-After in seconds, then succeeds", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      if (calls++ === 0) {
        res.writeHead(429, { "retry-after": "7" });
        res.end();
        return;
      }
      res.end("ok now");
    });
    const sleep = recordingSleep();
    const result = await guardedFetch(`${server.origin}/`, local({ sleep }));
    expect(result.text).toBe("ok now");
    expect(sleep.waits).toEqual([7000]);
  });

  it("waits out a 503's Retry-After given as an HTTP date", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      if (calls++ === 0) {
        res.writeHead(503, { "retry-after": new Date(Date.now() + 20_000).toUTCString() });
        res.end();
        return;
      }
      res.end("back");
    });
    const sleep = recordingSleep();
    await guardedFetch(`${server.origin}/`, local({ sleep }));
    expect(sleep.waits).toHaveLength(1);
    expect(sleep.waits[0]).toBeGreaterThan(17_000);
    expect(sleep.waits[0]).toBeLessThanOrEqual(20_000);
  });

  it("gives up at once on a Retry-After longer than the cap, carrying it for the scheduler", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(429, { "retry-after": "3600" });
      res.end();
    });
    const sleep = recordingSleep();
    const err = await refusal(guardedFetch(`${server.origin}/`, local({ sleep })));
    expect(err.reason).toBe("retry-after");
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(err.status).toBe(429);
    expect(err.message).toBe(`expected ${server.origin}/ to accept a retry within 60 s, got 429 with Retry-After 3600 s`);
    expect(sleep.waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry a 404, and reports it as an http-status refusal", async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const err = await refusal(guardedFetch(`${server.origin}/gone`, local()));
    expect(err).toMatchObject({ reason: "http-status", status: 404, message: `expected a 2xx or 304 from ${server.origin}/gone, got 404` });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a refused connection and then reports a network refusal naming the error", async () => {
    const server = await serve((_req, res) => res.end());
    const origin = server.origin;
    await server.close();
    servers = [];
    const gate = recordingGate();
    const err = await refusal(guardedFetch(`${origin}/`, local({ politeness: gate })));
    expect(err.reason).toBe("network");
    expect(err.message).toMatch(/^expected a response from http:\/\/127\.0\.0\.1:\d+\/, got .*ECONNREFUSED.* after 3 attempts$/);
    expect(gate.hosts).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
  });
});

describe("timeouts", () => {
  it("fires the total timeout on a server that stalls mid-body, without retrying it", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first half of the body");
      // ...and the second half never comes.
    });
    const started = Date.now();
    const err = await refusal(guardedFetch(`${server.origin}/slow`, local({ timeoutMs: 300 })));
    expect(err.reason).toBe("timeout");
    expect(err.message).toBe(`expected ${server.origin}/slow to answer completely within 300 ms, it stalled while reading the body`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(1);
  });

  it("fires the total timeout on a server that never sends headers", async () => {
    const server = await serve(() => {
      // Accept the request and say nothing.
    });
    const err = await refusal(guardedFetch(`${server.origin}/`, local({ timeoutMs: 200 })));
    expect(err.reason).toBe("timeout");
    expect(err.message).toContain("it stalled before the response headers");
  });

  it("gives up on a name that does not resolve within the connect timeout, retrying like a network error", async () => {
    const hanging = () => new Promise<never>(() => {});
    const sleep = recordingSleep();
    const started = Date.now();
    const err = await refusal(
      guardedFetch("http://slow-dns.example/", local({ lookup: hanging, connectTimeoutMs: 100, retries: 1, sleep })),
    );
    expect(err.reason).toBe("timeout");
    expect(err.message).toBe("expected a connection to slow-dns.example within 100 ms, got none after 2 attempts");
    expect(sleep.waits).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects with the caller's own reason when the caller aborts", async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = guardedFetch(`${server.origin}/`, local({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error("worker shutting down")), 50);
    await expect(pending).rejects.toThrow("worker shutting down");
  });
});

describe("size cap", () => {
  /** Serves 50 MB with backpressure and resolves with how much got out before the socket closed. */
  async function fiftyMegabytes(headers: Record<string, string>) {
    let settle: (report: { written: number; closedEarly: boolean }) => void = () => {};
    const report = new Promise<{ written: number; closedEarly: boolean }>((resolve) => (settle = resolve));
    const server = await serve((_req, res) => {
      res.writeHead(200, headers);
      streamBytes(res, 50 * MiB, 64 * 1024, (written, closedEarly) => settle({ written, closedEarly }));
    });
    return { server, report };
  }

  it("stops reading a 50 MB body without Content-Length at the cap, and the server sees the socket closed", async () => {
    const { server, report } = await fiftyMegabytes({ "content-type": "application/octet-stream" });
    const err = await refusal(guardedFetch(`${server.origin}/huge`, local()));
    expect(err.reason).toBe("too-large");
    expect(err.message).toBe(`expected at most ${15 * MiB} bytes from ${server.origin}/huge, got more off the wire; stopped reading`);
    const { written, closedEarly } = await report;
    expect(closedEarly).toBe(true);
    // The cap plus what the two kernels' socket buffers hold: far short of the 50 MB on offer.
    expect(written).toBeLessThan(26 * MiB);
  });

  it("refuses a body whose Content-Length is over the cap before reading it", async () => {
    const { server, report } = await fiftyMegabytes({ "content-length": String(50 * MiB) });
    const err = await refusal(guardedFetch(`${server.origin}/declared`, local({ maxBytes: MiB })));
    expect(err.reason).toBe("too-large");
    expect(err.message).toBe(`expected at most ${MiB} bytes from ${server.origin}/declared, got a Content-Length of ${50 * MiB}`);
    const { written, closedEarly } = await report;
    expect(closedEarly).toBe(true);
    // Only what the socket buffers absorbed before the close.
    expect(written).toBeLessThan(12 * MiB);
  });

  it.each(["gzip", "br"] as const)("refuses a %s bomb on its decompressed size, though its compressed size is tiny", async (kind) => {
    const payload = await bomb(kind, 64 * MiB);
    expect(payload.length).toBeLessThan(MiB);
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": kind, "content-length": String(payload.length) });
      res.end(payload);
    });
    const err = await refusal(guardedFetch(`${server.origin}/bomb`, local({ maxBytes: 4 * MiB })));
    expect(err.reason).toBe("too-large");
    expect(err.message).toContain("got more after decompression");
  });

  it("accepts a body of exactly maxBytes", async () => {
    const server = await serve((_req, res) => res.end(Buffer.alloc(1000, 0x62)));
    const result = await guardedFetch(`${server.origin}/`, local({ maxBytes: 1000 }));
    expect(result.body.length).toBe(1000);
  });
});

describe("content encodings", () => {
  const text = "Grüße from a compressed review page. ".repeat(200);
  it.each([
    ["gzip", zlib.gzipSync(text)],
    ["deflate", zlib.deflateSync(text)],
    ["deflate", zlib.deflateRawSync(text)],
    ["br", zlib.brotliCompressSync(text)],
  ] as const)("decodes a %s body (%#)", async (encoding, payload) => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": encoding, "content-type": "text/plain; charset=utf-8" });
      res.end(payload);
    });
    const result = await guardedFetch(`${server.origin}/`, local());
    expect(result.text).toBe(text);
    expect(server.requests[0]?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("refuses a corrupt gzip body with a decoding error instead of returning garbage", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end(Buffer.from("this is not gzip at all"));
    });
    const err = await refusal(guardedFetch(`${server.origin}/`, local()));
    expect(err.reason).toBe("network");
    expect(err.message).toContain("expected a valid gzip body, got a decoding error");
  });

  it("refuses an encoding it never asked for", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "zstd" });
      res.end("x");
    });
    const err = await refusal(guardedFetch(`${server.origin}/`, local()));
    expect(err.message).toContain('expected Content-Encoding gzip, deflate or br, got "zstd"');
  });
});

describe("redirects", () => {
  it("follows a chain within the cap and reports every hop and the final URL", async () => {
    const server = await serve((req, res) => {
      const next: Record<string, string> = { "/a": "/b", "/b": "c", "/c": `${server.origin}/done?x=1` };
      const location = next[req.url ?? ""];
      if (location) {
        res.writeHead(req.url === "/a" ? 301 : 308, { location });
        res.end();
        return;
      }
      res.end("arrived");
    });
    const result = await guardedFetch(`${server.origin}/a`, local());
    expect(result.text).toBe("arrived");
    expect(result.url).toBe(`${server.origin}/done?x=1`);
    expect(result.redirects).toEqual([`${server.origin}/b`, `${server.origin}/c`, `${server.origin}/done?x=1`]);
  });

  it("refuses a redirect loop once the cap is passed", async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: req.url === "/ping" ? "/pong" : "/ping" });
      res.end();
    });
    const err = await refusal(guardedFetch(`${server.origin}/ping`, local()));
    expect(err.reason).toBe("too-many-redirects");
    expect(err.message).toMatch(/^expected at most 5 redirects starting at http:\/\/127\.0\.0\.1:\d+\/ping, got another 302 from .* to /);
    expect(server.requests).toHaveLength(6);
  });

  it("honours a smaller maxRedirects, including zero", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/old") {
        res.writeHead(301, { location: "/new" });
        res.end();
        return;
      }
      res.end("new");
    });
    const err = await refusal(guardedFetch(`${server.origin}/old`, local({ maxRedirects: 0 })));
    expect(err.reason).toBe("too-many-redirects");
    expect(server.hits("/new")).toBe(0);
  });
});
