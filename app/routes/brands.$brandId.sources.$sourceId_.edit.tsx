import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireBrand, requireBrandSource } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { SourceForm, SourcePreview, type SourceActionData } from "~/components/source-form";
import { sourceOptionsFromForm } from "~/core/forms";
import { formatInterval } from "~/core/interval";
import { isUniqueViolation } from "~/db/client";
import { countMentions } from "~/models/mentions.server";
import { deleteSource, findSourceByUrl, SourceBusy, updateSource } from "~/models/sources.server";
import { previewSource } from "~/services/source-preview.server";
import { readsAlike, validateSourceInput } from "~/services/source-input.server";

export const meta: MetaFunction = () => [{ title: "Change a source · Earshot" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const source = await requireBrandSource(context, brand.id, params.sourceId, { collected: true });
  return {
    user, brand, brands,
    source: { id: source.id, kind: source.kind, url: source.url ?? "", name: source.name ?? "", every: formatInterval(source.intervalSeconds), options: source.options },
    mentions: await countMentions(context.db, { sourceId: source.id }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const source = await requireBrandSource(context, brand.id, params.sourceId, { collected: true });
  const form = await request.formData();
  const now = new Date();
  const busy = (error: unknown, field: string) => {
    if (error instanceof SourceBusy) return Response.json({ errors: { [field]: [error.message] }, preview: null } satisfies SourceActionData, { status: 409 });
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
  // The kind stays: another kind reads the page another way, which is a new source.
  const input = validateSourceInput(
    { kind: source.kind, url: String(form.get("url") ?? ""), options: sourceOptionsFromForm(source.kind, form), every: String(form.get("every") ?? ""), name: String(form.get("name") ?? "") },
    { requireEvery: true },
  );
  if (!input.ok) return Response.json({ errors: input.errors, preview: null } satisfies SourceActionData, { status: 400 });
  const { value } = input;
  const reread = !readsAlike(source.kind, source, value);
  const duplicate = (name: string) =>
    Response.json(
      { errors: { url: [`${brand.name} has another source at this URL (${name}); collecting it twice would count every mention twice`] }, preview: null } satisfies SourceActionData,
      { status: 400 },
    );
  const twin = value.url === source.url ? undefined : await findSourceByUrl(context.db, { brandId: brand.id, url: value.url! });
  if (twin) return duplicate(twin.name ?? twin.kind);
  // A new reading of the page is tried first, as a new source is; a new name or interval for the same
  // reading is saved as it is, so a source that is down today can still be renamed.
  if (form.get("intent") === "preview" || reread) {
    const preview = await previewSource(context.db, { kind: value.kind, url: value.url!, options: value.options, query: brand.query }, { allowHosts: context.fetchAllowlist, now });
    if (form.get("intent") === "preview" || !preview.ok) {
      const errors: Record<string, string[]> = preview.ok ? {} : { url: [`We could not read this source: ${preview.error}`] };
      return Response.json({ errors, preview } satisfies SourceActionData, { status: preview.ok ? 200 : 400 });
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
  const data = useActionData<SourceActionData>();
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
