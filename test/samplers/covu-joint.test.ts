// MCMCglmm's covu model, its finished parts (samplers/kernels/covu/, models/structures/covu-names.ts):
// the joint VCV names, the split of the joint Sigma into (S_GG, beta, Schur complement) and back,
// the augmented design Z_G + Z_R (beta (x) I) against a dense one (the latent covariance it implies
// must be [Z_G Z_R] (Sigma (x) I) [Z_G Z_R]'), the joint log prior against a dense IW density, and
// the joint conditional draw against its exact inverse-Wishart mean (MCSE rule).

import { Matrix, determinant, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { covuJointNames } from "../../src/models/structures/covu-names.js";
import type { VariancePrior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { buildCovuDesign } from "../../src/samplers/kernels/covu/augmented-design.js";
import { assembleCovuJoint, covuLogPrior, drawCovuJoint, makeCovuWorkspace, splitCovuJoint } from "../../src/samplers/kernels/covu/joint-covariance.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { resolvePrior } from "../../src/priors/prior.js";

const rows = Array.from({ length: 7 }, (_, i) => ({ a: Math.sin(i), b: Math.cos(1.3 * i), g: `g${i % 3}` }));
const model = (random: string, rcov = "~us(trait):units") => buildModel({ fixed: "cbind(a, b) ~ trait - 1", random, rcov, family: "gaussian" }, frameFromRows(rows));
const SIGMA3 = [[1.3, 0.4, -0.3], [0.4, 0.9, 0.2], [-0.3, 0.2, 1.1]];
const SIGMA4 = [[1.4, 0.3, 0.2, -0.4], [0.3, 1.0, -0.1, 0.25], [0.2, -0.1, 0.8, 0.1], [-0.4, 0.25, 0.1, 1.2]];
const flat = (M: number[][]) => Float64Array.from(M.flat());
const block = (M: Matrix, r0: number, c0: number, nr: number, nc: number) => M.subMatrix(r0, r0 + nr - 1, c0, c0 + nc - 1);

describe("covu: the joint matrix's names (MCMCglmm's VCV of a covu fit)", () => {
  it("label each row by its term's column name and each entry row:column, column-major", () => {
    const m = model("~us(at.level(trait, 2)):units");
    const names = covuJointNames(m.randomTerms[0], m.residualTerms[0]);
    const g = "at.level(trait, 2).units";
    expect(names).toEqual([`${g}:${g}`, `traita.units:${g}`, `traitb.units:${g}`, `${g}:traita.units`, "traita.units:traita.units", "traitb.units:traita.units", `${g}:traitb.units`, "traita.units:traitb.units", "traitb.units:traitb.units"]);
    const idv = model("~g");
    expect(covuJointNames(idv.randomTerms[0], idv.residualTerms[0]).slice(0, 3)).toEqual(["g:g", "traita.units:g", "traitb.units:g"]);
  });
});

describe("covu: Sigma <-> (S_GG, beta, Schur complement)", () => {
  for (const [label, M, qG] of [["qG = 1, qR = 2", SIGMA3, 1], ["qG = 2, qR = 2", SIGMA4, 2]] as const) {
    it(`splits as the dense partition and assembles back (${label})`, () => {
      const k = M.length, qR = k - qG;
      const ws = makeCovuWorkspace(qG, qR);
      splitCovuJoint(ws, flat(M as number[][]));
      const S = new Matrix(M as number[][]);
      const GG = block(S, 0, 0, qG, qG), RG = block(S, qG, 0, qR, qG), RR = block(S, qG, qG, qR, qR);
      const beta = RG.mmul(inverse(GG));
      const schur = RR.clone().sub(beta.mmul(RG.transpose()));
      expect(Array.from(ws.G)).toEqual(GG.to1DArray());
      Array.from(ws.beta).forEach((x, i) => expect(x).toBeCloseTo(beta.to1DArray()[i], 12));
      Array.from(ws.schur).forEach((x, i) => expect(x).toBeCloseTo(schur.to1DArray()[i], 12));
      const back = new Float64Array(k * k);
      assembleCovuJoint(qG, qR, ws, back);
      Array.from(back).forEach((x, i) => expect(x).toBeCloseTo(S.to1DArray()[i], 12));
    });
  }
});

describe("covu: the augmented design Z_G + Z_R (beta (x) I)", () => {
  for (const [label, random, qG] of [["us(at.level(trait, 2)):units", "~us(at.level(trait, 2)):units", 1], ["us(trait):units (rows shared with Z_G)", "~us(trait):units", 2]] as const) {
    it(`implies the latent covariance [Z_G Z_R] (Sigma (x) I) [Z_G Z_R]' (${label})`, () => {
      const m = model(random);
      const n = m.nUnits, N = n * m.nTraits, qR = m.residualTerms[0].dim;
      const prior = resolvePrior(m, { R: { V: [[1, 0], [0, 1]], nu: 2 }, G: { G1: { V: qG === 1 ? 1 : [[1, 0], [0, 1]], nu: 2 } } });
      const mme = buildMixedModelEquations(m, prior);
      const design = buildCovuDesign(m, mme.W, mme.nFixed, 0);
      const ws = makeCovuWorkspace(qG, qR);
      const sigma = flat(qG === 1 ? SIGMA3 : SIGMA4);
      splitCovuJoint(ws, sigma);
      design.refill(ws.beta);
      // dense W(beta)'s G columns, Z_G and Z_R (residual column c*n + unit)
      const dense = (W: { ncol: number; colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array }, from: number, to: number) => {
        const D = Matrix.zeros(N, to - from);
        for (let j = from; j < to; j++) for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) D.set(W.rowIdx[e], j - from, W.values[e]);
        return D;
      };
      const from = mme.nFixed, to = mme.nFixed + qG * n;
      const WG = dense(design.W, from, to), ZG = dense(mme.W, from, to);
      const ZR = Matrix.zeros(N, qR * n);
      for (let row = 0; row < N; row++) ZR.set(row, m.residualIndex.coef[row] * n + (row % n), 1);
      const kron = (A: Matrix) => {
        const K = Matrix.zeros(A.rows * n, A.columns * n);
        for (let a = 0; a < A.rows; a++) for (let b = 0; b < A.columns; b++) for (let j = 0; j < n; j++) K.set(a * n + j, b * n + j, A.get(a, b));
        return K;
      };
      const beta = new Matrix(qR, qG), G = new Matrix(qG, qG), schur = new Matrix(qR, qR), S = new Matrix(qG + qR, qG + qR);
      ws.beta.forEach((x, i) => beta.set(Math.floor(i / qG), i % qG, x));
      ws.G.forEach((x, i) => G.set(Math.floor(i / qG), i % qG, x));
      ws.schur.forEach((x, i) => schur.set(Math.floor(i / qR), i % qR, x));
      sigma.forEach((x, i) => S.set(Math.floor(i / (qG + qR)), i % (qG + qR), x));
      // the refilled values are Z_G + Z_R (beta (x) I) exactly
      const expected = ZG.clone().add(ZR.mmul(kron(beta)));
      expect(WG.clone().sub(expected).norm("max")).toBeLessThan(1e-14);
      // and the model they define is the joint one (ml-matrix's add/sub work in place: clones above)
      const implied = WG.mmul(kron(G)).mmul(WG.transpose()).clone().add(ZR.mmul(kron(schur)).mmul(ZR.transpose()));
      const ZGR = new Matrix(N, (qG + qR) * n);
      ZGR.setSubMatrix(ZG, 0, 0);
      ZGR.setSubMatrix(ZR, 0, qG * n);
      const joint = ZGR.mmul(kron(S)).mmul(ZGR.transpose());
      expect(implied.clone().sub(joint).norm("max")).toBeLessThan(1e-12);
      // the columns outside the G term are W's own
      expect(dense(design.W, 0, from).sub(dense(mme.W, 0, from)).norm("max")).toBe(0);
    });
  }
});

const jointPrior = (V: number[][], nu: number): VariancePrior => ({ label: "R", dim: V.length, V: flat(V), nu, fixFrom: V.length });

describe("covu: the joint log prior", () => {
  it("is the IW(nu, nu V) log density of the assembled Sigma (dense, up to the same constant)", () => {
    const V = [[1, 0.2, 0], [0.2, 1.5, -0.3], [0, -0.3, 0.8]];
    const prior = jointPrior(V, 4.5);
    const ws = makeCovuWorkspace(1, 2);
    const dense = (M: number[][]) => {
      const S = new Matrix(M);
      return -0.5 * (4.5 + 3 + 1) * Math.log(determinant(S)) - 0.5 * 4.5 * new Matrix(V).mmul(inverse(S)).trace();
    };
    const other = [[2.1, -0.5, 0.3], [-0.5, 0.7, 0.1], [0.3, 0.1, 1.9]];
    splitCovuJoint(ws, flat(SIGMA3));
    const a = covuLogPrior(prior, ws);
    splitCovuJoint(ws, flat(other));
    const b = covuLogPrior(prior, ws);
    expect(a).toBeCloseTo(dense(SIGMA3), 10);
    expect(b).toBeCloseTo(dense(other), 10);
  });
});

describe("covu: the joint conditional draw", () => {
  it("has the IW(nu + m, nu V + sum [u; r][u; r]') mean (MCSE rule) and splits every draw consistently", () => {
    const m = 12, qG = 1, qR = 2, k = 3;
    const u = Float64Array.from({ length: qG * m }, (_, j) => Math.sin(j + 0.3));
    const r = Float64Array.from({ length: qR * m }, (_, j) => Math.cos(1.7 * j) + 0.2 * (j % 3));
    const V = [[1, 0.1, 0], [0.1, 1, 0.2], [0, 0.2, 1]], nu = 3;
    const prior = jointPrior(V, nu);
    const ws = makeCovuWorkspace(qG, qR);
    const rng = createStream(11, 0);
    const N = 4000;
    const sum = new Float64Array(k * k), sumSq = new Float64Array(k * k), back = new Float64Array(k * k);
    let worst = 0;
    for (let it = 0; it < N; it++) {
      drawCovuJoint(rng, ws, prior, m, u, r);
      assembleCovuJoint(qG, qR, ws, back);
      for (let i = 0; i < k * k; i++) {
        sum[i] += ws.sigma[i];
        sumSq[i] += ws.sigma[i] ** 2;
        worst = Math.max(worst, Math.abs(back[i] - ws.sigma[i]) / (1 + Math.abs(ws.sigma[i])));
      }
    }
    expect(worst).toBeLessThan(1e-10);
    // exact mean of IW(df, Psi): Psi / (df - k - 1), Psi = nu V + S
    const S = new Float64Array(k * k);
    const at = (a: number, j: number) => (a < qG ? u[a * m + j] : r[(a - qG) * m + j]);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let j = 0; j < m; j++) S[a * k + b] += at(a, j) * at(b, j);
    for (let i = 0; i < k * k; i++) {
      const mean = sum[i] / N, sd = Math.sqrt(sumSq[i] / N - mean ** 2);
      const exact = (nu * V[Math.floor(i / k)][i % k] + S[i]) / (nu + m - k - 1);
      expect(Math.abs(mean - exact)).toBeLessThanOrEqual(4 * sd / Math.sqrt(N));
    }
  });
});
