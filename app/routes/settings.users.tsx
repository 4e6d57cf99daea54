import { idParam } from "~/core/params";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { Time } from "~/components/time";
import { inviteSchema, roleField } from "~/core/forms";
import { listBrands } from "~/models/brands.server";
import { createOneTimeToken, findUserByEmail, listPendingInvites, listUsers, recordAudit, scopeFor, updateUserAccess } from "~/models/users.server";
import { emailLink } from "~/mail.server";
import { useEffect, useState } from "react";

export const meta: MetaFunction = () => [{ title: "Users · Earshot" }];

const updateSchema = z.object({
  intent: z.literal("update"),
  userId: idParam,
  role: roleField,
  brandIds: z.array(idParam).optional(),
  disabled: z.literal("on").optional(),
});
const resetSchema = z.object({ intent: z.literal("reset-link"), userId: idParam });
const schema = z.discriminatedUnion("intent", [inviteSchema, updateSchema, resetSchema]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, { role: "owner" });
  const [users, brands, invites] = await Promise.all([listUsers(context.db), listBrands(context.db), listPendingInvites(context.db, { now: new Date() })]);
  return { user, users, brands: brands.map((b) => ({ id: b.id, name: b.name })), invites, mail: context.mailer !== null };
}

/** A message naming the brand ids that do not exist, or null when all do. */
async function unknownBrandIds(db: AppLoadContext["db"], brandIds: number[] | null): Promise<string | null> {
  if (!brandIds?.length) return null;
  const known = new Set((await listBrands(db)).map((b) => b.id));
  const unknown = brandIds.filter((id) => !known.has(id));
  return unknown.length ? `expected existing brands, got unknown id ${unknown.join(", ")}` : null;
}

function linkTo(request: Request, publicOrigin: string | null, path: string) {
  return `${publicOrigin ?? new URL(request.url).origin}${path}`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const owner = await requireUser(request, context, { role: "owner" });
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), link: null }, { status: 400 });
  const value = submission.value;
  const now = new Date();
  if (value.intent === "invite") {
    if (await findUserByEmail(context.db, value.email)) {
      return Response.json({ result: submission.reply({ fieldErrors: { email: ["That person has an account already"] } }), link: null }, { status: 400 });
    }
    const brandIds = scopeFor(value.role, value.brandIds);
    const unknown = await unknownBrandIds(context.db, brandIds);
    if (unknown) return Response.json({ result: submission.reply({ fieldErrors: { brandIds: [unknown] } }), link: null }, { status: 400 });
    const { token, expiresAt } = await createOneTimeToken(context.db, { purpose: "invite", email: value.email, role: value.role, brandIds, createdBy: owner.id, now });
    await recordAudit(context.db, { userId: owner.id, action: "user.invite", entity: "user", entityId: null, after: { email: value.email, role: value.role, brandIds }, now });
    const link = linkTo(request, context.publicOrigin, `/invite/${token}`);
    let mailed = false;
    let mailError: string | null = null;
    if (context.mailer) {
      try {
        await context.mailer.send({
          to: value.email,
          subject: "You are invited to Earshot",
          text: `${owner.name ?? owner.email} invited you to Earshot as ${value.role}.\n\nSet your password here (the link works once, until ${expiresAt.toUTCString()}):\n${emailLink(context.publicOrigin, `/invite/${token}`)}\n`,
        });
        mailed = true;
      } catch (error) {
        // The invitation exists either way: show the link and say the email did not go out.
        mailError = `The email could not be sent (${error instanceof Error ? error.message : String(error)}); pass the link on yourself.`;
      }
    }
    return { result: submission.reply({ resetForm: true }), link, mailed, mailError, what: `Invitation for ${value.email}` };
  }
  if (value.intent === "reset-link") {
    const target = (await listUsers(context.db)).find((u) => u.id === value.userId);
    if (!target) throw new Response("No user with that id", { status: 404 });
    const { token } = await createOneTimeToken(context.db, { purpose: "reset", email: target.email, userId: target.id, createdBy: owner.id, now });
    await recordAudit(context.db, { userId: owner.id, action: "user.reset-link", entity: "user", entityId: target.id, now });
    return { result: submission.reply(), link: linkTo(request, context.publicOrigin, `/reset/${token}`), mailed: false, what: `Password reset link for ${target.email}` };
  }
  if (value.userId === owner.id && (value.role !== "owner" || value.disabled)) {
    return Response.json({ result: submission.reply({ formErrors: ["You cannot demote or disable yourself; ask another owner."] }), link: null }, { status: 400 });
  }
  const brandIds = scopeFor(value.role, value.brandIds);
  const unknown = await unknownBrandIds(context.db, brandIds);
  if (unknown) return Response.json({ result: submission.reply({ fieldErrors: { brandIds: [unknown] } }), link: null }, { status: 400 });
  const updated = await updateUserAccess(context.db, {
    userId: value.userId,
    role: value.role,
    brandIds,
    disabled: value.disabled === "on",
    actorId: owner.id,
    now,
  });
  if (!updated) throw new Response("No user with that id", { status: 404 });
  return { result: submission.reply(), link: null, mailed: false, what: null, savedUserId: value.userId };
}

