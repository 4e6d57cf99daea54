import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { CSV_FIELDS, type CsvMapping } from "~/core/csv-fields";
import { CsvError, csvToMentions, guessMapping, readCsv, type CsvRowError } from "~/core/csv-import";
import { decodeDocument } from "~/core/extract";
import { storePushedMentions } from "~/models/ingest.server";
import { recordAudit } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Import reviews · Earshot" }];

const MAX_BYTES = 10 * 1024 * 1024;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return requireBrand(request, context, params.brandId, { role: "owner" });
}

type ActionData =
  | { step: "error"; error: string }
  | { step: "map"; headers: string[]; mapping: CsvMapping; sample: string[][]; rows: number; error?: string }
  | { step: "done"; inserted: number; updated: number; unchanged: number; errors: CsvRowError[]; rows: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }));
  } catch (error) {
    const message = error instanceof MaxPartSizeExceededError ? `expected a file of at most 10 MiB, got a larger one` : `could not read the upload: ${(error as Error).message}`;
    return Response.json({ step: "error", error: message } satisfies ActionData, { status: 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return Response.json({ step: "error", error: "expected a CSV file, got none" } satisfies ActionData, { status: 400 });
  }
  try {
    const table = readCsv(decodeDocument(Buffer.from(await file.arrayBuffer()), file.type || "text/csv"));
    if (form.get("intent") !== "import") {
      return { step: "map", headers: table.headers, mapping: guessMapping(table.headers), sample: table.rows.slice(0, 5).map((r) => r.cells), rows: table.rows.length } satisfies ActionData;
    }
    const mapping: CsvMapping = {};
    for (const field of CSV_FIELDS) {
      const column = String(form.get(`map_${field}`) ?? "");
      if (column) mapping[field] = column;
    }
    if (!mapping.text) {
      // Back to the same mapping, with the choices made so far, rather than to the start.
      return Response.json(
        { step: "map", headers: table.headers, mapping, sample: table.rows.slice(0, 5).map((r) => r.cells), rows: table.rows.length, error: "Choose the column that holds the review's text: it is the one column an import needs." } satisfies ActionData,
        { status: 400 },
      );
    }
    const { mentions, errors } = csvToMentions(table, mapping);
    const now = new Date();
    const result = mentions.length
      ? await storePushedMentions(context.db, { brandId: brand.id, kind: "csv", items: mentions, now })
      : { inserted: 0, updated: 0, unchanged: 0 };
    await recordAudit(context.db, { userId: user.id, action: "csv.import", entity: "brand", entityId: brand.id, after: { file: file.name, rows: table.rows.length, kept: mentions.length, rejected: errors.length }, now });
    return { step: "done", inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, errors, rows: table.rows.length } satisfies ActionData;
  } catch (error) {
    if (error instanceof CsvError) return Response.json({ step: "error", error: error.message } satisfies ActionData, { status: 400 });
    throw error;
  }
}

export default function ImportCsv() {
  const { user, brand, brands } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page narrow">
        <h1>Import reviews into {brand.name}</h1>
        <p className="muted">
          A CSV export with a header row: choose the file, check which column is which, then import. Rows with a
          problem are listed by line; the others are kept. Importing the same file again adds nothing.
        </p>
        {data?.step === "error" ? <p className="form-error" role="alert">{data.error}</p> : null}
        <Form method="post" encType="multipart/form-data" className="panel stack">
          <label>
            CSV file
            <input type="file" name="file" accept=".csv,text/csv" required />
          </label>
          {data?.step === "map" ? (
            <fieldset className="stack" data-testid="csv-mapping">
              <legend>Columns ({data.rows} rows)</legend>
              {CSV_FIELDS.map((field) => (
                <label key={field}>
                  {field === "text" ? "text (required)" : field}
                  <select name={`map_${field}`} defaultValue={data.mapping[field] ?? ""}>
                    <option value="">— none —</option>
                    {data.headers.map((h) => (
                      <option key={h} value={h}>{h}</option>
                    ))}
                  </select>
                </label>
              ))}
              {data.error ? <p className="field-error" role="alert">{data.error}</p> : null}
              {data.sample.length ? (
                <div className="panel" data-testid="csv-sample">
                  <p className="muted">The first rows, as read:</p>
                  <table>
                    <thead>
                      <tr>{data.headers.map((h, j) => <th key={j}>{h}</th>)}</tr>
                    </thead>
                    <tbody>
                      {data.sample.map((row, i) => (
                        <tr key={i}>{data.headers.map((_, j) => <td key={j}>{(row[j] ?? "").slice(0, 120)}</td>)}</tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </fieldset>
          ) : null}
          <button type="submit" name="intent" value={data?.step === "map" ? "import" : "columns"} disabled={navigation.state !== "idle"}>
            {data?.step === "map" ? "Import" : "Read columns"}
          </button>
        </Form>
        {data?.step === "done" ? (
          <section className="panel" data-testid="csv-result">
            <h2>Imported</h2>
            <p>
              {data.rows} rows: {data.inserted} new, {data.updated} updated, {data.unchanged} already there, {data.errors.length} with problems.
            </p>
            {data.errors.length ? (
              <ul>
                {data.errors.slice(0, 200).map((e) => (
                  <li key={e.line}>
                    Line {e.line}: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
      </main>
    </AppShell>
  );
}
