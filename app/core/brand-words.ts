import { z } from "zod";

const LINE = /^(.+?)\s*[=:]\s*([+-]?\d+(?:\.\d+)?)$/;

/**
 * Owners' extra sentiment words, one per line as `term = weight` (weight −5 … +5, AFINN's scale), e.g.
 * `killer feature = 3` or `rust = 0` for a product name that only reads as negative.
 */
export function parseBrandWords(text: string): { words: Record<string, number>; errors: string[] } {
  const words: Record<string, number> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const match = LINE.exec(line);
    if (!match) {
      errors.push(`line ${i + 1}: expected "term = weight", got ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    const term = match[1]!.trim().toLowerCase();
    const weight = Number(match[2]);
    if (weight < -5 || weight > 5) errors.push(`line ${i + 1}: expected a weight from -5 to 5, got ${weight}`);
    else if (term.length > 60) errors.push(`line ${i + 1}: expected a term of at most 60 characters`);
    else words[term] = weight;
  });
  if (Object.keys(words).length > 500) errors.push(`expected at most 500 words, got ${Object.keys(words).length}`);
  return { words, errors };
}

export function formatBrandWords(words: Record<string, number>): string {
  return Object.entries(words)
    .map(([term, weight]) => `${term} = ${weight}`)
    .join("\n");
}

export const brandWordsField = z.string().max(20_000).transform((text, ctx) => {
  const { words, errors } = parseBrandWords(text);
  for (const message of errors) ctx.addIssue({ code: "custom", message });
  return words;
});
