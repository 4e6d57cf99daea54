import { idParam } from "~/core/params";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireBrand } from "~/brand-access.server";
import { AppShell } from "~/components/app-shell";
import { Time } from "~/components/time";
import { brandQuery } from "~/core/forms";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-tokens.server";
import { updateBrandQuery, updateBrandWords } from "~/models/brands.server";
import { rescoreBrandMentions } from "~/models/mentions.server";
import { judgedText } from "~/core/judge";
import { scoreSentiment } from "~/core/sentiment";
import { brandWordsField, formatBrandWords } from "~/core/brand-words";

export const meta: MetaFunction = () => [{ title: "Brand settings · Earshot" }];

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("query"), query: brandQuery }),
  // An emptied textarea arrives as no field at all: that means "no extra words".
  z.object({ intent: z.literal("words"), words: z.preprocess((v) => v ?? "", brandWordsField) }),
  z.object({ intent: z.literal("create-token"), name: z.string({ error: "Name the token after what will use it" }).trim().min(1).max(100) }),
  z.object({ intent: z.literal("revoke-token"), tokenId: idParam }),
]);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, brand, brands } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const tokens = await listApiTokens(context.db, { brandId: brand.id });
  return { user, brand, brands, tokens, apiUrl: `${context.publicOrigin ?? new URL(request.url).origin}/api/mentions` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, brand } = await requireBrand(request, context, params.brandId, { role: "owner" });
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), token: null }, { status: 400 });
  const value = submission.value;
  const now = new Date();
  if (value.intent === "query") {
    await updateBrandQuery(context.db, { brandId: brand.id, query: value.query, actorId: user.id, now });
    return { result: submission.reply(), token: null, saved: "query" as const };
  }
  if (value.intent === "words") {
    const words = value.words;
    await updateBrandWords(context.db, { brandId: brand.id, words, actorId: user.id, now });
    // Existing mentions are judged again with the new words, so the chart and the list agree.
    const rescored = await rescoreBrandMentions(context.db, {
      brandId: brand.id,
      score: (m) => scoreSentiment(judgedText(m), { rating: m.rating, ratingMax: m.ratingMax, extraWords: words }),
    });
    return { result: submission.reply(), token: null, rescored };
  }
  if (value.intent === "create-token") {
    const { token } = await createApiToken(context.db, { brandId: brand.id, name: value.name, createdBy: user.id, now });
    return { result: submission.reply({ resetForm: true }), token };
  }
  const revoked = await revokeApiToken(context.db, { brandId: brand.id, tokenId: value.tokenId, actorId: user.id, now });
  if (!revoked) throw new Response("No live token with that id for this brand", { status: 404 });
  return { result: submission.reply(), token: null, saved: "revoked" as const };
}

export default function BrandSettings() {
  const { user, brand, brands, tokens, apiUrl } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.result?.error;
  return (
    <AppShell user={user} brands={brands} currentBrandId={brand.id}>
      <main className="page">
        <h1>Settings of {brand.name}</h1>
        {errors ? (
          <ul className="form-error" role="alert">
            {Object.values(errors).flat().map((message, i: number) => (
              <li key={i}>{String(message)}</li>
            ))}
          </ul>
        ) : null}
        <section className="panel">
          <h2>Search terms</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="query" />
            <label>
              Query
              <span className="hint">Applies to mentions collected from now on.</span>
              <input type="text" name="query" defaultValue={brand.query} required />
            </label>
            <button type="submit">Save query</button>
            {data && "saved" in data && data.saved === "query" ? <p role="status">Query saved: mentions collected from now on are matched with it.</p> : null}
          </Form>
        </section>
        <section className="panel">
          <h2>Sentiment words</h2>
          <p className="muted">
            Words that mean something else for this brand, one per line as <code>term = weight</code> (−5 … +5).
            A product called "Rust" reads as negative: <code>rust = 0</code> fixes that. Saving re-scores every mention.
          </p>
          {data && "rescored" in data ? <p role="status">Re-scored {String(data.rescored)} mentions.</p> : null}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="words" />
            <textarea name="words" rows={6} defaultValue={formatBrandWords(brand.sentimentWords)} aria-label="Sentiment words" />
            <button type="submit">Save words and re-score</button>
          </Form>
        </section>
        <section className="panel">
          <h2>Ingest API tokens</h2>
          {data && "saved" in data && data.saved === "revoked" ? <p role="status">Token revoked: requests that use it are refused from now on.</p> : null}
          <p className="muted">
            Push mentions with <code>POST {apiUrl}</code> and <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
          {data?.token ? (
            <p className="panel" data-testid="new-token">
              New token (shown once, copy it now): <code>{data.token}</code>
            </p>
          ) : null}
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="create-token" />
            <input type="text" name="name" placeholder="e.g. support desk export" aria-label="Token name" required />
            <button type="submit">Create token</button>
          </Form>
          <table>
            <thead>
              <tr><th>Name</th><th>Starts with</th><th>Created</th><th>Last used</th><th /></tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td><code>{t.prefix}…</code></td>
                  <td><Time value={t.createdAt} /></td>
                  <td>{t.lastUsedAt ? <Time value={t.lastUsedAt} /> : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      "revoked"
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke-token" />
                        <input type="hidden" name="tokenId" value={t.id} />
                        <button
                          type="submit"
                          className="secondary"
                          onClick={(e) => {
                            if (!window.confirm("Revoke this token? Whatever uses it stops being able to send mentions.")) e.preventDefault();
                          }}
                        >
                          Revoke
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </AppShell>
  );
}
