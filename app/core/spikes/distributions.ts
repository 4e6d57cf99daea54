// Tail probabilities for the count and proportion tests. Written for the ranges the detector meets
// (counts up to millions, shapes from ~0.5 up), accurate to ~1e-10 relative, which is far more than a
// threshold of 1e-4 needs; nothing here allocates, because the detector calls it for every bucket.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in the range where it is accurate.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-14;
const TINY = 1e-300;
const MAX_ITER = 500;

// Modified Lentz evaluation of the continued fraction for I_x(a, b); converges fast when x < (a+1)/(a+b+2).
function betaFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaFraction(1 - x, b, a)) / b;
}

/** Regularised lower incomplete gamma P(a, x). */
export function incompleteGammaLower(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_ITER * 4; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.exp(lnFront) * sum;
  }
  // Continued fraction for the upper tail Q(a, x), then P = 1 - Q.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return 1 - Math.exp(lnFront) * h;
}

/** P(X ≥ k) for X ~ Poisson(mean). Non-integer k is read as its ceiling. */
export function poissonUpperTail(k: number, mean: number): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (mean <= 0) return 0;
  // P(X ≥ k) = P(k, mean), the regularised lower incomplete gamma.
  return incompleteGammaLower(kk, mean);
}

/**
 * P(X ≥ k) for a negative binomial with the given mean and dispersion α (variance = mean + α·mean²).
 * α = 0 is the Poisson limit.
 */
export function negBinomialUpperTail(k: number, mean: number, dispersion: number): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (mean <= 0) return 0;
  if (dispersion < 1e-9) return poissonUpperTail(kk, mean);
  const size = 1 / dispersion;
  // Failures before the size-th success with success probability size/(size+mean): P(X ≥ k) = I_q(k, size).
  return incompleteBeta(mean / (mean + size), kk, size);
}

/** P(K ≥ k) for K ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (kk > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return incompleteBeta(p, kk, n - kk + 1);
}

/**
 * P(K ≥ k) for K ~ BetaBinomial(n, a, b): a binomial whose probability is itself uncertain, Beta(a, b).
 * Summed term by term; the terms fall off quickly away from the mode, so the cost stays small.
 */
export function betaBinomialUpperTail(k: number, n: number, a: number, b: number): number {
  const kk = Math.ceil(k);
  if (kk <= 0) return 1;
  if (kk > n) return 0;
  const lnNorm = logGamma(n + 1) + logGamma(a + b) - logGamma(a) - logGamma(b) - logGamma(n + a + b);
  const term = (j: number) =>
    Math.exp(lnNorm - logGamma(j + 1) - logGamma(n - j + 1) + logGamma(j + a) + logGamma(n - j + b));
  // Sum whichever side of the mean is shorter, walking away from the mode so the terms only shrink and the
  // loop can stop once they no longer count.
  if (kk > (n * a) / (a + b)) {
    let sum = 0;
    for (let j = kk; j <= n; j++) {
      const t = term(j);
      sum += t;
      if (t < sum * 1e-13) break;
    }
    return Math.min(1, sum);
  }
  let lower = 0;
  for (let j = kk - 1; j >= 0; j--) {
    const t = term(j);
    lower += t;
    if (t < lower * 1e-13) break;
  }
  return Math.max(0, 1 - lower);
}
