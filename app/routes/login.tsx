import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getUser, safeRedirect, startUserSession } from "~/auth.server";
import { FieldError } from "~/components/field-error";
import { loginSchema } from "~/core/forms";
import { clearAccountFailures, loginRetryAfterMinutes, noteLoginFailure } from "~/models/login-throttle.server";
import { countUsers, verifyLogin } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Earshot" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if ((await countUsers(context.db)) === 0) return redirect("/onboarding");
  if (await getUser(request, context)) return redirect(safeRedirect(new URL(request.url).searchParams.get("next")));
  return null;
}

// One message for an unknown account and a wrong password: the form must not tell which emails exist.
const BAD_LOGIN = "That email and password do not match an account.";

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: loginSchema });
  if (submission.status !== "success") return Response.json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { email, password, next } = submission.value;
  const now = new Date();
  const waitMinutes = await loginRetryAfterMinutes(context.db, { email, ip: context.clientIp, now });
  if (waitMinutes > 0) {
    return Response.json(
      submission.reply({
        formErrors: [`Too many failed sign-ins. Try again in ${waitMinutes} minute${waitMinutes === 1 ? "" : "s"}.`],
        hideFields: ["password"],
      }),
      { status: 429 },
    );
  }
  const user = await verifyLogin(context.db, { email, password });
  if (!user) {
    await noteLoginFailure(context.db, { email, ip: context.clientIp, now });
    return Response.json(submission.reply({ formErrors: [BAD_LOGIN], hideFields: ["password"] }), { status: 400 });
  }
  await clearAccountFailures(context.db, { email, now });
  return startUserSession(request, context, user.id, safeRedirect(next));
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <main className="page narrow">
      <h1>Sign in to Earshot</h1>
      <Form method="post" className="panel stack" {...getFormProps(form)}>
        {form.errors ? (
          <p className="form-error" role="alert">
            {form.errors.join(" ")}
          </p>
        ) : null}
        <input type="hidden" name="next" value={searchParams.get("next") ?? "/"} />
        <label>
          Email
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" />
          <FieldError errors={fields.email.errors} id={fields.email.errorId} />
        </label>
        <label>
          Password
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
          <FieldError errors={fields.password.errors} id={fields.password.errorId} />
        </label>
        <button type="submit" disabled={navigation.state !== "idle"}>
          Sign in
        </button>
        <Link to="/forgot-password">Forgot your password?</Link>
      </Form>
    </main>
  );
}
