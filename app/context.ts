import type { Db } from "./db/client";

/** What the server hands every loader and action: one database per process, opened at start. */
export interface AppContext {
  db: Db;
  dbKind: "pglite" | "postgres";
  fetchAllowlist: string[];
}


declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
