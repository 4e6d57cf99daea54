import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PasswordForm } from "~/components/password-form";
import { acceptInviteSchema } from "~/core/forms";
import { findOneTimeToken, resetPassword } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "New password · Earshot" }];

const GONE = "This reset link has been used or has expired. Ask for a new one.";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const reset = await findOneTimeToken(context.db, params.token ?? "", "reset", new Date());
  if (!reset) throw new Response(GONE, { status: 410 });
  return { email: reset.email };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: acceptInviteSchema });
  if (submission.status !== "success") return Response.json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const userId = await resetPassword(context.db, { token: params.token ?? "", password: submission.value.password, now: new Date() });
  if (!userId) throw new Response(GONE, { status: 410 });
  return redirect("/login");
}

export default function ResetPassword() {
  const { email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <main className="page narrow">
      <h1>New password for {email}</h1>
      <p className="muted">Every session of this account is signed out when you save.</p>
      <PasswordForm lastResult={lastResult} withName={false} submitLabel="Save password" />
    </main>
  );
}
