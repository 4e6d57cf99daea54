import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { readToken, requireUser } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { FieldError } from "~/components/field-error";
import { NewPasswordField } from "~/components/password-form";
import { changePasswordSchema } from "~/core/forms";
import { listBrandsForUser } from "~/models/brands.server";
import { loginRetryAfterMinutes, noteLoginFailure } from "~/models/login-throttle.server";
import { changePassword } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Your account · Earshot" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const brands = await listBrandsForUser(context.db, user);
  return { user, brands: brands.map((b) => ({ id: b.id, name: b.name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
  if (submission.status !== "success") return Response.json({ result: submission.reply({ hideFields: ["current", "password"] }), changed: false }, { status: 400 });
  // The current password is guessed against like a sign-in, so it is throttled like one.
  const now = new Date();
  const wait = await loginRetryAfterMinutes(context.db, { email: user.email, ip: context.clientIp, now });
  if (wait > 0) {
    return Response.json({ result: submission.reply({ formErrors: [`Too many wrong passwords. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`], hideFields: ["current", "password"] }), changed: false }, { status: 429 });
  }
  const changed = await changePassword(context.db, {
    userId: user.id,
    email: user.email,
    current: submission.value.current,
    password: submission.value.password,
    keepSessionToken: await readToken(request, context),
    now,
  });
  if (!changed) {
    await noteLoginFailure(context.db, { email: user.email, ip: context.clientIp, now });
    return Response.json({ result: submission.reply({ fieldErrors: { current: ["That is not your current password"] }, hideFields: ["current", "password"] }), changed: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function Account() {
  const { user, brands } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: data?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  return (
    <AppShell user={user} brands={brands}>
      <main className="page narrow">
        <h1>Your account</h1>
        <p>
          {user.email} — <strong>{user.role}</strong>
          {user.allBrands ? ", all brands" : `, ${brands.map((b) => b.name).join(", ") || "no brands yet"}`}
        </p>
        <Form method="post" className="panel stack" {...getFormProps(form)}>
          <h2>Change your password</h2>
          {form.errors ? <p className="form-error" role="alert">{form.errors.join(" ")}</p> : null}
          {data?.changed ? (
            <p role="status" data-testid="password-changed">
              Your password is changed. Every other browser signed in as you has been signed out.
            </p>
          ) : null}
          <label>
            Current password
            <input {...getInputProps(fields.current, { type: "password" })} autoComplete="current-password" />
            <FieldError errors={fields.current.errors} id={fields.current.errorId} />
          </label>
          <NewPasswordField field={fields.password} />
          <button type="submit">Change password</button>
        </Form>
        <Form method="post" action="/logout" className="panel stack">
          <input type="hidden" name="everywhere" value="1" />
          <p>Lost a device, or signed in somewhere you should not have? This signs you out of every browser.</p>
          <button type="submit">Sign out everywhere</button>
        </Form>
      </main>
    </AppShell>
  );
}
