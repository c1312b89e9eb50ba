// The perturbation + preconditioned-conjugate-gradient location kernel (pcg-location.ts) draws
// exactly from theta | l, G, R ~ N(C^-1 b, C^-1): checked against C and b formed densely and
// independently of the kernel (from X, Z, A^-1, B, G and R) on a small S4-like bivariate animal
// model, by iid draws at a fixed state; its sweep allocates nothing per iteration; and the
// sampler chosen is named in the summary.

import { describe, expect, it } from "vitest";
import { pedigreeCsv, simulateS4, S4_SPEC } from "../../bench/simulate-s4.js";
import { fit } from "../../src/fit.js";
import { denseCholesky, toDense } from "../../src/linalg/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import type { Model, ModelSpec } from "../../src/models/types.js";
import { resolvePrior, type Prior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { chooseLocationSampler } from "../../src/samplers/kernels/location/choice.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { buildPcgLocationKernel } from "../../src/samplers/kernels/location/pcg-location.js";
import { buildBlockGibbsLocationKernel } from "../../src/samplers/kernels/location/block-gibbs-location.js";
import { allocateState } from "../../src/samplers/run/state.js";

const sim = simulateS4(250, 7);
const { Ainv, AinvRoot, ids } = inverseA(parsePedigree(pedigreeCsv(sim)));
/** A^-1 alone (the kernel factorises it for its perturbation) and with the pedigree's root T' D^-1/2. */
const relationships = { animal: { levels: ids, Ainv } };
const rootedRelationships = { animal: { levels: ids, Ainv, AinvRoot } };
const spec = S4_SPEC as unknown as ModelSpec;

function smallModel(rooted = false): { model: Model; prior: Prior } {
  const model = buildModel(spec, frameFromRows(sim.rows), { ginverse: rooted ? rootedRelationships : relationships });
  return { model, prior: resolvePrior(model, spec.prior) };
}

/** Dense C = W' (I (x) R^-1) W + blockdiag(B^-1, G^-1 (x) A^-1) and b = W' (I (x) R^-1) l + B^-1 mu. */
function denseEquations(model: Model, prior: Prior, G: number[][], R: number[][], l: Float64Array): { C: Float64Array; b: Float64Array; size: number } {
  const n = model.nUnits, p = model.X.ncol, size = p + model.Z.ncol;
  const X = toDense(model.X), Z = toDense(model.Z); // row-major, rows n*k (trait-major)
  const rows = 2 * n, q = model.Z.ncol;
  const w = (r: number, j: number) => (j < p ? X[r * p + j] : Z[r * q + j - p]);
  const det = R[0][0] * R[1][1] - R[0][1] * R[1][0];
  const rInv = [[R[1][1] / det, -R[0][1] / det], [-R[1][0] / det, R[0][0] / det]];
  const C = new Float64Array(size * size), b = new Float64Array(size);
  const cols: number[][] = Array.from({ length: size }, (_, j) => Array.from({ length: rows }, (_, r) => w(r, j)));
  for (let u = 0; u < n; u++) {
    for (let i = 0; i < size; i++) {
      const wi = [cols[i][u], cols[i][n + u]];
      if (wi[0] === 0 && wi[1] === 0) continue;
      const ri = [rInv[0][0] * wi[0] + rInv[1][0] * wi[1], rInv[0][1] * wi[0] + rInv[1][1] * wi[1]]; // (R^-1 w_i) per trait
      b[i] += ri[0] * l[u] + ri[1] * l[n + u];
      for (let j = 0; j < size; j++) C[i * size + j] += ri[0] * cols[j][u] + ri[1] * cols[j][n + u];
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      C[i * size + j] += prior.B.precision[i * p + j];
      b[i] += prior.B.precision[i * p + j] * prior.B.mu[j];
    }
  }
  const gDet = G[0][0] * G[1][1] - G[0][1] * G[1][0];
  const gInv = [[G[1][1] / gDet, -G[0][1] / gDet], [-G[1][0] / gDet, G[0][0] / gDet]];
  const term = model.randomTerms[0], m = term.nLevels[0];
  const A = toDense(term.ginverse!);
  for (let a = 0; a < 2; a++) for (let c = 0; c < 2; c++) {
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) C[(p + a * m + i) * size + p + c * m + j] += gInv[a][c] * A[j * m + i];
  }
  return { C, b, size };
}

