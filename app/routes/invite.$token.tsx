import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { startUserSession } from "~/auth.server";
import { PasswordForm } from "~/components/password-form";
import { acceptInviteSchema } from "~/core/forms";
import { acceptInvite, findOneTimeToken } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Join Earshot" }];

const GONE = "This invitation link has been used or has expired. Ask the person who invited you for a new one.";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invite = await findOneTimeToken(context.db, params.token ?? "", "invite", new Date());
  if (!invite) throw new Response(GONE, { status: 410 });
  return { email: invite.email, role: invite.role };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: acceptInviteSchema });
  if (submission.status !== "success") return Response.json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const user = await acceptInvite(context.db, { token: params.token ?? "", password: submission.value.password, name: submission.value.name || null, now: new Date() });
  if (!user) throw new Response(GONE, { status: 410 });
  return startUserSession(request, context, user.id, "/");
}

export default function AcceptInvite() {
  const { email, role } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <main className="page narrow">
      <h1>Join Earshot</h1>
      <p>
        You are invited as <strong>{role}</strong> with the address <strong>{email}</strong>. Choose a password to start.
      </p>
      <PasswordForm lastResult={lastResult} withName submitLabel="Create my account" />
    </main>
  );
}
