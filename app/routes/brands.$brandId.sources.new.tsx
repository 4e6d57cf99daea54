import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { SourceForm, SourcePreview, type SourceActionData } from "~/components/source-form";
import { sourceOptionsFromForm } from "~/core/forms";
import { isUniqueViolation } from "~/db/client";
import { createSource, findSourceByUrl } from "~/models/sources.server";
import { previewSource } from "~/services/source-preview.server";
import { validateSourceInput } from "~/services/source-input.server";

export const meta: MetaFunction = () => [{ title: "Add a source · Earshot" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return requireBrand(request, context, params.brandId, { role: "owner" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const form = await request.formData();
  const kind = String(form.get("kind") ?? "");
  const input = validateSourceInput({ kind, url: String(form.get("url") ?? ""), options: sourceOptionsFromForm(kind, form), every: String(form.get("every") ?? "15m"), name: String(form.get("name") ?? "") });
  if (!input.ok) return Response.json({ errors: input.errors, preview: null } satisfies SourceActionData, { status: 400 });
  const { value } = input;
  const duplicate = (name: string) =>
    Response.json(
      { errors: { url: [`${brand.name} has a source at this URL already (${name}); collecting it twice would count every mention twice`] }, preview: null } satisfies SourceActionData,
      { status: 400 },
    );
  const twin = await findSourceByUrl(context.db, { brandId: brand.id, url: value.url! });
  if (twin) return duplicate(twin.name ?? twin.kind);
  const preview = await previewSource(context.db, { kind: value.kind, url: value.url!, options: value.options, query: brand.query }, { allowHosts: context.fetchAllowlist, now: new Date() });
  if (form.get("intent") === "preview" || !preview.ok) {
    const errors: Record<string, string[]> = preview.ok ? {} : { url: [`We could not read this source: ${preview.error}`] };
    return Response.json({ errors, preview } satisfies SourceActionData, { status: preview.ok ? 200 : 400 });
  }
  try {
    await createSource(context.db, { brandId: brand.id, ...value }, { actorId: user.id, now: new Date() });
  } catch (error) {
    // Saved meanwhile from another tab or the command line: the unique index has the last word.
    if (isUniqueViolation(error)) return duplicate("added a moment ago");
    throw error;
  }
  return redirect(`/brands/${brand.id}/sources`);
}

export default function NewSource() {
  const { user, brand, brands } = useLoaderData<typeof loader>();
  const data = useActionData<SourceActionData>();
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page narrow">
        <h1>Add a source to {brand.name}</h1>
        <SourceForm errors={data?.errors} saveLabel="Save source" />
        {data?.preview?.ok ? <SourcePreview preview={data.preview} /> : null}
      </main>
    </AppShell>
  );
}
