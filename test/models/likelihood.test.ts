// log p(y | l) per family (used by DIC, WAIC and predictions) against the probability mass
// functions written out directly, and log(Phi(b) - Phi(a)) in the tails and for narrow intervals.

import { describe, expect, it } from "vitest";
import { lgamma } from "../../src/diagnostics/beta.js";
import { familyOf } from "../../src/models/families/index.js";
import { logNormalInterval } from "../../src/models/likelihood.js";
import type { Response } from "../../src/models/types.js";
import { normalCdf } from "../../src/random/index.js";

const base = { name: "y", traitOffset: 0 };
const logLikelihoodGivenLatent = (r: Response, u: number, l: ArrayLike<number>, cp: ArrayLike<number>) => familyOf(r).logLikelihood(r, u, l, cp);
const logChoose = (n: number, k: number) => lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);

describe("log-likelihood given the latent values", () => {
  it("poisson and multinomial2 are the Poisson and binomial pmfs", () => {
    const pois: Response = { ...base, family: "poisson", nTraits: 1, y: Float64Array.of(3) };
    expect(logLikelihoodGivenLatent(pois, 0, [0.4], [])).toBeCloseTo(3 * 0.4 - Math.exp(0.4) - lgamma(4), 12);
    const bin: Response = { ...base, family: "multinomial2", nTraits: 1, y: Float64Array.of(2), trials: Float64Array.of(5) };
    const p = 1 / (1 + Math.exp(0.7));
    expect(logLikelihoodGivenLatent(bin, 0, [-0.7], [])).toBeCloseTo(logChoose(5, 2) + 2 * Math.log(p) + 3 * Math.log(1 - p), 12);
  });

  it("multinomial3 is the multinomial pmf with the last column as reference", () => {
    const counts = [Float64Array.of(2), Float64Array.of(0), Float64Array.of(4)];
    const r: Response = { ...base, family: "multinomial3", nTraits: 2, y: counts[0], trials: Float64Array.of(6), counts };
    const l = [0.5, -1.2];
    const z = 1 + Math.exp(l[0]) + Math.exp(l[1]);
    const probs = [Math.exp(l[0]) / z, Math.exp(l[1]) / z, 1 / z];
    const expected = lgamma(7) - lgamma(3) - lgamma(1) - lgamma(5) + 2 * Math.log(probs[0]) + 4 * Math.log(probs[2]);
    expect(logLikelihoodGivenLatent(r, 0, l, [])).toBeCloseTo(expected, 12);
  });

  it("categorical and ordinal probabilities sum to one over the categories", () => {
    const l = [0.3, -0.4];
    const cat = (c: number): Response => ({ ...base, family: "categorical", nTraits: 2, y: Float64Array.of(c), categories: ["a", "b", "c"] });
    expect([0, 1, 2].reduce((s, c) => s + Math.exp(logLikelihoodGivenLatent(cat(c), 0, l, [])), 0)).toBeCloseTo(1, 12);
    const ord = (c: number): Response => ({ ...base, family: "ordinal", nTraits: 1, y: Float64Array.of(c), categories: ["1", "2", "3", "4"] });
    const cp = [0, 0.8, 2.1];
    expect([0, 1, 2, 3].reduce((s, c) => s + Math.exp(logLikelihoodGivenLatent(ord(c), 0, [0.6], cp)), 0)).toBeCloseTo(1, 12);
  });
});

describe("logNormalInterval", () => {
  it("is log(Phi(b) - Phi(a)) where that is accurate, and finite in the far tails", () => {
    for (const [a, b] of [[-1, 0.5], [-Infinity, 0.3], [0.2, Infinity], [-2, -1], [1, 2.5]]) {
      expect(logNormalInterval(a, b)).toBeCloseTo(Math.log(normalCdf(b) - normalCdf(a)), 10);
    }
    expect(logNormalInterval(40, 41)).toBeCloseTo(-0.5 * 40 * 40 - 0.5 * Math.log(2 * Math.PI) - Math.log(40), 1);
    expect(Number.isFinite(logNormalInterval(-41, -40))).toBe(true);
    expect(logNormalInterval(0.1, 0.1 + 1e-9)).toBeCloseTo(Math.log(1e-9) - 0.5 * Math.log(2 * Math.PI) - 0.005, 5);
    expect(logNormalInterval(1, 1)).toBe(-Infinity);
  });
});
