export function FieldError({ errors, id }: { errors?: string[]; id: string }) {
  if (!errors?.length) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {errors.join(" ")}
    </span>
  );
}

/** Every message in an action's answer (conform's reply, or `{ errors }`), for forms too small for per-field slots. */
export function replyMessages(data: unknown): string[] {
  if (!data || typeof data !== "object") return [];
  const d = data as { error?: Record<string, string[] | null> | null; errors?: Record<string, string[]> };
  const all = { ...(d.error ?? {}), ...(d.errors ?? {}) };
  return Object.values(all).flatMap((m) => m ?? []);
}

/** The messages of a small form's last answer, where a person is looking. */
export function ReplyErrors({ data }: { data: unknown }) {
  const messages = replyMessages(data);
  if (messages.length === 0) return null;
  return (
    <span className="field-error" role="alert">
      {messages.join(" ")}
    </span>
  );
}
