export function FieldError({ errors, id }: { errors?: string[]; id: string }) {
  if (!errors?.length) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {errors.join(" ")}
    </span>
  );
}
