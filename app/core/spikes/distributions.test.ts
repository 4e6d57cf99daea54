import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  betaBinomialUpperTail,
  binomialUpperTail,
  incompleteBeta,
  logGamma,
  negBinomialUpperTail,
  poissonUpperTail,
} from "./distributions";

// Reference values computed independently (SciPy 1.17: poisson.sf, nbinom.sf, binom.sf).
describe("tail probabilities", () => {
  it("match independently computed Poisson, negative binomial and binomial tails", () => {
    expect(poissonUpperTail(8, 3)).toBeCloseTo(0.011904503856357, 12);
    expect(poissonUpperTail(2000, 1500) / 6.60148811562e-35).toBeCloseTo(1, 8);
    // Negative binomial with mean 3 and dispersion 0.5 (size 2), and mean 1500 with dispersion 0.05.
    expect(negBinomialUpperTail(8, 3, 0.5)).toBeCloseTo(0.070543872, 9);
    expect(negBinomialUpperTail(2000, 1500, 0.05)).toBeCloseTo(0.0785777311131, 9);
    expect(binomialUpperTail(3, 10, 0.1)).toBeCloseTo(0.0701908264, 10);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it("give a beta-binomial that spreads a uniform share evenly over 0..n", () => {
    // Beta(1,1) makes every count from 0 to n equally likely.
    expect(betaBinomialUpperTail(1, 10, 1, 1)).toBeCloseTo(10 / 11, 12);
    expect(betaBinomialUpperTail(7, 10, 1, 1)).toBeCloseTo(4 / 11, 12);
    // A very sure Beta is the binomial.
    expect(betaBinomialUpperTail(3, 10, 1e6 * 0.1, 1e6 * 0.9)).toBeCloseTo(binomialUpperTail(3, 10, 0.1), 5);
  });

  it("treat k ≤ 0 as certain and impossible counts as impossible", () => {
    expect(poissonUpperTail(0, 5)).toBe(1);
    expect(negBinomialUpperTail(0, 5, 1)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(binomialUpperTail(11, 10, 0.5)).toBe(0);
    expect(betaBinomialUpperTail(11, 10, 2, 2)).toBe(0);
  });

  it("fall as k grows and approach the Poisson tail as the dispersion vanishes", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 5000, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (mean, k, dispersion) => {
          const a = negBinomialUpperTail(k, mean, dispersion);
          const b = negBinomialUpperTail(k + 1, mean, dispersion);
          expect(a).toBeGreaterThanOrEqual(b - 1e-12);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1 + 1e-12);
          const nearPoisson = negBinomialUpperTail(k, mean, 1e-10);
          expect(Math.abs(nearPoisson - poissonUpperTail(k, mean))).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });

  it("keep the incomplete beta's symmetry I_x(a,b) = 1 - I_(1-x)(b,a)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.2, max: 500, noNaN: true }),
        fc.double({ min: 0.2, max: 500, noNaN: true }),
        (x, a, b) => {
          expect(incompleteBeta(x, a, b) + incompleteBeta(1 - x, b, a)).toBeCloseTo(1, 9);
        },
      ),
      { numRuns: 300, seed: 2 },
    );
  });
});
