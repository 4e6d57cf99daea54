import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { formatAggregate } from "~/core/extract/aggregate";
import { isUniqueViolation } from "~/db/client";
import { createSource, findSourceByUrl } from "~/models/sources.server";
import { previewSource, type PreviewResult } from "~/services/source-preview.server";
import { validateSourceInput } from "~/services/source-input.server";

export const meta: MetaFunction = () => [{ title: "Add a source · Earshot" }];

const SELECTOR_FIELDS = ["item", "text", "title", "author", "rating", "date", "link", "next"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return requireBrand(request, context, params.brandId, { role: "owner" });
}

/** The form's flat fields → the kind's options object, which the kind's own schema then validates. */
function optionsFromForm(kind: string, form: FormData): Record<string, unknown> {
  const maxPages = Number(form.get("maxPages") || 5);
  if (kind === "feed") return { matchAll: form.get("matchAll") === "on" };
  const base = { ownListing: form.get("ownListing") === "on", maxPages };
  if (kind !== "selectors") return base;
  const selectors: Record<string, string> = {};
  for (const field of SELECTOR_FIELDS) {
    const value = String(form.get(`sel_${field}`) ?? "").trim();
    if (value) selectors[field] = value;
  }
  return { ...base, selectors };
}

type ActionData = { errors: Record<string, string[]>; preview: PreviewResult | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const form = await request.formData();
  const kind = String(form.get("kind") ?? "");
  const input = validateSourceInput({ kind, url: String(form.get("url") ?? ""), options: optionsFromForm(kind, form), every: String(form.get("every") ?? "15m"), name: String(form.get("name") ?? "") });
  if (!input.ok) return Response.json({ errors: input.errors, preview: null } satisfies ActionData, { status: 400 });
  const { value } = input;
  const duplicate = (name: string) =>
    Response.json(
      { errors: { url: [`${brand.name} has a source at this URL already (${name}); collecting it twice would count every mention twice`] }, preview: null } satisfies ActionData,
      { status: 400 },
    );
  const twin = await findSourceByUrl(context.db, { brandId: brand.id, url: value.url! });
  if (twin) return duplicate(twin.name ?? twin.kind);
  const preview = await previewSource(context.db, { kind: value.kind, url: value.url!, options: value.options, query: brand.query }, { allowHosts: context.fetchAllowlist, now: new Date() });
  if (form.get("intent") === "preview" || !preview.ok) {
    const errors: Record<string, string[]> = preview.ok ? {} : { url: [`We could not read this source: ${preview.error}`] };
    return Response.json({ errors, preview } satisfies ActionData, { status: preview.ok ? 200 : 400 });
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
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  // Fields of the other kinds are hidden once the page runs in the browser; without it, all stay visible.
  const [kind, setKind] = useState("feed");
  const [mounted, setMounted] = useState(false);
  const kindRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    // The browser may have restored the form (reload, autofill): start from what the select really says.
    if (kindRef.current) setKind(kindRef.current.value);
    setMounted(true);
  }, []);
  const shown = (...kinds: string[]) => mounted && !kinds.includes(kind);
  // The preview appears below a long form: bring it into view when it arrives.
  const previewRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (data?.preview?.ok) previewRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [data]);
  const err = (field: string) => (data?.errors[field] ? <span className="field-error" role="alert">{data.errors[field]!.join(" ")}</span> : null);
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page narrow">
        <h1>Add a source to {brand.name}</h1>
        <Form method="post" className="panel stack">
          <label>
            Kind
            <select name="kind" defaultValue="feed" ref={kindRef} onChange={(e) => setKind(e.currentTarget.value)}>
              <option value="feed">RSS, Atom or JSON Feed</option>
              <option value="schema">Review page with schema.org markup (found automatically)</option>
              <option value="selectors">Review page read with CSS selectors</option>
            </select>
            {err("kind")}
          </label>
          <label>
            URL
            <input type="url" name="url" required placeholder="https://…" />
            {err("url")}
          </label>
          <label>
            Name (optional)
            <input type="text" name="name" maxLength={100} placeholder="such as: Google reviews, Food blog" />
            <span className="hint">Shown beside every mention from it; the site and page when left empty.</span>
            {err("name")}
          </label>
          <label>
            Collect every
            <input type="text" name="every" defaultValue="15m" />
            <span className="hint">Such as 15m, 1h or 1d.</span>
            {err("every")}
          </label>
          <label className="inline" hidden={shown("feed")}>
            <input type="checkbox" name="matchAll" /> Feeds: keep every item, even those that do not match the brand's query
          </label>
          <label className="inline" hidden={shown("schema", "selectors")}>
            <input type="checkbox" name="ownListing" defaultChecked /> Review pages: this is the brand's own listing (every review is about it)
          </label>
          <label hidden={shown("schema", "selectors")}>
            Review pages: follow "next" links for up to
            <input type="number" name="maxPages" defaultValue={5} min={1} max={50} />
          </label>
          <fieldset className="stack" hidden={shown("selectors")}>
            <legend>CSS selectors (only for that kind)</legend>
            <span className="hint">
              <code>item</code> finds each review; the others are looked up inside it, except <code>next</code>, the
              link to the next page. Ratings are read from text or aria-label ("4 out of 5 stars", "★★★☆☆").
            </span>
            {SELECTOR_FIELDS.map((f) => (
              <label key={f}>
                {f}
                <input type="text" name={`sel_${f}`} placeholder={f === "item" ? ".review" : ""} />
              </label>
            ))}
          </fieldset>
          {err("options")}
          <div className="inline-form">
            <button type="submit" name="intent" value="preview" className="secondary" disabled={navigation.state !== "idle"}>
              Preview
            </button>
            <button type="submit" name="intent" value="save" disabled={navigation.state !== "idle"}>
              Save source
            </button>
          </div>
        </Form>
        {data?.preview?.ok ? (
          <section className="panel" data-testid="source-preview" ref={previewRef}>
            <h2>
              Preview: {data.preview.items.length} items
              {data.preview.items.length > 25 ? <span className="muted"> (the first 25 shown)</span> : null}
            </h2>
            {data.preview.aggregate?.ratingValue != null ? <p className="muted">The page rates itself {formatAggregate(data.preview.aggregate)}.</p> : null}
            {data.preview.items.length === 0 ? (
              <p className="field-error" role="status">
                Nothing was found on this page. A feed may simply be empty; for a review page, check that the page
                itself lists reviews and, with CSS selectors, that <code>item</code> matches each review. A source saved
                like this collects nothing.
              </p>
            ) : null}
            <table>
              <thead>
                <tr><th>Title / text</th><th>Author</th><th>Rating</th><th>Date</th><th>Kept?</th></tr>
              </thead>
              <tbody>
                {data.preview.items.slice(0, 25).map((item) => (
                  <tr key={item.key}>
                    <td>
                      {item.title ? <strong>{item.title}</strong> : null}
                      <div className="muted">{item.text.slice(0, 200)}</div>
                    </td>
                    <td>{item.author ?? "–"}</td>
                    <td>{item.rating !== null ? `${item.rating}/${item.ratingMax ?? 5}` : "–"}</td>
                    <td>{item.publishedAt ? item.publishedAt.slice(0, 10) : "–"}</td>
                    <td>{item.matches ? "yes" : "no: does not match the query"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </main>
    </AppShell>
  );
}
