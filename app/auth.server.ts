import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "~/db/schema";
import { createSession, deleteSession, getSessionUser, type SessionUser } from "~/models/users.server";

const RANK: Record<Role, number> = { viewer: 0, responder: 1, owner: 2 };

function sessionCookie(context: AppLoadContext) {
  // __Host- binds the cookie to this exact origin over HTTPS; plain HTTP (a laptop install) cannot use it.
  return createCookie(context.secureCookies ? "__Host-earshot_session" : "earshot_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: context.secureCookies,
    path: "/",
    secrets: [context.sessionSecret],
    maxAge: 30 * 24 * 3600,
  });
}

export async function readToken(request: Request, context: AppLoadContext): Promise<string | null> {
  const value = await sessionCookie(context).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 32 ? value : null;
}

export async function getUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  const token = await readToken(request, context);
  return token ? getSessionUser(context.db, token, new Date()) : null;
}

export function canSeeBrand(user: SessionUser, brandId: number): boolean {
  return user.allBrands || user.brandIds.includes(brandId);
}

export function hasRole(user: SessionUser, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}

/**
 * The one check every loader and action makes: a signed-in user (else a redirect to the login page),
 * with at least `role` and, when a brand is named, access to that brand (else 403). Hiding a button in the
 * UI is never the protection; this is.
 */
export async function requireUser(
  request: Request,
  context: AppLoadContext,
  { role = "viewer", brandId }: { role?: Role; brandId?: number | null } = {},
): Promise<SessionUser> {
  const user = await getUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    const next = request.method === "GET" ? `${url.pathname}${url.search}` : "/";
    throw redirect(`/login?next=${encodeURIComponent(next)}`);
  }
  if (!hasRole(user, role)) throw new Response(`This needs the ${role} role; you are a ${user.role}.`, { status: 403 });
  // Deployment-wide owner pages (users, audit, new brands) are for owners of every brand only.
  if (role === "owner" && (brandId === undefined || brandId === null) && !user.allBrands) {
    throw new Response("This needs an owner with access to every brand.", { status: 403 });
  }
  if (brandId !== undefined && brandId !== null && !canSeeBrand(user, brandId)) {
    throw new Response("You do not have access to this brand.", { status: 403 });
  }
  return user;
}

export async function startUserSession(request: Request, context: AppLoadContext, userId: number, redirectTo: string) {
  const token = await createSession(context.db, { userId, userAgent: request.headers.get("User-Agent"), now: new Date() });
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": await sessionCookie(context).serialize(token) } });
}

export async function endUserSession(request: Request, context: AppLoadContext) {
  const token = await readToken(request, context);
  if (token) await deleteSession(context.db, token);
  return redirect("/login", { headers: { "Set-Cookie": await sessionCookie(context).serialize("", { maxAge: 0 }) } });
}

/**
 * Only paths on this site: "//evil.example", "/\\evil", "/\t/evil" (browsers drop the tab) or any other
 * trick in ?next= must not become an open redirect, nor a header value that throws.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, "http://earshot.invalid");
    return url.origin === "http://earshot.invalid" && !to.startsWith("//") ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
