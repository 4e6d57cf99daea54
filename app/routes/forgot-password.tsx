import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { emailField } from "~/core/forms";
import { loginRetryAfterMinutes, noteLoginFailure } from "~/models/login-throttle.server";
import { createOneTimeToken, findUserByEmail } from "~/models/users.server";
import { emailLink } from "~/mail.server";

export const meta: MetaFunction = () => [{ title: "Forgot password · Earshot" }];

const schema = z.object({ email: emailField });
// The same answer whether or not the account exists: this page must not reveal who has one.
const SENT = "If that address has an account, a reset link is on its way. It works once, for an hour.";

export async function loader({ context }: LoaderFunctionArgs) {
  return { mail: context.mailer !== null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return Response.json({ message: null, result: submission.reply() }, { status: 400 });
  if (!context.mailer) return { message: "This Earshot cannot send email. Ask an owner for a reset link.", result: null };
  const ip = context.clientIp;
  if ((await loginRetryAfterMinutes(context.db, { email: `reset:${submission.value.email}`, ip: `reset:${ip}`, now: new Date() })) > 0) {
    return Response.json({ message: "Too many reset requests. Try again later.", result: null }, { status: 429 });
  }
  // Counted like failed sign-ins, so the page cannot be used to flood someone's inbox.
  await noteLoginFailure(context.db, { email: `reset:${submission.value.email}`, ip: `reset:${ip}`, now: new Date() });
  const user = await findUserByEmail(context.db, submission.value.email);
  if (user && !user.disabledAt) {
    const { token } = await createOneTimeToken(context.db, { purpose: "reset", email: user.email, userId: user.id, now: new Date() });
    const link = emailLink(context.publicOrigin, `/reset/${token}`);
    const mailer = context.mailer;
    // Sent after answering: the reply must take as long, and say the same, whether or not the account exists.
    setImmediate(() => {
      mailer
        .send({
          to: user.email,
          subject: "Your Earshot password reset link",
          text: `Someone (hopefully you) asked to reset your Earshot password.\n\nChoose a new one here; the link works once, for an hour:\n${link}\n\nIf it was not you, ignore this email.\n`,
        })
        .catch((error: unknown) => console.error(`earshot: a password reset email could not be sent: ${error instanceof Error ? error.message : String(error)}`));
    });
  }
  return { message: SENT, result: null };
}

export default function ForgotPassword() {
  const { mail } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <main className="page narrow">
      <h1>Forgot your password?</h1>
      {mail ? null : <p className="muted">This Earshot has no email set up: an owner can give you a reset link from the Users page.</p>}
      {data?.message ? <p className="panel" role="status">{data.message}</p> : null}
      {mail ? (
        <Form method="post" className="panel stack">
          <label>
            Email
            <input type="email" name="email" required autoComplete="username" />
            {data?.result?.error?.email ? <span className="field-error">{data.result.error.email.join(" ")}</span> : null}
          </label>
          <button type="submit">Send me a reset link</button>
        </Form>
      ) : null}
      <p>
        <a href="/login">Back to sign in</a>
      </p>
    </main>
  );
}
