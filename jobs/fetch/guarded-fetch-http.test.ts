import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { recordingGate, recordingSleep, startServer, staticLookup, type FixtureServer } from "../../tests/helpers/http-fixtures";
import { FetchRefused, createMemoryRobotsCache, guardedFetch, type GuardedFetchOptions, type RobotsCache } from "./guarded-fetch";

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
  return {
    allowHosts: ["127.0.0.1"],
    // A fresh cache per test: the process-wide default would leak robots.txt answers between tests.
    robotsCache: createMemoryRobotsCache(),
    politeness: recordingGate(),
    sleep: recordingSleep(),
    ...extra,
  };
}

/** A site with a robots.txt (or a status for it) and pages that answer with their own path. */
function site(robots: { status?: number; body?: string }) {
  return serve((req, res) => {
    if (req.url === "/robots.txt") {
      res.writeHead(robots.status ?? 200, { "content-type": "text/plain" });
      res.end(robots.body ?? "");
      return;
    }
    res.end(`page ${req.url}`);
  });
}

describe("conditional GET", () => {
  it("stores validators byte for byte, sends them back, and turns a 304 into notModified with an empty body", async () => {
    const etag = 'W/"r3v:42/==+ä"';
    const lastModified = "Tue, 04 Mar 2025 10:00:00 GMT";
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") {
        res.statusCode = 404;
        res.end();
        return;
      }
      if (req.headers["if-none-match"] === Buffer.from(etag, "utf8").toString("latin1")) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.setHeader("etag", Buffer.from(etag, "utf8").toString("latin1"));
      res.setHeader("last-modified", lastModified);
      // A Buffer, not a string: Node would otherwise write the header block in the body's UTF-8.
      res.end(Buffer.from("<rss>fresh</rss>"));
    });
    const first = await guardedFetch(`${server.origin}/feed`, local());
    expect(first).toMatchObject({ status: 200, notModified: false, text: "<rss>fresh</rss>", lastModified });
    expect(first.etag).not.toBeNull();

    const second = await guardedFetch(`${server.origin}/feed`, local({ etag: first.etag, lastModified: first.lastModified }));
    const sent = server.requests.filter((r) => r.path === "/feed")[1]!;
    expect(sent.headers["if-none-match"]).toBe(first.etag);
    expect(sent.headers["if-modified-since"]).toBe(lastModified);
    expect(second).toMatchObject({ status: 304, notModified: true, text: "", etag: first.etag, lastModified });
    expect(second.body.length).toBe(0);
  });

  it("returns a changed resource's new validators, not the ones it sent", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader("etag", '"v2"');
      res.end("changed");
    });
    const result = await guardedFetch(`${server.origin}/feed`, local({ etag: '"v1"', lastModified: "Mon, 03 Mar 2025 10:00:00 GMT" }));
    expect(result).toMatchObject({ notModified: false, etag: '"v2"', lastModified: null });
  });

  it("rejects a stored validator that would inject a header line", async () => {
    await expect(guardedFetch("http://127.0.0.1:9/", local({ etag: '"a"\r\nX-Evil: 1' }))).rejects.toThrow(/without CR, LF or NUL/);
  });
});

describe("charsets over the wire", () => {
  it("decodes an ISO-8859-1 page served without a charset by its meta tag", async () => {
    const html = '<html><head><meta charset="iso-8859-1"><title>Crème brûlée</title></head></html>';
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(iconv.encode(html, "latin1"));
    });
    const result = await guardedFetch(`${server.origin}/`, local({ respectRobots: false }));
    expect(result.text).toBe(html);
    expect(result.charset).toBe("windows-1252");
  });

  it("follows the header over an XML declaration that disagrees with it", async () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><feed><title>Zoë’s café</title></feed>';
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8" });
      res.end(Buffer.from(xml, "utf8"));
    });
    const result = await guardedFetch(`${server.origin}/feed`, local({ respectRobots: false }));
    expect(result.text).toBe(xml);
    expect(result.charset).toBe("utf-8");
  });
});

