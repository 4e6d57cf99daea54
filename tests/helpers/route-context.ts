import type { AppLoadContext } from "@remix-run/node";
import "~/context";
import { startUserSession } from "~/auth.server";
import type { Db } from "~/db/client";

/** The load context the server would build, around a test database. */
export function routeContext(db: Db, overrides: Partial<AppLoadContext> = {}): AppLoadContext {
  return {
    db,
    dbKind: "pglite",
    fetchAllowlist: ["127.0.0.1"],
    sessionSecret: "test-secret-that-is-long-enough-0123456789",
    secureCookies: false,
    publicOrigin: null,
    cspNonce: "",
    clientIp: "192.0.2.10",
    mailer: null,
    ...overrides,
  } as AppLoadContext;
}

/** A real session for the user, as the Cookie header a browser would send. */
export async function sessionCookie(context: AppLoadContext, userId: number): Promise<string> {
  const response = await startUserSession(new Request("http://earshot.test/login"), context, userId, "/");
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  return setCookie.split(";")[0]!;
}

/** Runs a loader or action the way Remix does, turning a thrown Response into the returned one. */
export async function callRoute(
  fn: ((args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown) | undefined,
  { url, method = "GET", cookie, form, params = {}, context }: {
    url: string;
    method?: string;
    cookie?: string;
    form?: Record<string, string | string[]>;
    params?: Record<string, string>;
    context: AppLoadContext;
  },
): Promise<{ status: number; location: string | null; data: unknown }> {
  if (!fn) throw new Error(`no ${method === "GET" ? "loader" : "action"} for ${url}`);
  const body = form ? new URLSearchParams() : undefined;
  if (form && body) for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
  const request = new Request(new URL(url, "http://earshot.test"), {
    method,
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
    body,
  });
  let result: unknown;
  try {
    result = await fn({ request, params, context });
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown;
    else throw thrown;
  }
  if (result instanceof Response) {
    const type = result.headers.get("Content-Type") ?? "";
    const data = type.includes("json") ? await result.json() : await result.text();
    return { status: result.status, location: result.headers.get("Location"), data };
  }
  return { status: 200, location: null, data: result };
}

/** A load context around `db` and the cookie of a new owner signed in to it: the start of most route tests. */
export async function signedInOwner(db: Db, email: string): Promise<{ context: AppLoadContext; cookie: string; userId: number }> {
  const { createUser } = await import("~/models/users.server");
  const context = routeContext(db);
  const user = await createUser(db, { email, password: "correct horse battery", role: "owner" });
  return { context, cookie: await sessionCookie(context, user.id), userId: user.id };
}
