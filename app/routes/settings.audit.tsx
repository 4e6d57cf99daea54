import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { Time } from "~/components/time";
import { auditChanges } from "~/core/audit-changes";
import { decodeTimeCursor, encodeTimeCursor } from "~/core/cursor";
import { listBrandsForUser } from "~/models/brands.server";
import { listAuditLog } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Earshot" }];

const PAGE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, { role: "owner" });
  const cursor = decodeTimeCursor(new URL(request.url).searchParams.get("before"));
  const [rows, brands] = await Promise.all([listAuditLog(context.db, { cursor, limit: PAGE + 1 }), listBrandsForUser(context.db, user)]);
  const entries = rows.slice(0, PAGE);
  return {
    user,
    brands: brands.map((b) => ({ id: b.id, name: b.name })),
    entries,
    paged: cursor !== null,
    older: rows.length > PAGE ? encodeTimeCursor(entries.at(-1)!.at, entries.at(-1)!.id) : null,
  };
}

export default function Audit() {
  const { user, brands, entries, paged, older } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} brands={brands}>
      <main className="page">
        <h1>Audit log</h1>
        <p className="muted">Who changed sources, labels, users, tokens and incidents — newest first.</p>
        <section className="panel">
          <table data-testid="audit-log">
            <thead>
              <tr><th>When</th><th>Who</th><th>What</th><th>Changed</th></tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td><Time value={e.at} /></td>
                  <td>{e.userEmail ?? "command line"}</td>
                  <td>
                    {e.action} {e.entity}
                    {e.entityId ? ` #${e.entityId}` : ""}
                  </td>
                  <td>
                    <ul className="plain">
                      {auditChanges(e.before, e.after).map((c) => (
                        <li key={c.field}>
                          {c.field}: <code>{c.from}</code> → <code>{c.to}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 0 ? <p className="muted">Nothing recorded yet.</p> : null}
          <p className="inline-form">
            {paged ? <Link to="/settings/audit">Newest</Link> : null}
            {older ? <Link to={`/settings/audit?before=${encodeURIComponent(older)}`}>Older entries</Link> : null}
          </p>
        </section>
      </main>
    </AppShell>
  );
}
