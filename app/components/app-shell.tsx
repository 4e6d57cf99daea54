import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

export function AppShell({
  brands,
  currentBrandId,
  children,
}: {
  brands: { id: number; name: string }[];
  currentBrandId: number;
  children: ReactNode;
}) {
  return (
    <>
      <header className="topbar">
        <Link to="/" className="logo">
          Earshot
        </Link>
        <form method="get" action="/brands" className="brand-switcher">
          <label className="inline">
            <span className="sr-only">Brand</span>
            <select
              name="id"
              defaultValue={currentBrandId}
              aria-label="Brand"
              onChange={(e) => e.currentTarget.form?.requestSubmit()}
            >
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <noscript>
            <button type="submit">Go</button>
          </noscript>
        </form>
        <nav>
          <NavLink to={`/brands/${currentBrandId}`} end>
            Overview
          </NavLink>
          <NavLink to={`/brands/${currentBrandId}/sources`}>Sources</NavLink>
        </nav>
      </header>
      {children}
    </>
  );
}
