import type { Db } from "./db/client";

/** What the server hands every loader and action: one database per process, opened at start. */
export interface AppContext {
  db: Db;
  dbKind: "pglite" | "postgres";
  fetchAllowlist: string[];
  sessionSecret: string;
  /** True when Earshot is served over HTTPS (PUBLIC_URL says so): Secure, __Host- cookies. */
  secureCookies: boolean;
  /** Origin used in emailed links and for the same-origin check, when configured. */
  publicOrigin: string | null;
  /** Per-request nonce for the Content-Security-Policy. */
  cspNonce: string;
  /** The peer address, for login throttling. */
  clientIp: string;
  mailer: import("./mail.server").Mailer | null;
}


declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
