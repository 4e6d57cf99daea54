import { idParam, parseId } from "~/core/params";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { Time } from "~/components/time";
import { formatAggregate } from "~/core/extract/aggregate";
import { formatInterval } from "~/core/interval";
import { isPushedKind } from "~/core/source-kinds";
import { getRemovedSource, listSources, markSourceDue, setSourceEnabled } from "~/models/sources.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sources · ${data?.brand.name ?? ""} · Earshot` }];

const KIND_LABELS: Record<string, string> = { feed: "feed", schema: "review page (schema.org)", selectors: "review page (CSS selectors)", csv: "CSV imports", api: "ingest API" };

const schema = z.object({
  intent: z.enum(["run-now", "enable", "disable"]),
  sourceId: idParam,
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId);
  // What the table shows, no more: validators, leases and options stay on the server.
  const sources = (await listSources(context.db, { brandId: brand.id })).map((s) => ({
    id: s.id, kind: s.kind, name: s.name, url: s.url, intervalSeconds: s.intervalSeconds, enabled: s.enabled,
    lastRunAt: s.lastRunAt, lastStatus: s.lastStatus, lastError: s.lastError, lastItemCount: s.lastItemCount,
    aggregateRating: s.aggregateRating,
  }));
  // Set by the source's own page after removing it: the list says what went, as the audit log recorded it,
  // so a link cannot make this page claim anything else.
  const removedId = parseId(new URL(request.url).searchParams.get("removed") ?? undefined);
  const removed = removedId ? await getRemovedSource(context.db, { brandId: brand.id, sourceId: removedId }) : null;
  return { user, brand, brands, sources, removed };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), message: null, sourceId: null }, { status: 400 });
  const { intent, sourceId } = submission.value;
  const now = new Date();
  const found =
    intent === "run-now"
      ? await markSourceDue(context.db, { brandId: brand.id, sourceId, now })
      : await setSourceEnabled(context.db, { brandId: brand.id, sourceId, enabled: intent === "enable", actorId: user.id, now });
  if (!found) throw new Response("No such source for this brand", { status: 404 });
  const message =
    intent === "run-now" ? "It will be collected within a minute; its row here updates when that is done." : intent === "enable" ? "Enabled: it is collected again from now on." : "Disabled: it is not collected until you enable it again.";
  return { result: submission.reply(), message, sourceId };
}

export default function Sources() {
  const { user, brand, brands, sources, removed } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const revalidator = useRevalidator();
  // Kept in state: a revalidation clears the action's answer, and the message should outlive the first look.
  const [done, setDone] = useState<typeof answer>(undefined);
  useEffect(() => {
    if (answer?.message) setDone(answer);
  }, [answer]);
  // A source marked to run now is collected by the jobs within a minute: look again while that happens.
  useEffect(() => {
    if (!done?.message) return;
    const timer = setInterval(() => revalidator.revalidate(), 10_000);
    const stop = setTimeout(() => clearInterval(timer), 90_000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done]);
  const owner = user.role === "owner";
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page">
        <h1>Sources of {brand.name}</h1>
        <p className="muted">
          Query: <code>{brand.query}</code>
        </p>
        {owner ? (
          <p className="inline-form">
            <Link to={`/brands/${brand.id}/sources/new`}>Add a source</Link> · <Link to={`/brands/${brand.id}/import`}>Import a CSV</Link> ·{" "}
            <Link to={`/brands/${brand.id}/settings`}>Query and API tokens</Link>
          </p>
        ) : null}
        {done?.message ? (
          <p className="panel" role="status" data-testid="source-action-done">
            {sources.find((x) => x.id === done.sourceId)?.name ?? "The source"}: {done.message}
          </p>
        ) : null}
        {removed ? (
          <p className="panel" role="status" data-testid="source-removed">
            Removed {removed.name}, with the {removed.mentions} {removed.mentions === 1 ? "mention" : "mentions"} collected from it.
          </p>
        ) : null}
        {sources.length === 0 ? <p className="muted">No sources yet: add a feed or a review page, or import a CSV export.</p> : null}
        <section className="panel">
          <table data-testid="source-table">
            <thead>
              <tr><th>Source</th><th>URL</th><th>Every</th><th>Last run</th><th>Status</th><th>Items</th>{owner ? <th /> : null}</tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/brands/${brand.id}/sources/${s.id}`}>{s.name ?? s.kind}</Link>
                    <div className="muted">{KIND_LABELS[s.kind] ?? s.kind}</div>
                    {s.aggregateRating?.ratingValue != null ? (
                      <div className="muted" data-testid="aggregate-rating">
                        {formatAggregate(s.aggregateRating)}
                      </div>
                    ) : null}
                  </td>
                  <td style={{ overflowWrap: "anywhere" }}>{s.url ?? "pushed in"}</td>
                  <td>{isPushedKind(s.kind) ? "–" : formatInterval(s.intervalSeconds)}</td>
                  <td>{s.lastRunAt ? <Time value={s.lastRunAt} /> : "not yet"}</td>
                  <td>
                    {s.enabled ? (s.lastStatus ?? "waiting") : "disabled"}
                    {s.lastError ? <div className="field-error">{s.lastError}</div> : null}
                  </td>
                  <td>{s.lastItemCount ?? "–"}</td>
                  {owner ? (
                    <td>
                      {isPushedKind(s.kind) ? null : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="sourceId" value={s.id} />
                          {s.enabled ? (
                            <>
                              <button type="submit" name="intent" value="run-now" className="secondary">Run now</button>
                              <button
                                type="submit"
                                name="intent"
                                value="disable"
                                className="secondary"
                                onClick={(e) => {
                                  if (!window.confirm(`Stop collecting ${s.name ?? "this source"}? Its mentions stay.`)) e.preventDefault();
                                }}
                              >
                                Disable
                              </button>
                            </>
                          ) : (
                            <button type="submit" name="intent" value="enable" className="secondary">Enable</button>
                          )}
                          <Link to={`/brands/${brand.id}/sources/${s.id}/edit`}>Change</Link>
                        </Form>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </AppShell>
  );
}
