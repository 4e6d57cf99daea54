import { Fragment } from "react";

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Scraped text with the words that drove its score marked. Everything stays a React text node: the text is
 * hostile and is never parsed as HTML.
 */
export function HighlightedText({ text, words }: { text: string; words: { term: string; weight: number }[] }) {
  const terms = words.filter((w) => w.term.trim().length > 1 && w.weight !== 0).slice(0, 12);
  if (terms.length === 0) return <>{text}</>;
  const weights = new Map(terms.map((w) => [w.term.toLowerCase(), w.weight]));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map((w) => escapeRegExp(w.term)).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const parts = text.split(pattern);
  return (
    <>
      {parts.map((part, i) => {
        const weight = i % 2 === 1 ? weights.get(part.toLowerCase()) : undefined;
        if (weight === undefined) return <Fragment key={i}>{part}</Fragment>;
        return (
          <mark key={i} className={weight > 0 ? "hl-positive" : "hl-negative"} title={`${weight > 0 ? "+" : ""}${weight.toFixed(2)}`}>
            {part}
          </mark>
        );
      })}
    </>
  );
}