/** The exact target at a fixed state: mean C^-1 b and covariance C^-1, by dense algebra. */
function denseTarget(rooted = false) {
    const { model, prior } = smallModel(rooted);
    const G = [[1.2, 0.5], [0.5, 0.8]], R = [[1.4, 0.2], [0.2, 0.9]];
    const state = allocateState(model);
    state.G[0].set([G[0][0], G[0][1], G[1][0], G[1][1]]);
    state.R.set([R[0][0], R[0][1], R[1][0], R[1][1]]);
    for (const r of model.responses) state.latent.set(r.y, r.traitOffset * model.nUnits);
    const { C, b, size } = denseEquations(model, prior, G, R, state.latent);
    // mean = C^-1 b; V = C^-1 (dense Cholesky, then L^-1 column by column)
    const L = denseCholesky(C, size);
    const solveL = (v: Float64Array) => { for (let i = 0; i < size; i++) { let s = v[i]; for (let c = 0; c < i; c++) s -= L[i * size + c] * v[c]; v[i] = s / L[i * size + i]; } };
    const solveLt = (v: Float64Array) => { for (let i = size - 1; i >= 0; i--) { let s = v[i]; for (let c = i + 1; c < size; c++) s -= L[c * size + i] * v[c]; v[i] = s / L[i * size + i]; } };
    const mean = Float64Array.from(b);
    solveL(mean);
    solveLt(mean);
    const V = new Float64Array(size * size); // column j of C^-1
    const col = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      col.fill(0);
      col[j] = 1;
      solveL(col);
      solveLt(col);
      for (let i = 0; i < size; i++) V[i * size + j] = col[i];
    }

  return { model, prior, state, mean, V, size };
}

