import type { LinksFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./nonce";
import styles from "./styles.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The one error boundary: every route's errors end up here, as text. */
export function ErrorBoundary() {
  const error = useRouteError();
  const [title, detail] = isRouteErrorResponse(error)
    ? error.status === 404 && typeof error.data === "string" && error.data.startsWith("Error: No route matches")
      ? ["Page not found", "There is no page at this address. It may have moved, or the link may be mistyped."]
      : [`${error.status} ${error.statusText}`, typeof error.data === "string" ? error.data : null]
    : ["Something went wrong", error instanceof Error ? error.message : null];
  return (
    <main className="page narrow">
      <h1>{title}</h1>
      {detail ? <p className="muted">{detail}</p> : null}
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </main>
  );
}
