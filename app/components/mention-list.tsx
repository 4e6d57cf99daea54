import type { ReactNode } from "react";
import { safeHttpUrl } from "~/core/safe-url";
import { HighlightedText } from "./highlighted-text";
import { Time } from "./time";

export interface MentionView {
  id: number;
  title: string | null;
  text: string;
  url: string | null;
  author: string | null;
  rating: number | null;
  ratingMax: number | null;
  sourceId: number;
  publishedAt: Date | null;
  collectedAt: Date;
  sentimentLabel: "positive" | "neutral" | "negative";
  sentimentScore: number;
  sentimentWords: { term: string; weight: number }[];
  overrideLabel: "positive" | "neutral" | "negative" | null;
  overrideReason?: string | null;
  overrideBy?: string | null;
}

const MAX_TEXT = 600;

export function MentionList({
  mentions,
  sources,
  renderActions,
}: {
  mentions: MentionView[];
  sources: { id: number; name: string | null; url: string | null; kind: string }[];
  renderActions?: (m: MentionView) => ReactNode;
}) {
  const sourceName = new Map(sources.map((s) => [s.id, s.name ?? (s.url ? hostOf(s.url) : s.kind)]));
  return (
    <ul className="mentions" data-testid="mention-list">
      {mentions.map((m) => {
        const href = safeHttpUrl(m.url);
        const label = m.overrideLabel ?? m.sentimentLabel;
        const text = m.text.length > MAX_TEXT ? `${m.text.slice(0, MAX_TEXT)}…` : m.text;
        return (
          <li key={m.id} data-label={label}>
            <div className="mention-head">
              <span className={`badge ${label}`}>{label}</span>
              {m.title ? (
                href ? (
                  <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                    <HighlightedText text={m.title} words={m.sentimentWords} />
                  </a>
                ) : (
                  <strong>
                    <HighlightedText text={m.title} words={m.sentimentWords} />
                  </strong>
                )
              ) : null}
              {m.rating !== null ? (
                <span className="muted">
                  {m.rating}/{m.ratingMax ?? 5}★
                </span>
              ) : null}
              <span className="muted">
                {m.author ? `${m.author} · ` : ""}
                {sourceName.get(m.sourceId) ?? "source"} · <Time value={m.publishedAt ?? m.collectedAt} />
              </span>
            </div>
            <p className="mention-text">
              <HighlightedText text={text} words={m.sentimentWords} />
            </p>
            {m.sentimentWords.length > 0 ? (
              <details className="muted explanation">
                <summary>Why {m.sentimentLabel}?</summary>
                {m.sentimentWords
                  .slice(0, 12)
                  .map((w) => `${w.term} ${w.weight > 0 ? "+" : ""}${w.weight.toFixed(2)}`)
                  .join(" · ")}
              </details>
            ) : null}
            {m.overrideLabel ? (
              <p className="muted">
                Label set by a person{m.overrideReason ? `: ${m.overrideReason}` : ""} (the scorer said {m.sentimentLabel}).
              </p>
            ) : null}
            {renderActions?.(m)}
          </li>
        );
      })}
    </ul>
  );
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
