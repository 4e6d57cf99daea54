import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { acceptInviteSchema } from "~/core/forms";
import { FieldError } from "./field-error";

/** Choosing a password from a one-time link: the invitation and the reset share it. */
export function PasswordForm({ lastResult, withName, submitLabel }: { lastResult?: SubmissionResult<string[]> | null; withName: boolean; submitLabel: string }) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInviteSchema }),
  });
  return (
    <Form method="post" className="panel stack" {...getFormProps(form)}>
      {form.errors ? <p className="form-error" role="alert">{form.errors.join(" ")}</p> : null}
      {withName ? (
        <label>
          Your name <span className="hint">(optional)</span>
          <input {...getInputProps(fields.name, { type: "text" })} autoComplete="name" />
        </label>
      ) : null}
      <NewPasswordField field={fields.password} />
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}

/** The one "new password" field: invitations, resets and the account page ask for it the same way. */
export function NewPasswordField({ field }: { field: FieldMetadata<string> }) {
  return (
    <label>
      New password
      <span className="hint">At least 8 characters.</span>
      <input {...getInputProps(field, { type: "password" })} autoComplete="new-password" />
      <FieldError errors={field.errors} id={field.errorId} />
    </label>
  );
}
