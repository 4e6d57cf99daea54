import { idParam } from "~/core/params";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { changeIncidentStatus, IncidentNotFound } from "~/models/incidents.server";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { AppShell } from "~/components/app-shell";
import { MentionList } from "~/components/mention-list";
import { IncidentPanel } from "~/components/incident-panel";
import { MentionsChart } from "~/components/mentions-chart";
import { requireBrand } from "~/brand-access.server";
import { getOverview } from "~/models/overview.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.brand.name ?? "Brand"} · Earshot` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId);
  const overview = await getOverview(context.db, { brandId: brand.id, days: 30, now: new Date() });
  return { user, brand, brands, overview };
}

const incidentSchema = z.object({
  intent: z.enum(["acknowledge", "resolve"]),
  incidentId: idParam,
  note: z.string().trim().max(1000, "Keep the note under 1000 characters").optional(),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "responder" });
  const submission = parseWithZod(await request.formData(), { schema: incidentSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { intent, incidentId, note } = submission.value;
  if (intent === "resolve" && !note) {
    return Response.json(submission.reply({ fieldErrors: { note: ["Say what was done, so the next person knows how it ended"] } }), { status: 400 });
  }
  try {
    await changeIncidentStatus(context.db, {
      brandId: brand.id,
      incidentId,
      status: intent === "acknowledge" ? "acknowledged" : "resolved",
      note: note ?? null,
      userId: user.id,
      now: new Date(),
    });
  } catch (error) {
    if (error instanceof IncidentNotFound) throw new Response(error.message, { status: 404 });
    throw error;
  }
  return submission.reply();
}

const REFRESH_MS = 30_000;

function formatScore(score: number | null) {
  return score === null ? "–" : `${score > 0 ? "+" : ""}${score.toFixed(2)}`;
}

export default function BrandOverview() {
  const { user, brand, brands, overview } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  // New mentions arrive in the background; refresh while the tab is visible so a crisis shows without a reload.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
  const { totals } = overview;
  const today = overview.series.at(-1);
  const negativeShare = totals.total > 0 ? Math.round((100 * totals.negative) / totals.total) : null;
  const unhealthy = overview.sources.filter((s) => s.lastStatus && s.lastStatus !== "ok").length;
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page">
        <h1>{brand.name}</h1>
        <div className="grid">
          <div className="stat">
            <div className="value" data-testid="total-mentions">{totals.total}</div>
            <div className="label">mentions in 30 days</div>
          </div>
          <div className="stat">
            <div className="value" data-testid="negative-mentions">{totals.negative}</div>
            <div className="label">negative{negativeShare !== null ? ` (${negativeShare}%)` : ""}</div>
          </div>
          <div className="stat">
            <div className="value">{today ? today.negative : 0}</div>
            <div className="label">negative today</div>
          </div>
          <div className="stat">
            <div className="value" data-testid="average-sentiment">{formatScore(totals.averageScore)}</div>
            <div className="label">average sentiment (−1 … +1)</div>
          </div>
          <div className="stat">
            {/* Collected sources: CSV imports and the API are not sources anyone adds or watches. */}
            <div className="value">{overview.sources.filter((s) => s.kind !== "csv" && s.kind !== "api").length}</div>
            <div className="label">sources{unhealthy ? `, ${unhealthy} need attention` : ""}</div>
          </div>
        </div>
        <section className="panel">
          <h2>Mentions per day</h2>
          <MentionsChart
            data={overview.series}
            incidents={overview.incidents.map((i) => ({
              id: i.id,
              kind: i.kind,
              from: i.windowStart.toISOString().slice(0, 10),
              to: i.windowEnd.toISOString().slice(0, 10),
            }))}
          />
        </section>
        {overview.incidents.length > 0 ? <IncidentPanel incidents={overview.incidents} canAct={user.role !== "viewer"} /> : null}
        <section className="panel">
          <h2>Latest mentions</h2>
          {overview.latest.length === 0 ? (
            <p className="muted">
              Nothing yet. Each source is collected at the interval set for it (15 minutes unless changed); the first
              mentions appear after its first run. Add sources on the Sources page.
            </p>
          ) : (
            <MentionList mentions={overview.latest} sources={overview.sources} />
          )}
        </section>
      </main>
    </AppShell>
  );
}
