import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { FieldError } from "~/components/field-error";
import { brandName, brandQuery, httpUrl } from "~/core/forms";
import { isUniqueViolation } from "~/db/client";
import { findBrandByName, listBrandsForUser } from "~/models/brands.server";
import { createBrandWithSource } from "~/models/onboarding.server";
import { previewSource } from "~/services/source-preview.server";

export const meta: MetaFunction = () => [{ title: "New brand · Earshot" }];

const schema = z.object({ name: brandName, query: brandQuery, feedUrl: httpUrl.optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, { role: "owner" });
  const brands = await listBrandsForUser(context.db, user);
  return { user, brands: brands.map((b) => ({ id: b.id, name: b.name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context, { role: "owner" });
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { name, query, feedUrl } = submission.value;
  if (await findBrandByName(context.db, name)) {
    return Response.json(submission.reply({ fieldErrors: { name: [`A brand called "${name}" exists already`] } }), { status: 400 });
  }
  if (feedUrl) {
    const preview = await previewSource(context.db, { kind: "feed", url: feedUrl, query }, { allowHosts: context.fetchAllowlist, now: new Date() });
    if (!preview.ok) {
      return Response.json(
        submission.reply({ fieldErrors: { feedUrl: [`We could not read a feed at this address: ${preview.error}`] } }),
        { status: 400 },
      );
    }
  }
  try {
    const { brand } = await createBrandWithSource(context.db, {
      brand: { name, query },
      source: feedUrl ? { kind: "feed", url: feedUrl, intervalSeconds: 15 * 60 } : null,
      actorId: user.id,
    });
    return redirect(`/brands/${brand.id}`);
  } catch (error) {
    // Someone created the same name between our check and our insert.
    if (isUniqueViolation(error)) {
      return Response.json(submission.reply({ fieldErrors: { name: [`A brand called "${name}" exists already`] } }), { status: 400 });
    }
    throw error;
  }
}

export default function NewBrand() {
  const { user, brands } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({ lastResult, shouldValidate: "onSubmit",
    shouldRevalidate: "onInput", onValidate: ({ formData }) => parseWithZod(formData, { schema }) });
  return (
    <AppShell user={user} brands={brands}>
      <main className="page narrow">
        <h1>New brand</h1>
        <Form method="post" className="panel stack" {...getFormProps(form)}>
          <label>
            Brand name
            <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
            <FieldError errors={fields.name.errors} id={fields.name.errorId} />
          </label>
          <label>
            Search terms
            <span className="hint">
              <code>acme "acme bakery" -jobs</code> or <code>("acme bakery" OR acme) AND NOT jobs</code>
            </span>
            <input {...getInputProps(fields.query, { type: "text" })} autoComplete="off" />
            <FieldError errors={fields.query.errors} id={fields.query.errorId} />
          </label>
          <label>
            First feed URL <span className="hint">(optional)</span>
            <input {...getInputProps(fields.feedUrl, { type: "url" })} />
            <FieldError errors={fields.feedUrl.errors} id={fields.feedUrl.errorId} />
          </label>
          <button type="submit" disabled={navigation.state !== "idle"}>
            Create brand
          </button>
        </Form>
      </main>
    </AppShell>
  );
}