/** "a responder for Bakery, Café", "an owner for every brand", "disabled": what someone may do, in words. */
function describeAccess(
  u: { role: string; allBrands: boolean; brandIds: number[]; disabledAt: unknown },
  brands: { id: number; name: string }[],
): string {
  if (u.disabledAt) return "disabled";
  const who = u.role === "owner" ? "an owner" : `a ${u.role}`;
  const which = u.role === "owner" || u.allBrands ? "every brand" : brands.filter((b) => u.brandIds.includes(b.id)).map((b) => b.name).join(", ");
  return `${who} for ${which}`;
}

export default function Users() {
  const { user, users, brands, invites, mail } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [invitesMade, setInvitesMade] = useState(0);
  const lastInvite = data && "what" in data && data.what?.startsWith("Invitation") ? data.link : null;
  useEffect(() => {
    if (lastInvite) setInvitesMade((n) => n + 1);
  }, [lastInvite]);
  const navigation = useNavigation();
  const errors = data?.result?.error;
  // Read from the reloaded list, so it says what was stored rather than what was sent.
  const saved = data && "savedUserId" in data ? users.find((u) => u.id === data.savedUserId) : undefined;
  return (
    <AppShell user={user} brands={brands}>
      <main className="page">
        <h1>Users</h1>
        {errors ? (
          <p className="form-error" role="alert">
            {Object.values(errors).flat().join(" ")}
          </p>
        ) : null}
        {saved ? (
          <p className="panel" role="status" data-testid="access-saved">
            Saved: {saved.email} is {describeAccess(saved, brands)}.
          </p>
        ) : null}
        {data && "what" in data && data.what && data.link ? (
          <p className="panel" data-testid="one-time-link">
            {data.what}: <code>{data.link}</code>
            <br />
            <span className="muted">
              {data.mailed ? "We emailed it too. " : ""}
              {"mailError" in data && data.mailError ? `${data.mailError} ` : ""}It works once; it is not shown again.
            </span>
          </p>
        ) : null}
        <section className="panel">
          <h2>Invite someone</h2>
          {/* A new key after each successful invitation empties the form, so the same person is not invited
              twice; a refused one keeps what was typed. */}
          <Form method="post" className="stack" key={`invite-${invitesMade}`}>
            <input type="hidden" name="intent" value="invite" />
            <label>
              Email
              <input type="email" name="email" required />
            </label>
            <label>
              Role
              <select name="role" defaultValue="responder">
                <option value="owner">owner — everything</option>
                <option value="responder">responder — triage and reply</option>
                <option value="viewer">viewer — read only</option>
              </select>
            </label>
            <fieldset>
              <legend>Brands (none ticked: all brands; owners always see all)</legend>
              {brands.map((b) => (
                <label key={b.id} className="inline">
                  <input type="checkbox" name="brandIds" value={b.id} /> {b.name}
                </label>
              ))}
            </fieldset>
            <button type="submit" disabled={navigation.state !== "idle"}>
              Create invitation{mail ? " and email it" : ""}
            </button>
          </Form>
        </section>
        {invites.length ? (
          <section className="panel" data-testid="pending-invites">
            <h2>Invitations not yet used</h2>
            <ul>
              {invites.map((i) => (
                <li key={`${i.email}-${String(i.expiresAt)}`}>
                  {i.email} as {i.role} · works until <Time value={i.expiresAt} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section className="panel">
          <h2>People</h2>
          <table>
            <thead>
              <tr><th>Email</th><th>Access</th><th /></tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.email}
                    {u.name ? <div className="muted">{u.name}</div> : null}
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="userId" value={u.id} />
                      <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`}>
                        <option value="owner">owner</option>
                        <option value="responder">responder</option>
                        <option value="viewer">viewer</option>
                      </select>
                      {brands.map((b) => (
                        <label key={b.id} className="inline">
                          <input type="checkbox" name="brandIds" value={b.id} defaultChecked={!u.allBrands && u.brandIds.includes(b.id)} /> {b.name}
                        </label>
                      ))}
                      <label className="inline">
                        <input type="checkbox" name="disabled" defaultChecked={!!u.disabledAt} /> disabled
                      </label>
                      <button type="submit" className="secondary">Save</button>
                    </Form>
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="reset-link" />
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className="secondary">Reset link</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </AppShell>
  );
}
