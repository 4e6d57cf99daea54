import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { FieldError } from "~/components/field-error";
import { onboardingSchema } from "~/core/forms";
import { countBrands, findBrandByName } from "~/models/brands.server";
import { createBrandWithSource } from "~/models/onboarding.server";
import { previewSource } from "~/services/source-preview.server";

export const meta: MetaFunction = () => [{ title: "Welcome · Earshot" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if ((await countBrands(context.db)) > 0) return redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: onboardingSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { name, query, feedUrl } = submission.value;
  if (await findBrandByName(context.db, name)) {
    return Response.json(submission.reply({ fieldErrors: { name: [`A brand called "${name}" exists already`] } }), {
      status: 400,
    });
  }
  const preview = await previewSource(
    { kind: "feed", url: feedUrl, query },
    { allowHosts: context.fetchAllowlist, now: new Date() },
  );
  if (!preview.ok) {
    return Response.json(
      submission.reply({ fieldErrors: { feedUrl: [`We could not read a feed at this address: ${preview.error}`] } }),
      { status: 400 },
    );
  }
  const { brand } = await createBrandWithSource(context.db, {
    brand: { name, query },
    source: { kind: "feed", url: feedUrl, intervalSeconds: 15 * 60 },
  });
  return redirect(`/brands/${brand.id}`);
}

export default function Onboarding() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: onboardingSchema }),
  });
  return (
    <main className="page narrow">
      <h1>Welcome to Earshot</h1>
      <p className="muted">
        Tell us whom to listen for. Earshot reads the feed you give it every 15 minutes, keeps the mentions that
        match your search terms and scores how people feel about you.
      </p>
      <Form method="post" className="panel stack" {...getFormProps(form)}>
        {form.errors ? <p className="form-error">{form.errors.join(" ")}</p> : null}
        <label>
          Brand name
          <input {...getInputProps(fields.name, { type: "text" })} placeholder="Acme Bakery" autoComplete="off" />
          <FieldError errors={fields.name.errors} id={fields.name.errorId} />
        </label>
        <label>
          Search terms
          <span className="hint">
            Words that mean you: <code>acme "acme bakery" -jobs</code>, or a boolean query such as{" "}
            <code>("acme bakery" OR acme) AND NOT jobs</code>.
          </span>
          <input {...getInputProps(fields.query, { type: "text" })} placeholder='"Acme Bakery" OR acme' autoComplete="off" />
          <FieldError errors={fields.query.errors} id={fields.query.errorId} />
        </label>
        <label>
          First feed URL
          <span className="hint">An RSS, Atom or JSON feed: a blog, a news search, a Google Alerts feed.</span>
          <input {...getInputProps(fields.feedUrl, { type: "url" })} placeholder="https://example.com/feed.xml" />
          <FieldError errors={fields.feedUrl.errors} id={fields.feedUrl.errorId} />
        </label>
        <button type="submit" disabled={navigation.state !== "idle"}>
          {navigation.state === "submitting" ? "Checking the feed…" : "Start listening"}
        </button>
      </Form>
    </main>
  );
}