describe("robots.txt", () => {
  it("refuses a disallowed page with reason robots and never requests it", async () => {
    const server = await site({ body: "User-agent: *\nDisallow: /reviews\n" });
    const err = await refusal(guardedFetch(`${server.origin}/reviews/1`, local()));
    expect(err.reason).toBe("robots");
    expect(err.message).toBe(`${server.origin}/robots.txt disallows ${server.origin}/reviews/1 for EarshotBot (line 2)`);
    expect(server.hits("/reviews/1")).toBe(0);
  });

  it("fetches pages robots.txt allows, and asks for robots.txt with our user agent", async () => {
    const server = await site({ body: "User-agent: *\nDisallow: /private\n" });
    const result = await guardedFetch(`${server.origin}/public`, local());
    expect(result.text).toBe("page /public");
    const robotsRequest = server.requests.find((r) => r.path === "/robots.txt");
    expect(robotsRequest?.headers["user-agent"]).toBe("EarshotBot/0.1 (+https://github.com/earshot/earshot)");
  });

  it("refuses everything on the site when robots.txt answers 500", async () => {
    const server = await site({ status: 500, body: "oops" });
    const err = await refusal(guardedFetch(`${server.origin}/page`, local({ retries: 0 })));
    expect(err.reason).toBe("robots");
    expect(err.message).toContain("got status 500; an unreachable robots.txt disallows the whole site");
    expect(server.hits("/page")).toBe(0);
  });

  it("refuses everything when robots.txt cannot be fetched at all", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") {
        req.socket.destroy();
        return;
      }
      res.end("page");
    });
    const err = await refusal(guardedFetch(`${server.origin}/page`, local({ retries: 0 })));
    expect(err.reason).toBe("robots");
    expect(err.message).toContain("an unreachable robots.txt disallows the whole site");
    expect(server.hits("/page")).toBe(0);
  });

  it("treats a 404 robots.txt as permission to crawl", async () => {
    const server = await site({ status: 404 });
    const result = await guardedFetch(`${server.origin}/anything`, local());
    expect(result.text).toBe("page /anything");
  });

  it("asks for robots.txt once for two fetches that share a cache", async () => {
    const server = await site({ body: "User-agent: *\nAllow: /\n" });
    const robotsCache = createMemoryRobotsCache();
    await guardedFetch(`${server.origin}/one`, local({ robotsCache }));
    await guardedFetch(`${server.origin}/two`, local({ robotsCache }));
    expect(server.hits("/robots.txt")).toBe(1);
    expect(server.hits("/one") + server.hits("/two")).toBe(2);
  });

  it("asks for robots.txt once when two fetches to the same site run at the same time", async () => {
    const server = await site({ status: 404 });
    const robotsCache = createMemoryRobotsCache();
    await Promise.all([guardedFetch(`${server.origin}/a`, local({ robotsCache })), guardedFetch(`${server.origin}/b`, local({ robotsCache }))]);
    expect(server.hits("/robots.txt")).toBe(1);
  });

  it("lets a second fetch carry on when the first, sharing its robots.txt request, is aborted", async () => {
    let releaseRobots: () => void = () => {};
    const robotsHeld = new Promise<void>((resolve) => (releaseRobots = resolve));
    const server = await serve(async (req, res) => {
      if (req.url === "/robots.txt") {
        await robotsHeld;
        res.statusCode = 404;
        res.end();
        return;
      }
      res.end(`page ${req.url}`);
    });
    const robotsCache = createMemoryRobotsCache();
    const controller = new AbortController();
    const first = guardedFetch(`${server.origin}/first`, local({ robotsCache, signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = guardedFetch(`${server.origin}/second`, local({ robotsCache }));
    controller.abort(new Error("first caller gave up"));
    await expect(first).rejects.toThrow("first caller gave up");
    releaseRobots();
    await expect(second).resolves.toMatchObject({ text: "page /second" });
  });

  it("fetches robots.txt again when the cached copy is older than 24 hours", async () => {
    const server = await site({ body: "User-agent: *\nDisallow: /\n" });
    const stale: RobotsCache = {
      get: async () => ({ status: 200, body: "User-agent: *\nAllow: /\n", fetchedAt: Date.now() - 25 * 60 * 60 * 1000 }),
      set: async () => {},
    };
    const err = await refusal(guardedFetch(`${server.origin}/page`, local({ robotsCache: stale })));
    expect(err.reason).toBe("robots");
    expect(server.hits("/robots.txt")).toBe(1);
  });

  it("follows five redirects to reach robots.txt and obeys what it finds there", async () => {
    const server = await serve((req, res) => {
      const hop = /^\/robots(\d)?\.txt$/.exec(req.url ?? "");
      if (hop) {
        const n = Number(hop[1] ?? 0);
        if (n < 5) {
          res.writeHead(301, { location: `/robots${n + 1}.txt` });
          res.end();
          return;
        }
        res.end("User-agent: EarshotBot\nDisallow: /\n");
        return;
      }
      res.end("page");
    });
    const err = await refusal(guardedFetch(`${server.origin}/page`, local()));
    expect(err.reason).toBe("robots");
    expect(server.hits("/robots5.txt")).toBe(1);
  });

  it("does not follow robots.txt to a private address; the site counts as unreachable", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") {
        res.writeHead(302, { location: "http://10.0.0.1/robots.txt" });
        res.end();
        return;
      }
      res.end("page");
    });
    const err = await refusal(guardedFetch(`${server.origin}/page`, local()));
    expect(err.reason).toBe("robots");
    expect(err.message).toContain("10.0.0.1 is private network");
    expect(server.hits("/page")).toBe(0);
  });

  it("reads rules at the top of a robots.txt larger than the parse limit", async () => {
    const huge = `User-agent: *\nDisallow: /private\n${"# padding\n".repeat(70_000)}`;
    const server = await site({ body: huge });
    const err = await refusal(guardedFetch(`${server.origin}/private/x`, local()));
    expect(err.reason).toBe("robots");
  });

  it("checks robots.txt of the site a redirect leads to", async () => {
    const target = await site({ body: "User-agent: *\nDisallow: /\n" });
    const lookup = staticLookup({ "target.test": "127.0.0.1" });
    const source = await serve((req, res) => {
      if (req.url === "/robots.txt") {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.writeHead(302, { location: `http://target.test:${target.port}/page` });
      res.end();
    });
    const err = await refusal(guardedFetch(`${source.origin}/go`, local({ lookup, allowHosts: ["127.0.0.1", "target.test"] })));
    expect(err.reason).toBe("robots");
    expect(err.url).toBe(`http://target.test:${target.port}/page`);
    expect(target.hits("/page")).toBe(0);
  });

  it("skips robots.txt entirely when told to", async () => {
    const server = await site({ body: "User-agent: *\nDisallow: /\n" });
    const result = await guardedFetch(`${server.origin}/page`, local({ respectRobots: false }));
    expect(result.text).toBe("page /page");
    expect(server.hits("/robots.txt")).toBe(0);
  });
});

