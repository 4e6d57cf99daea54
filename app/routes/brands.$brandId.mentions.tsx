import { idParam } from "~/core/params";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { hasRole } from "~/auth.server";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { ReplyErrors } from "~/components/field-error";
import { MentionList, type MentionView } from "~/components/mention-list";
import { decodeCursor, encodeCursor, listMentions, MentionNotFound, overrideMentionLabel } from "~/models/mentions.server";
import { listSources } from "~/models/sources.server";

export const meta: MetaFunction = () => [{ title: "Mentions · Earshot" }];

const PAGE = 25;
const labels = ["positive", "neutral", "negative"] as const;

const overrideSchema = z.object({
  mentionId: idParam,
  label: z.enum([...labels, "auto"], { error: "Choose positive, neutral, negative or automatic" }),
  reason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId);
  const url = new URL(request.url);
  const labelParam = url.searchParams.get("label");
  const label = labels.find((l) => l === labelParam);
  const [rows, sources] = await Promise.all([
    listMentions(context.db, { brandId: brand.id, cursor: decodeCursor(url.searchParams.get("cursor")), limit: PAGE + 1, label }),
    listSources(context.db, { brandId: brand.id }),
  ]);
  const page = rows.slice(0, PAGE);
  return {
    user,
    brand,
    brands,
    sources,
    mentions: page,
    next: rows.length > PAGE ? encodeCursor(page.at(-1)!) : null,
    canOverride: hasRole(user, "responder"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "responder" });
  const submission = parseWithZod(await request.formData(), { schema: overrideSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { mentionId, label, reason } = submission.value;
  if (label !== "auto" && !reason) {
    return Response.json(submission.reply({ fieldErrors: { reason: ["Say why, so the next person understands the change"] } }), { status: 400 });
  }
  try {
    await overrideMentionLabel(context.db, {
      brandId: brand.id,
      mentionId,
      label: label === "auto" ? null : label,
      reason: reason ?? null,
      userEmail: user.email,
      userId: user.id,
      now: new Date(),
    });
  } catch (error) {
    if (error instanceof MentionNotFound) throw new Response(error.message, { status: 404 });
    throw error;
  }
  return submission.reply();
}

export default function Mentions() {
  const { user, brand, brands, sources, mentions, next, canOverride } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const label = params.get("label");
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page">
        <h1>Mentions of {brand.name}</h1>
        <p className="inline-form">
          Show:{" "}
          {[null, ...labels].map((l) => (
            <Link key={l ?? "all"} to={l ? `?label=${l}` : "."} className={label === l || (!label && !l) ? "active" : undefined}>
              {l ?? "all"}
            </Link>
          ))}
        </p>
        <section className="panel">
          {mentions.length === 0 ? (
            <p className="muted">No mentions here yet.</p>
          ) : (
            <MentionList
              mentions={mentions}
              sources={sources}
              renderActions={
                canOverride
                  ? (m) => <OverrideForm mention={m} />
                  : undefined
              }
            />
          )}
          {next ? (
            <p>
              <Link to={`?${new URLSearchParams({ ...(label ? { label } : {}), cursor: next })}`}>Older mentions →</Link>
            </p>
          ) : null}
        </section>
      </main>
    </AppShell>
  );
}

/** One mention's label form: its own fetcher, so a refusal shows beside this mention and nowhere else. */
function OverrideForm({ mention: m }: { mention: MentionView }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" className="inline-form override-form">
      <input type="hidden" name="mentionId" value={m.id} />
      <select name="label" defaultValue={m.overrideLabel ?? "auto"} aria-label="Label">
        <option value="auto">automatic ({m.sentimentLabel})</option>
        {labels.map((l) => (
          <option key={l} value={l}>{l}</option>
        ))}
      </select>
      <input type="text" name="reason" placeholder="why" defaultValue={m.overrideReason ?? ""} aria-label="Reason" />
      <button type="submit" className="secondary" disabled={fetcher.state !== "idle"}>Set label</button>
      {m.overrideBy ? <span className="muted">set by {m.overrideBy}</span> : null}
      {fetcher.state === "idle" ? <ReplyErrors data={fetcher.data} /> : null}
    </fetcher.Form>
  );
}
