import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppShell } from "~/components/app-shell";
import { requireBrand } from "~/brand-access.server";
import { listSources } from "~/models/sources.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sources · ${data?.brand.name ?? ""} · Earshot` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId);
  const sources = await listSources(context.db, { brandId: brand.id });
  return { user, brand, brands, sources };
}

function every(seconds: number) {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export default function Sources() {
  const { user, brand, brands, sources } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page">
        <h1>Sources of {brand.name}</h1>
        <p className="muted">
          Query: <code>{brand.query}</code>
        </p>
        <section className="panel">
          <table data-testid="source-table">
            <thead>
              <tr><th>Kind</th><th>URL</th><th>Every</th><th>Last run</th><th>Status</th><th>Items</th></tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id}>
                  <td>{s.kind}</td>
                  <td style={{ overflowWrap: "anywhere" }}>{s.url ?? "–"}</td>
                  <td>{every(s.intervalSeconds)}</td>
                  <td>{s.lastRunAt ? new Date(s.lastRunAt).toLocaleString() : "not yet"}</td>
                  <td>
                    {s.enabled ? (s.lastStatus ?? "waiting") : "disabled"}
                    {s.lastError ? <div className="field-error">{s.lastError}</div> : null}
                  </td>
                  <td>{s.lastItemCount ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </AppShell>
  );
}
