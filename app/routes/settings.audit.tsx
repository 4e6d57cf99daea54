import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { Time } from "~/components/time";
import { listBrandsForUser } from "~/models/brands.server";
import { listAuditLog } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Earshot" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, { role: "owner" });
  const [entries, brands] = await Promise.all([listAuditLog(context.db), listBrandsForUser(context.db, user)]);
  return { user, brands: brands.map((b) => ({ id: b.id, name: b.name })), entries };
}

const show = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

export default function Audit() {
  const { user, brands, entries } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} brands={brands}>
      <main className="page">
        <h1>Audit log</h1>
        <p className="muted">Who changed sources, rules, labels, users and tokens — newest first.</p>
        <section className="panel">
          <table data-testid="audit-log">
            <thead>
              <tr><th>When</th><th>Who</th><th>What</th><th>Before</th><th>After</th></tr>
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
                  <td><code>{show(e.before)}</code></td>
                  <td><code>{show(e.after)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </AppShell>
  );
}
