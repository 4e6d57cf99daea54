import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";

/** The brand pages the brand switcher keeps a person on when they switch; anything else lands on the overview. */
export const BRAND_SECTIONS: readonly string[] = ["mentions", "sources", "import", "settings"];

export interface ShellUser {
  email: string;
  name: string | null;
  role: "owner" | "responder" | "viewer";
}

export function AppShell({
  user,
  brands,
  currentBrandId,
  children,
}: {
  user: ShellUser;
  brands: { id: number; name: string }[];
  currentBrandId?: number;
  children: ReactNode;
}) {
  const part = /^\/brands\/\d+\/([^/]+)/.exec(useLocation().pathname)?.[1] ?? "";
  const section = BRAND_SECTIONS.includes(part) ? part : "";
  return (
    <>
      <header className="topbar">
        <Link to="/" className="logo">
          Earshot
        </Link>
        {brands.length > 0 ? (
          <form method="get" action="/brands" className="brand-switcher">
            {/* Switching brand keeps the section being looked at (mentions of one client, then of the next). */}
            <input type="hidden" name="section" value={section} />
            <select
              name="id"
              defaultValue={currentBrandId ?? ""}
              aria-label="Brand"
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
            >
              {currentBrandId ? null : (
                <option value="" disabled>
                  Choose a brand…
                </option>
              )}
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <noscript>
              <button type="submit">Go</button>
            </noscript>
          </form>
        ) : null}
        <nav>
          {currentBrandId ? (
            <>
              <NavLink to={`/brands/${currentBrandId}`} end>
                Overview
              </NavLink>
              <NavLink to={`/brands/${currentBrandId}/mentions`}>Mentions</NavLink>
              <NavLink to={`/brands/${currentBrandId}/sources`}>Sources</NavLink>
              {user.role === "owner" ? (
                <>
                  <NavLink to={`/brands/${currentBrandId}/import`}>Import</NavLink>
                  <NavLink to={`/brands/${currentBrandId}/settings`}>Brand settings</NavLink>
                </>
              ) : null}
            </>
          ) : null}
          {user.role === "owner" ? (
            <>
              <NavLink to="/brands/new">New brand</NavLink>
              <NavLink to="/settings/users">Users</NavLink>
              <NavLink to="/settings/audit">Audit</NavLink>
            </>
          ) : null}
          <NavLink to="/settings/account" title={`${user.email} (${user.role})`}>
            {user.name ?? user.email}
          </NavLink>
          <Form method="post" action="/logout">
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        </nav>
      </header>
      {children}
    </>
  );
}
