import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { SourceForm, SourcePreview } from "~/components/source-form";
import { sourceOptionsFromForm } from "~/core/forms";
import { formatInterval } from "~/core/interval";
import { parseId } from "~/core/params";
import type { AppLoadContext } from "@remix-run/node";
import { isUniqueViolation } from "~/db/client";
import { countMentions } from "~/models/mentions.server";
import { deleteSource, findSourceByUrl, getSource, SourceBusy, updateSource } from "~/models/sources.server";
import { previewSource, type PreviewResult } from "~/services/source-preview.server";
import { readsAlike, validateSourceInput } from "~/services/source-input.server";

export const meta: MetaFunction = () => [{ title: "Change a source · Earshot" }];

/** The brand's collected source of this page; pushed ones (CSV, API) have nothing to change here. */
async function requireCollectedSource(context: AppLoadContext, brandId: number, raw: string | undefined) {
  const id = parseId(raw);
  const source = id ? await getSource(context.db, id) : undefined;
  if (!source || source.brandId !== brandId || source.kind === "csv" || source.kind === "api") {
    throw new Response("No collected source with that id for this brand", { status: 404 });
  }
  return source;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const source = await requireCollectedSource(context, brand.id, params.sourceId);
  return {
    user, brand, brands,
    source: { id: source.id, kind: source.kind, url: source.url ?? "", name: source.name ?? "", every: formatInterval(source.intervalSeconds), options: source.options },
    mentions: await countMentions(context.db, { sourceId: source.id }),
  };
}

type ActionData = { errors: Record<string, string[]>; preview: PreviewResult | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const source = await requireCollectedSource(context, brand.id, params.sourceId);
  const form = await request.formData();
  const now = new Date();
  const busy = (error: unknown, field: string) => {
    if (error instanceof SourceBusy) return Response.json({ errors: { [field]: [error.message] }, preview: null } satisfies ActionData, { status: 409 });
    throw error;
  };
  if (form.get("intent") === "delete") {
    let removed: { mentions: number } | null;
    try {
      removed = await deleteSource(context.db, { brandId: brand.id, sourceId: source.id, actorId: user.id, now });
    } catch (error) {
      return busy(error, "delete");
    }
    if (!removed) throw new Response("No collected source with that id for this brand", { status: 404 });
    return redirect(`/brands/${brand.id}/sources?removed=${source.id}`);
  }
  // An empty interval would quietly become the default; on a saved source that is a change nobody asked for.
  const every = String(form.get("every") ?? "").trim();
  if (!every) return Response.json({ errors: { every: ["expected an interval such as 15m, 1h or 1d, got nothing"] }, preview: null } satisfies ActionData, { status: 400 });
  // The kind stays: another kind reads the page another way, which is a new source.
  const input = validateSourceInput({ kind: source.kind, url: String(form.get("url") ?? ""), options: sourceOptionsFromForm(source.kind, form), every, name: String(form.get("name") ?? "") });
  if (!input.ok) return Response.json({ errors: input.errors, preview: null } satisfies ActionData, { status: 400 });
  const { value } = input;
  const reread = !readsAlike(source.kind, source, value);
  const duplicate = (name: string) =>
    Response.json(
      { errors: { url: [`${brand.name} has another source at this URL (${name}); collecting it twice would count every mention twice`] }, preview: null } satisfies ActionData,
      { status: 400 },
    );
  const twin = await findSourceByUrl(context.db, { brandId: brand.id, url: value.url! });
  if (twin && twin.id !== source.id) return duplicate(twin.name ?? twin.kind);
  // A new reading of the page is tried first, as a new source is; a new name or interval for the same
  // reading is saved as it is, so a source that is down today can still be renamed.
  if (form.get("intent") === "preview" || reread) {
    const preview = await previewSource(context.db, { kind: value.kind, url: value.url!, options: value.options, query: brand.query }, { allowHosts: context.fetchAllowlist, now });
    if (form.get("intent") === "preview" || !preview.ok) {
      const errors: Record<string, string[]> = preview.ok ? {} : { url: [`We could not read this source: ${preview.error}`] };
      return Response.json({ errors, preview } satisfies ActionData, { status: preview.ok ? 200 : 400 });
    }
  }
  try {
    const saved = await updateSource(context.db, { brandId: brand.id, sourceId: source.id, changes: value, reread, actorId: user.id, now });
    if (!saved) throw new Response("No collected source with that id for this brand", { status: 404 });
  } catch (error) {
    if (isUniqueViolation(error)) return duplicate("added a moment ago");
    return busy(error, "save");
  }
  return redirect(`/brands/${brand.id}/sources/${source.id}?saved=${reread ? "reread" : "1"}`);
}

export default function EditSource() {
  const { user, brand, brands, source, mentions } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const label = source.name || "this source";
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page narrow">
        <p>
          <Link to={`/brands/${brand.id}/sources/${source.id}`}>← {label}</Link>
        </p>
        <h1>Change {label}</h1>
        <p className="muted">
          A new URL or new options are read afresh: the next collection runs within a minute and counts what it finds
          as the source's history. Mentions collected so far stay.
        </p>
        {data?.errors.save ? <p className="form-error" role="alert">{data.errors.save.join(" ")}</p> : null}
        <SourceForm defaults={source} errors={data?.errors} kindLocked saveLabel="Save changes" />
        {data?.preview?.ok ? <SourcePreview preview={data.preview} /> : null}
        <section className="panel stack">
          <h2>Remove this source</h2>
          <p>
            It stops being collected, and the {mentions} {mentions === 1 ? "mention" : "mentions"} collected from it leave the
            dashboard, with their history. To keep them, disable the source on the sources page instead.
          </p>
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="delete"
              className="danger"
              onClick={(e) => {
                if (!window.confirm(`Remove ${label} and its ${mentions} mentions? This cannot be undone.`)) e.preventDefault();
              }}
            >
              Remove source and its mentions
            </button>
            {data?.errors.delete ? <p className="field-error" role="alert">{data.errors.delete.join(" ")}</p> : null}
          </Form>
        </section>
      </main>
    </AppShell>
  );
}
