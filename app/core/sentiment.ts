import Sentiment from "sentiment";

export type SentimentLabel = "positive" | "neutral" | "negative";

export interface SentimentWord {
  term: string;
  weight: number;
}

export interface SentimentResult {
  /** -1..+1 */
  score: number;
  comparative: number;
  label: SentimentLabel;
  /** 0..1 */
  confidence: number;
  /** The words and phrases that moved the score, strongest first. */
  words: SentimentWord[];
}

export interface ScoreOptions {
  /** Star rating, if the mention has one. */
  rating?: number | null;
  ratingMax?: number | null;
  /** Per-brand extra words, term → weight on the AFINN scale (-5..+5). */
  extraWords?: Record<string, number>;
}

const analyzer = new Sentiment();

// First cut: the raw `sentiment` package, squashed to -1..+1. The review-aware scorer replaces this body
// and keeps the signature.
export function scoreSentiment(text: string, options: ScoreOptions = {}): SentimentResult {
  const raw = analyzer.analyze(text, options.extraWords ? { extras: options.extraWords } : undefined);
  const score = Math.tanh(raw.score / 4);
  const label: SentimentLabel = score > 0.05 ? "positive" : score < -0.05 ? "negative" : "neutral";
  const words = raw.calculation
    .flatMap((entry) => Object.entries(entry).map(([term, weight]) => ({ term, weight: Number(weight) })))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { score, comparative: raw.comparative, label, confidence: Math.min(1, Math.abs(score)), words };
}
