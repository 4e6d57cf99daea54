import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { startUserSession } from "~/auth.server";
import { FieldError } from "~/components/field-error";
import { firstRunSchema } from "~/core/forms";
import { findBrandByName } from "~/models/brands.server";
import { completeFirstRun, SetupDoneError } from "~/models/onboarding.server";
import { countUsers } from "~/models/users.server";
import { previewSource } from "~/services/source-preview.server";

export const meta: MetaFunction = () => [{ title: "Welcome · Earshot" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if ((await countUsers(context.db)) > 0) return redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  if ((await countUsers(context.db)) > 0) return redirect("/login");
  const submission = parseWithZod(await request.formData(), { schema: firstRunSchema });
  if (submission.status !== "success") return Response.json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { name, query, feedUrl, email, password, ownerName } = submission.value;
  if (await findBrandByName(context.db, name)) {
    return Response.json(submission.reply({ fieldErrors: { name: [`A brand called "${name}" exists already`] }, hideFields: ["password"] }), { status: 400 });
  }
  const preview = await previewSource(context.db, { kind: "feed", url: feedUrl, query }, { allowHosts: context.fetchAllowlist, now: new Date() });
  if (!preview.ok) {
    return Response.json(
      submission.reply({ fieldErrors: { feedUrl: [`We could not read a feed at this address: ${preview.error}`] }, hideFields: ["password"] }),
      { status: 400 },
    );
  }
  try {
    const { owner, brand } = await completeFirstRun(context.db, {
      owner: { email, password, name: ownerName || null },
      brand: { name, query },
      source: { kind: "feed", url: feedUrl, intervalSeconds: 15 * 60 },
    });
    return startUserSession(request, context, owner.id, `/brands/${brand.id}`);
  } catch (error) {
    if (error instanceof SetupDoneError) return redirect("/login");
    throw error;
  }
}

export default function Onboarding() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: firstRunSchema }),
  });
  return (
    <main className="page narrow">
      <h1>Welcome to Earshot</h1>
      <p className="muted">
        Two steps: your own account (you will be the owner), then whom to listen for. Earshot reads the feed you
        give it every 15 minutes, keeps the mentions that match your search terms and scores how people feel.
      </p>
      <Form method="post" className="panel stack" {...getFormProps(form)}>
        {form.errors ? <p className="form-error">{form.errors.join(" ")}</p> : null}
        <fieldset className="stack">
          <legend>Your account</legend>
          <label>
            Email
            <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" />
            <FieldError errors={fields.email.errors} id={fields.email.errorId} />
          </label>
          <label>
            Password
            <span className="hint">At least 8 characters.</span>
            <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
            <FieldError errors={fields.password.errors} id={fields.password.errorId} />
          </label>
          <label>
            Your name <span className="hint">(optional)</span>
            <input {...getInputProps(fields.ownerName, { type: "text" })} autoComplete="name" />
          </label>
        </fieldset>
        <fieldset className="stack">
          <legend>Your brand</legend>
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
        </fieldset>
        <button type="submit" disabled={navigation.state !== "idle"}>
          {navigation.state === "submitting" ? "Checking the feed…" : "Start listening"}
        </button>
      </Form>
    </main>
  );
}
