import { useFetcher } from "@remix-run/react";
import { ReplyErrors } from "./field-error";
import { safeHttpUrl } from "~/core/safe-url";
import { Time } from "./time";

export interface IncidentView {
  id: number;
  kind: string;
  status: "open" | "acknowledged" | "resolved";
  windowStart: Date;
  windowEnd: Date;
  observed: number;
  expected: number;
  note: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  evidence: Record<string, unknown>;
}

interface Evidence {
  reason?: string;
  topTerms?: { term: string; count: number }[];
  sources?: { sourceId: number; name: string; negatives: number; surging?: boolean }[];
  examples?: { id: number; title: string | null; text: string; url: string | null }[];
}


/** "42 negative mentions where about 3 were usual", in words a person reads at a glance. */
export function describeExcess(i: Pick<IncidentView, "kind" | "observed" | "expected">): string {
  const n = Math.round(i.observed);
  const usual = i.expected < 0.5 ? "almost none" : i.expected < 10 ? `about ${i.expected.toFixed(1).replace(/\.0$/, "")}` : `about ${Math.round(i.expected)}`;
  // A drop is about the share: as many mentions as usual, but more of them negative.
  return `${n} negative mention${n === 1 ? "" : "s"} where ${usual} ${i.kind === "drop" ? "would be usual among as many mentions" : "were usual"}`;
}

/** Incidents with their evidence; people who may act on them get acknowledge and resolve buttons. */
export function IncidentPanel({ incidents, canAct }: { incidents: IncidentView[]; canAct: boolean }) {
  return (
    <section className="panel incident" data-testid="incidents">
      <h2>Incidents</h2>
      {incidents.map((i) => {
        const e = i.evidence as Evidence;
        return (
          <article key={i.id} className="incident-card" data-status={i.status}>
            <div className="mention-head">
              <span className={`badge ${i.status}`}>{i.status}</span>
              <strong>{i.kind === "drop" ? "Sentiment drop" : "Surge of negative mentions"}</strong>
              <span className="muted">
                <Time value={i.windowStart} /> – <Time value={i.windowEnd} /> · {describeExcess(i)}
              </span>
            </div>
            {e.reason ? (
              <details className="muted">
                <summary>How the detector decided</summary>
                {e.reason}
              </details>
            ) : null}
            {e.topTerms?.length ? (
              <p>
                About: {e.topTerms.map((t) => `${t.term} (${t.count})`).join(", ")}
                {e.sources?.length ? ` · from ${e.sources.map((s) => `${s.name} (${s.negatives}${s.surging ? ", surging on its own" : ""})`).join(", ")}` : ""}
              </p>
            ) : null}
            {e.examples?.length ? (
              <ul className="examples">
                {e.examples.slice(0, 3).map((x) => {
                  const href = safeHttpUrl(x.url);
                  return (
                    <li key={x.id}>
                      {href ? (
                        <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                          {x.title ?? x.text.slice(0, 80)}
                        </a>
                      ) : (
                        <strong>{x.title ?? ""}</strong>
                      )}{" "}
                      {x.title && x.text.startsWith(x.title) ? null : <span className="muted">{x.text.slice(0, 200)}</span>}
                    </li>
                  );
                })}
              </ul>
            ) : null}
            {i.note ? <p style={{ whiteSpace: "pre-line" }}>Notes: {i.note}</p> : null}
            {i.resolvedAt ? (
              <p className="muted">
                Resolved <Time value={i.resolvedAt} />
              </p>
            ) : null}
            {canAct && i.status !== "resolved" ? (
              <IncidentActions incident={i} />
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

/** Acknowledge and resolve, each its own fetcher, so a refusal (a note of only spaces) shows beside it. */
function IncidentActions({ incident: i }: { incident: IncidentView }) {
  const acknowledge = useFetcher();
  const resolve = useFetcher();
  return (
              <div className="inline-form">
                {i.status === "open" ? (
                  <acknowledge.Form method="post" className="inline-form">
                    <input type="hidden" name="incidentId" value={i.id} />
                    <input type="text" name="note" placeholder="who is on it (optional)" aria-label="Acknowledgement note" />
                    <button type="submit" name="intent" value="acknowledge" className="secondary" disabled={acknowledge.state !== "idle"}>
                      Acknowledge
                    </button>
                    {acknowledge.state === "idle" ? <ReplyErrors data={acknowledge.data} /> : null}
                  </acknowledge.Form>
                ) : null}
                <resolve.Form method="post" className="inline-form">
                  <input type="hidden" name="incidentId" value={i.id} />
                  <input type="text" name="note" required placeholder="what was done" aria-label="Resolution note" />
                  <button type="submit" name="intent" value="resolve" className="secondary" disabled={resolve.state !== "idle"}>
                    Resolve
                  </button>
                  {resolve.state === "idle" ? <ReplyErrors data={resolve.data} /> : null}
                </resolve.Form>
              </div>
  );
}