describe("politeness", () => {
  it("asks the gate before every request, naming the host each one goes to", async () => {
    const lookup = staticLookup({ "allowed.test": "127.0.0.1", "other.test": "127.0.0.1" });
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") {
        res.statusCode = 404;
        res.end();
        return;
      }
      if (req.headers.host?.startsWith("allowed.test")) {
        res.writeHead(302, { location: `http://other.test:${server.port}/final` });
        res.end();
        return;
      }
      res.end("final");
    });
    const gate = recordingGate();
    await guardedFetch(`http://allowed.test:${server.port}/start`, local({ lookup, allowHosts: ["allowed.test", "other.test"], politeness: gate }));
    // robots.txt and the page on each host.
    expect(gate.hosts).toEqual(["allowed.test", "allowed.test", "other.test", "other.test"]);
  });

  it("asks the gate again before each retry", async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      res.statusCode = calls++ < 2 ? 503 : 200;
      res.end();
    });
    const gate = recordingGate();
    await guardedFetch(`${server.origin}/`, local({ respectRobots: false, politeness: gate }));
    expect(gate.hosts).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
  });
});

describe("request headers and result", () => {
  it("sends our user agent, the caller's accept and headers, but not a caller's Host or Accept-Encoding", async () => {
    const server = await serve((_req, res) => res.end("ok"));
    await guardedFetch(
      `${server.origin}/`,
      local({
        respectRobots: false,
        accept: "application/rss+xml",
        headers: { "X-Brand": "acme", Host: "evil.example", "Accept-Encoding": "zstd" },
      }),
    );
    const headers = server.requests[0]!.headers;
    expect(headers["user-agent"]).toBe("EarshotBot/0.1 (+https://github.com/earshot/earshot)");
    expect(headers.accept).toBe("application/rss+xml");
    expect(headers["x-brand"]).toBe("acme");
    expect(headers.host).toBe(`127.0.0.1:${server.port}`);
    expect(headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("drops Authorization and Cookie when a redirect leaves the original origin", async () => {
    const other = await serve((_req, res) => res.end("elsewhere"));
    const first = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.origin}/landing` });
      res.end();
    });
    await guardedFetch(`${first.origin}/`, local({ respectRobots: false, headers: { Authorization: "Bearer s3cret", Cookie: "sid=1" } }));
    expect(first.requests[0]!.headers.authorization).toBe("Bearer s3cret");
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
    expect(other.requests[0]!.headers.cookie).toBeUndefined();
  });

  it("turns credentials in the URL into Basic auth and keeps them out of the reported URL", async () => {
    const server = await serve((_req, res) => res.end("private feed"));
    const result = await guardedFetch(`http://user:p%40ss@127.0.0.1:${server.port}/feed`, local({ respectRobots: false }));
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("user:p@ss").toString("base64")}`);
    expect(result.url).toBe(`${server.origin}/feed`);
  });

  it("reports status, lower-cased headers, body bytes, decoded text and a duration", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "X-Thing": "1" });
      res.end("héllo");
    });
    const result = await guardedFetch(`${server.origin}/`, local({ respectRobots: false }));
    expect(result).toMatchObject({ status: 200, url: `${server.origin}/`, redirects: [], text: "héllo", charset: "utf-8", notModified: false });
    expect(result.headers["x-thing"]).toBe("1");
    expect(result.body.equals(Buffer.from("héllo"))).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });
});
