export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

const shown = (v: unknown) => (v === undefined || v === null ? "–" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * What an audit entry changed, field by field ("query: a → b"), for people rather than as raw JSON. Fields
 * that stayed the same are left out; a value that is not an object counts as one field, "value".
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const asFields = (v: unknown): Record<string, unknown> =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? {} : { value: v };
  const a = asFields(before);
  const b = asFields(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((f) => ({ field: f, from: shown(a[f]), to: shown(b[f]) }));
}
