import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { formatAggregate } from "~/core/extract/aggregate";
import { SELECTOR_FIELDS } from "~/core/forms";
import type { PreviewResult } from "~/services/source-preview.server";

export interface SourceFormDefaults {
  kind: string;
  url: string;
  name: string;
  every: string;
  options: Record<string, unknown>;
}

const KIND_CHOICES = [
  ["feed", "RSS, Atom or JSON Feed"],
  ["schema", "Review page with schema.org markup (found automatically)"],
  ["selectors", "Review page read with CSS selectors"],
] as const;

/**
 * The fields of a collected source, for adding one and for changing one. A saved source keeps its kind:
 * another kind reads the page in a different way, which is a new source.
 */
export function SourceForm({ defaults, errors, kindLocked = false, saveLabel }: { defaults?: SourceFormDefaults; errors: Record<string, string[]> | undefined; kindLocked?: boolean; saveLabel: string }) {
  const navigation = useNavigation();
  const initialKind = defaults?.kind ?? "feed";
  // Fields of the other kinds are hidden once the page runs in the browser; without it, all stay visible.
  const [kind, setKind] = useState(initialKind);
  const [mounted, setMounted] = useState(false);
  const kindRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    // The browser may have restored the form (reload, autofill): start from what the select really says.
    if (kindRef.current) setKind(kindRef.current.value);
    setMounted(true);
  }, []);
  const shown = (...kinds: string[]) => mounted && !kinds.includes(kind);
  const err = (field: string) => (errors?.[field] ? <span className="field-error" role="alert">{errors[field]!.join(" ")}</span> : null);
  const options = defaults?.options ?? {};
  const selectors = (options.selectors ?? {}) as Record<string, string>;
  return (
    <Form method="post" className="panel stack">
      {kindLocked ? (
        <p>
          Kind: {KIND_CHOICES.find(([k]) => k === initialKind)?.[1] ?? initialKind}
          <input type="hidden" name="kind" value={initialKind} />
        </p>
      ) : (
        <label>
          Kind
          <select name="kind" defaultValue={initialKind} ref={kindRef} onChange={(e) => setKind(e.currentTarget.value)}>
            {KIND_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
          {err("kind")}
        </label>
      )}
      <label>
        URL
        <input type="url" name="url" required placeholder="https://…" defaultValue={defaults?.url} />
        {err("url")}
      </label>
      <label>
        Name (optional)
        <input type="text" name="name" maxLength={100} placeholder="such as: Google reviews, Food blog" defaultValue={defaults?.name} />
        <span className="hint">Shown beside every mention from it; the site and page when left empty.</span>
        {err("name")}
      </label>
      <label>
        Collect every
        <input type="text" name="every" defaultValue={defaults?.every ?? "15m"} />
        <span className="hint">Such as 15m, 1h or 1d.</span>
        {err("every")}
      </label>
      <label className="inline" hidden={shown("feed")}>
        <input type="checkbox" name="matchAll" defaultChecked={options.matchAll === true} /> Feeds: keep every item, even those that do not match the brand's query
      </label>
      <label className="inline" hidden={shown("schema", "selectors")}>
        <input type="checkbox" name="ownListing" defaultChecked={defaults ? options.ownListing === true : true} /> Review pages: this is the brand's own listing (every review is about it)
      </label>
      <label hidden={shown("schema", "selectors")}>
        Review pages: follow "next" links for up to
        <input type="number" name="maxPages" defaultValue={typeof options.maxPages === "number" ? options.maxPages : 5} min={1} max={50} />
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
            <input type="text" name={`sel_${f}`} placeholder={f === "item" ? ".review" : ""} defaultValue={selectors[f] ?? ""} />
          </label>
        ))}
      </fieldset>
      {err("options")}
      <div className="inline-form">
        <button type="submit" name="intent" value="preview" className="secondary" disabled={navigation.state !== "idle"}>
          Preview
        </button>
        <button type="submit" name="intent" value="save" disabled={navigation.state !== "idle"}>
          {saveLabel}
        </button>
      </div>
    </Form>
  );
}

/** What a source would give if it were collected now; scraped text shown as text only. */
/** What the add and change actions answer with when they do not redirect. */
export type SourceActionData = { errors: Record<string, string[]>; preview: PreviewResult | null };

export function SourcePreview({ preview }: { preview: PreviewResult }) {
  // It appears below a long form: each new preview is brought into view.
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [preview]);
  return (
    <section className="panel" data-testid="source-preview" ref={ref}>
      <h2>
        Preview: {preview.items.length} items
        {preview.items.length > 25 ? <span className="muted"> (the first 25 shown)</span> : null}
      </h2>
      {preview.aggregate?.ratingValue != null ? <p className="muted">The page rates itself {formatAggregate(preview.aggregate)}.</p> : null}
      {preview.items.length === 0 ? (
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
          {preview.items.slice(0, 25).map((item) => (
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
  );
}
