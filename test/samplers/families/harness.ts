// A one-response, fixed-prior harness for latent updaters and cutpoint kernels: units with given
// observations and fixed conditional priors N(m, S), run many times; the draws' moments are
// compared with exact posterior moments by numerical quadrature, with batch-means standard errors.

import type { FamilyName, Model, Response } from "../../../src/models/types.js";
import type { ConditionalPrior, LatentUpdater } from "../../../src/samplers/kernels/latent/latent.js";
import type { ChainState } from "../../../src/samplers/run/state.js";
import { denseCholesky, denseInverseSpd } from "../../../src/linalg/index.js";

export interface UnitCase {
  y: number;
  trials?: number;
  mean: number[];
  cov: number[][];
}

export function makeResponse(family: FamilyName, cases: UnitCase[], nCategories = 0): Response {
  const n = cases.length;
  const K = family === "categorical" ? nCategories - 1 : 1;
  const y = Float64Array.from(cases, (c) => c.y);
  const trials = family === "multinomial2" ? Float64Array.from(cases, (c) => c.trials ?? 1) : undefined;
  const categories = nCategories > 0 ? Array.from({ length: nCategories }, (_, i) => `c${i}`) : undefined;
  return { name: "y", family, traitOffset: 0, nTraits: K, y, ...(trials ? { trials } : {}), ...(categories ? { categories } : {}) };
}

export function makeModel(response: Response, n: number): Model {
  const K = response.nTraits;
  // one us(trait):units residual term covering every unit (the usual R)
  const residualTerms = [{ label: "us(trait):units", structure: "us", dim: K, vcvNames: [] }];
  const residualIndex = { term: new Int32Array(n * K), coef: Int32Array.from({ length: n * K }, (_, r) => Math.floor(r / n)) };
  return { nUnits: n, nTraits: K, responses: [response], spec: { fixed: "y ~ 1" }, residualTerms, residualIndex } as unknown as Model;
}

export function makeState(model: Model, cutpoints: number[] = []): ChainState {
  const nrow = model.nUnits * model.nTraits;
  const k = model.nTraits;
  const R = Float64Array.from({ length: k * k }, (_, i) => (i % (k + 1) === 0 ? 1 : 0));
  return {
    theta: new Float64Array(0),
    latent: new Float64Array(nrow),
    eta: new Float64Array(nrow),
    G: [],
    R,
    RTerms: [R],
    alpha: [],
    covuBeta: new Float64Array(0),
    cutpoints: [Float64Array.from(cutpoints)],
    iteration: 0,
    adapting: true,
  };
}

export function makePrior(mean: number[], cov: number[][]): ConditionalPrior {
  const K = mean.length;
  const c = Float64Array.from(cov.flat());
  return { mean: Float64Array.from(mean), cov: c, chol: denseCholesky(c, K), precision: denseInverseSpd(c, K) };
}

/** Batch-means mean and its standard error of a series. */
export function batchMeans(x: Float64Array, batches = 50): { mean: number; se: number } {
  const b = Math.floor(x.length / batches);
  const means: number[] = [];
  for (let i = 0; i < batches; i++) {
    let s = 0;
    for (let j = i * b; j < (i + 1) * b; j++) s += x[j];
    means.push(s / b);
  }
  const m = means.reduce((a, v) => a + v, 0) / batches;
  const v = means.reduce((a, v) => a + (v - m) ** 2, 0) / (batches - 1);
  return { mean: m, se: Math.sqrt(v / batches) };
}

/** Posterior mean and second moment of l under exp(logLik(l)) N(l; m, s2), by the trapezoid rule. */
export function quadrature1d(logLik: (l: number) => number, m: number, s2: number): { mean: number; second: number } {
  const sd = Math.sqrt(s2);
  const lo = m - 14 * sd - 6, hi = m + 14 * sd + 6;
  const N = 200001;
  const h = (hi - lo) / (N - 1);
  const logs = new Float64Array(N);
  let max = -Infinity;
  for (let i = 0; i < N; i++) {
    const l = lo + i * h;
    logs[i] = logLik(l) - (0.5 * (l - m) ** 2) / s2;
    if (logs[i] > max) max = logs[i];
  }
  let z = 0, s1 = 0, s2m = 0;
  for (let i = 0; i < N; i++) {
    const l = lo + i * h;
    const w = (i === 0 || i === N - 1 ? 0.5 : 1) * Math.exp(logs[i] - max);
    z += w; s1 += w * l; s2m += w * l * l;
  }
  return { mean: s1 / z, second: s2m / z };
}

/** Posterior means of a 2-d latent under exp(logLik(l)) N(l; m, S), on a grid. */
export function quadrature2d(logLik: (a: number, b: number) => number, m: number[], S: number[][]): { mean: [number, number] } {
  const P = denseInverseSpd(Float64Array.from(S.flat()), 2);
  const N = 1201;
  const sa = Math.sqrt(S[0][0]), sb = Math.sqrt(S[1][1]);
  const loA = m[0] - 10 * sa - 4, hiA = m[0] + 10 * sa + 4, loB = m[1] - 10 * sb - 4, hiB = m[1] + 10 * sb + 4;
  const ha = (hiA - loA) / (N - 1), hb = (hiB - loB) / (N - 1);
  const logs = new Float64Array(N * N);
  let max = -Infinity;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const a = loA + i * ha, b = loB + j * hb;
      const da = a - m[0], db = b - m[1];
      const v = logLik(a, b) - 0.5 * (P[0] * da * da + 2 * P[1] * da * db + P[3] * db * db);
      logs[i * N + j] = v;
      if (v > max) max = v;
    }
  }
  let z = 0, sA = 0, sB = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const w = Math.exp(logs[i * N + j] - max);
      z += w; sA += w * (loA + i * ha); sB += w * (loB + j * hb);
    }
  }
  return { mean: [sA / z, sB / z] };
}

/**
 * Runs the updater `iterations` times over all units (adapting during the first `burnin`), and
 * returns per unit and trait the draws after burn-in.
 */
export function runUpdater(updater: LatentUpdater, model: Model, state: ChainState, priors: ConditionalPrior[], rng: { uniform(): number; normal(): number }, iterations: number, burnin: number, extra?: (state: ChainState) => void): Float64Array[] {
  const n = model.nUnits, K = model.nTraits;
  const out = Array.from({ length: n * K }, () => new Float64Array(iterations - burnin));
  for (let it = 1; it <= iterations; it++) {
    state.iteration = it;
    state.adapting = it <= burnin;
    updater.prepare?.(state);
    for (let u = 0; u < n; u++) updater.update(u, priors[u], state, rng);
    extra?.(state);
    if (it > burnin) for (let r = 0; r < n * K; r++) out[r][it - burnin - 1] = state.latent[r];
  }
  return out;
}
