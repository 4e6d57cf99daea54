import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireBrand, requireBrandSource } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { Time } from "~/components/time";
import { isPushedKind } from "~/core/source-kinds";
import { listRuns } from "~/models/runs.server";

export const meta: MetaFunction = () => [{ title: "Source runs · Earshot" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId);
  const source = await requireBrandSource(context, brand.id, params.sourceId);
  const runs = await listRuns(context.db, { sourceId: source.id, limit: 50 });
  const saved = new URL(request.url).searchParams.get("saved");
  return { user, brand, brands, saved, source: { id: source.id, kind: source.kind, url: source.url, name: source.name, lastStatus: source.lastStatus, lastError: source.lastError }, runs };
}

export default function SourceRuns() {
  const { user, brand, brands, source, runs, saved } = useLoaderData<typeof loader>();
  const changeable = user.role === "owner" && !isPushedKind(source.kind);
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page">
        <p>
          <Link to={`/brands/${brand.id}/sources`}>← Sources</Link>
        </p>
        <h1>{source.name ?? source.kind}</h1>
        <p className="muted" style={{ overflowWrap: "anywhere" }}>{source.url ?? "pushed in"}</p>
        {changeable ? (
          <p>
            <Link to={`/brands/${brand.id}/sources/${source.id}/edit`}>Change or remove this source</Link>
          </p>
        ) : null}
        {saved ? (
          <p className="panel" role="status" data-testid="source-saved">
            {saved === "reread" ? "Saved. It is read afresh within a minute (if enabled); the run appears below." : "Saved."}
          </p>
        ) : null}
        <section className="panel">
          <h2>Last {runs.length} collections</h2>
          <table data-testid="run-table">
            <thead>
              <tr><th>Started</th><th>Status</th><th>Seen</th><th>New</th><th>Updated</th><th>Not matching</th><th>Took</th><th>Error</th></tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td><Time value={r.startedAt} seconds /></td>
                  <td>{r.status}</td>
                  <td>{r.itemsSeen}</td>
                  <td>{r.itemsNew}</td>
                  <td>{r.itemsUpdated}</td>
                  <td>{r.itemsRejected}</td>
                  <td>{r.durationMs === null ? "–" : `${(r.durationMs / 1000).toFixed(1)} s`}</td>
                  <td className="field-error">{r.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </AppShell>
  );
}
