// Deterministic series for the detector's tests: our own generators, no recorded data.

import { HOUR_MS } from "./count-model";

/** mulberry32: small, fast, good enough to make noise for tests. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(random: () => number, mean: number): number {
  let total = 0;
  let rest = mean;
  while (rest > 0) {
    const part = Math.min(rest, 20);
    rest -= part;
    const limit = Math.exp(-part);
    let k = -1;
    let p = 1;
    do {
      k++;
      p *= random();
    } while (p > limit);
    total += k;
  }
  return total;
}

export function binomial(random: () => number, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
}

export interface Hour {
  start: number;
  negatives: number;
  total: number;
}

/** Hourly mentions at `perDay` a day (busier in office hours), each negative with probability `share`. */
export function hourlyMentions(options: { start: number; days: number; perDay: number; share: number; seed: number }): Hour[] {
  const random = seeded(options.seed);
  const weights = Array.from({ length: 24 }, (_, h) => (h >= 8 && h <= 20 ? 2 : 0.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const hours: Hour[] = [];
  for (let i = 0; i < options.days * 24; i++) {
    const total = poisson(random, (options.perDay * weights[i % 24]) / sum);
    hours.push({ start: options.start + i * HOUR_MS, total, negatives: binomial(random, total, options.share) });
  }
  return hours;
}