describe("PCG location kernel", () => {
  it.each([
    ["a Cholesky root of A^-1", false],
    ["the pedigree's root T' D^-1/2", true],
  ])("draws from N(C^-1 b, C^-1) with %s: means and variances of all effects agree with the dense answer", (_, rooted) => {
    const { model, prior, state, mean, V, size } = denseTarget(rooted);
    expect(model.randomTerms[0].ginverseRoot !== undefined).toBe(rooted);
    const kernel = buildPcgLocationKernel(model, prior, buildMixedModelEquations(model, prior));
    const rng = createStream(11, 0);
    const N = 4000;
    const sum = new Float64Array(size), sumSq = new Float64Array(size);
    const m = model.randomTerms[0].nLevels[0], p = model.X.ncol;
    const pairSum = new Float64Array(m), pairSq = new Float64Array(m); // theta_a,trait1 + theta_a,trait2 per animal
    for (let it = 0; it < N; it++) {
      kernel.step(state, rng);
      for (let i = 0; i < size; i++) {
        sum[i] += state.theta[i];
        sumSq[i] += state.theta[i] ** 2;
      }
      for (let a = 0; a < m; a++) {
        const s = state.theta[p + a] + state.theta[p + m + a];
        pairSum[a] += s;
        pairSq[a] += s * s;
      }
    }
    // z-scores of the sample mean and variance against the exact ones (iid draws: a 4.5 bound
    // keeps the family-wise false alarm over ~1,000 comparisons under 1%)
    let worstMean = 0, worstVar = 0;
    const checkVariance = (s: number, s2: number, v: number) => {
      const sampleVar = (s2 - (s * s) / N) / (N - 1);
      return Math.abs(sampleVar - v) / (v * Math.sqrt(2 / (N - 1)));
    };
    for (let i = 0; i < size; i++) {
      const v = V[i * size + i];
      worstMean = Math.max(worstMean, Math.abs(sum[i] / N - mean[i]) / Math.sqrt(v / N));
      worstVar = Math.max(worstVar, checkVariance(sum[i], sumSq[i], v));
    }
    let worstPair = 0;
    for (let a = 0; a < m; a++) {
      const i = p + a, j = p + m + a;
      worstPair = Math.max(worstPair, checkVariance(pairSum[a], pairSq[a], V[i * size + i] + V[j * size + j] + 2 * V[i * size + j]));
    }
    expect(worstMean).toBeLessThan(4.5);
    expect(worstVar).toBeLessThan(4.5);
    expect(worstPair).toBeLessThan(4.5);
    // and it is not vacuous: the draws move (variance of a breeding value is of order G)
    expect(V[(p + 1) * size + p + 1]).toBeGreaterThan(0.05);
    expect(kernel.lastIterations()).toBeGreaterThan(0);
  }, 60_000);

  it("stops within 0.01 posterior sd of the exact solve in every effect (ERROR_TOLERANCE), with and without the coarse correction", () => {
    const { model, prior, state, V, size } = denseTarget(true);
    const mme = buildMixedModelEquations(model, prior);
    const start = Float64Array.from(state.theta);
    let worst = 0;
    for (const coarse of [true, false]) {
      for (let seed = 0; seed < 5; seed++) {
        const solve = (tolerance?: number) => {
          state.theta.set(start);
          buildPcgLocationKernel(model, prior, mme, { tolerance, coarse }).step(state, createStream(100 + seed, 0));
          return Float64Array.from(state.theta);
        };
        const exact = solve(1e-24), stopped = solve();
        for (let i = 0; i < size; i++) worst = Math.max(worst, Math.abs(stopped[i] - exact[i]) / Math.sqrt(V[i * size + i]));
        start.set(exact); // the next solve warm-starts from a draw, as in a chain
      }
    }
    expect(worst).toBeLessThan(0.01);
    expect(worst).toBeGreaterThan(0); // the default stops before the exact solve: the comparison has teeth
  }, 60_000);

  it("block Gibbs sweeps leave N(C^-1 b, C^-1) invariant: means and variances within 4.5 batch-means MCSE", () => {
    const { model, prior, state, mean, V, size } = denseTarget();
    const kernel = buildBlockGibbsLocationKernel(model, prior, buildMixedModelEquations(model, prior));
    const rng = createStream(12, 0);
    for (let it = 0; it < 500; it++) kernel.step(state, rng); // burn-in from theta = 0
    const batches = 50, perBatch = 400;
    const batchMean = new Float64Array(batches * size), batchSq = new Float64Array(batches * size);
    for (let g = 0; g < batches; g++) {
      for (let it = 0; it < perBatch; it++) {
        kernel.step(state, rng);
        for (let i = 0; i < size; i++) {
          const d = state.theta[i] - mean[i];
          batchMean[g * size + i] += d / perBatch;
          batchSq[g * size + i] += (d * d) / perBatch;
        }
      }
    }
    // z = (grand mean - exact) / batch-means MCSE, for theta_i - mean_i and (theta_i - mean_i)^2
    const z = (values: Float64Array, i: number, target: number) => {
      let m = 0;
      for (let g = 0; g < batches; g++) m += values[g * size + i] / batches;
      let v = 0;
      for (let g = 0; g < batches; g++) v += (values[g * size + i] - m) ** 2 / (batches - 1);
      return Math.abs(m - target) / Math.sqrt(v / batches);
    };
    let worstMean = 0, worstVar = 0;
    for (let i = 0; i < size; i++) {
      worstMean = Math.max(worstMean, z(batchMean, i, 0));
      worstVar = Math.max(worstVar, z(batchSq, i, V[i * size + i]));
    }
    expect(worstMean).toBeLessThan(4.5);
    expect(worstVar).toBeLessThan(4.5);
  }, 60_000);

  it("allocates nothing per step (PCG and block Gibbs kernels)", { retry: 2, timeout: 90_000 }, () => {
    const big = simulateS4(600, 8);
    const ped = inverseA(parsePedigree(pedigreeCsv(big)));
    const model = buildModel(spec, frameFromRows(big.rows), { ginverse: { animal: { levels: ped.ids, Ainv: ped.Ainv, AinvRoot: ped.AinvRoot } } });
    const prior = resolvePrior(model, spec.prior);
    const mme = buildMixedModelEquations(model, prior);
    for (const kernel of [buildPcgLocationKernel(model, prior, mme), buildBlockGibbsLocationKernel(model, prior, mme)]) {
      const state = allocateState(model);
      state.G[0].set([1, 0.4, 0.4, 0.6]);
      state.R.set([1.5, 0.3, 0.3, 1]);
      for (const r of model.responses) state.latent.set(r.y, r.traitOffset * model.nUnits);
      const rng = createStream(3, 0);
      for (let i = 0; i < 2000; i++) kernel.step(state, rng); // warm-up: JIT tiers (the CG loop optimises late under load)
      let least = Infinity;
      for (let repeat = 0; repeat < 6; repeat++) {
        (globalThis as { gc?: () => void }).gc?.();
        const before = process.memoryUsage().heapUsed;
        for (let i = 0; i < 200; i++) kernel.step(state, rng);
        least = Math.min(least, (process.memoryUsage().heapUsed - before) / 200);
      }
      // one array of the equations' size per step would be 8 * mme.size (about 10 kB)
      expect(least).toBeLessThan((mme.size * 8) / 4);
    }
  });

  it("gives the same draws, bit for bit, in 1 and 2 threads (pedigree root, coarse correction)", async () => {
    const settings = { nitt: 40, burnin: 10, thin: 1, chains: 2, seed: 5, relationships: rootedRelationships, location: "pcg" as const };
    const one = await fit(spec, sim.rows, { ...settings, threads: 1 });
    const two = await fit(spec, sim.rows, { ...settings, threads: 2 });
    for (let c = 0; c < 2; c++) {
      one.chainDraws.chains[c].forEach((draws, p) => expect(Array.from(two.chainDraws.chains[c][p])).toEqual(Array.from(draws)));
    }
    expect(Array.from(one.chainDraws.chains[0][0])).not.toEqual(Array.from(one.chainDraws.chains[1][0]));
  }, 60_000);

  it("is chosen by size for related random effects and named in the summary", async () => {
    const { model } = smallModel();
    expect(chooseLocationSampler(model, 1_000)).toBe("cholesky");
    expect(chooseLocationSampler(model, 1_000_000)).toBe("pcg");
    expect(chooseLocationSampler(model, 1_000, "pcg")).toBe("pcg");
    const noPedigree = buildModel({ ...spec, random: "~us(trait):animal" }, frameFromRows(sim.rows));
    expect(chooseLocationSampler(noPedigree, 1_000_000)).toBe("cholesky");
    const forced = await fit(spec, sim.rows, { nitt: 30, burnin: 10, thin: 1, chains: 1, threads: 1, relationships, location: "pcg" });
    expect(forced.summary().settings.location).toBe("pcg");
    const auto = await fit(spec, sim.rows, { nitt: 30, burnin: 10, thin: 1, chains: 1, threads: 1, relationships });
    expect(auto.summary().settings.location).toBe("cholesky");
  }, 60_000);
});
