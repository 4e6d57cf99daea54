/** Sources whose mentions are pushed in (CSV imports, the ingest API) rather than collected on a schedule. */
export const PUSHED_KINDS = ["csv", "api"] as const;

export const isPushedKind = (kind: string): boolean => (PUSHED_KINDS as readonly string[]).includes(kind);
