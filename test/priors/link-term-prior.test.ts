// The log prior of str and mm terms, as the moves read it (logCovariancePrior on the prior the
// model resolves), against a dense computation of MCMCglmm's IW(nu, nu V) density:
// -(nu + k + 1)/2 log|G| - nu/2 tr(V G^-1) (k = 1: the inverse gamma IG(nu/2, nu V/2)).

import { Matrix, determinant, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { logCovariancePrior } from "../../src/priors/covariance-prior.js";
import { resolvePrior } from "../../src/priors/prior.js";

const rows = Array.from({ length: 12 }, (_, i) => ({ y: Math.sin(i), x: Math.cos(i), a: `l${i % 4}`, b: `l${(i * 3 + 1) % 4}` }));
const denseIW = (G: number[][], V: number[][], nu: number) => {
  const k = G.length, Gm = new Matrix(G);
  return -0.5 * (nu + k + 1) * Math.log(determinant(Gm)) - 0.5 * nu * inverse(Gm).mmul(new Matrix(V)).diag().reduce((s, x) => s + x, 0);
};
const flat = (M: number[][]) => Float64Array.from(M.flat());

describe("log prior of link terms against a dense computation", () => {
  it.each([
    ["~str(a + b)", [[0.8, 0.2], [0.2, 1.3]], [[1.5, -0.4], [-0.4, 0.9]], [[0.6, 0.1], [0.1, 2.2]]],
    ["~us(1 + x):str(a + b)", [[1, 0.2, 0, 0.1], [0.2, 1, 0, 0], [0, 0, 1, 0.3], [0.1, 0, 0.3, 2]],
      [[1.5, 0.2, -0.1, 0], [0.2, 0.9, 0.3, 0.1], [-0.1, 0.3, 1.1, 0.2], [0, 0.1, 0.2, 0.7]],
      [[0.8, 0, 0.1, 0], [0, 1.2, 0, -0.2], [0.1, 0, 0.6, 0], [0, -0.2, 0, 1.9]]],
    ["~mm(a + b)", [[0.7]], [[1.6]], [[0.3]]],
  ])("%s", (random, V, G1, G2) => {
    const m = buildModel({ fixed: "y ~ 1", random, family: "gaussian" }, frameFromRows(rows));
    for (const nu of [0.5, 3, 7]) {
      const p = resolvePrior(m, { R: { V: 1, nu: 1 }, G: { G1: { V: V.length === 1 ? V[0][0] : V, nu } } }).G[0];
      expect(p.dim).toBe(V.length);
      const work = new Float64Array(2 * V.length * V.length);
      // up to a constant: compare differences between two matrices
      const ours = logCovariancePrior(p, flat(G1), work) - logCovariancePrior(p, flat(G2), work);
      expect(ours).toBeCloseTo(denseIW(G1, V, nu) - denseIW(G2, V, nu), 10);
    }
  });
});
