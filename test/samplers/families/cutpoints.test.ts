// Cutpoint kernels (Cowles 1996 joint move) with the threshold/ordinal latent updaters, linear
// predictor and residual variance held fixed: the cutpoints' draws match their exact marginal
// posterior (flat prior) prod_u P(y_u | eta_u, g), computed by quadrature.

import { describe, expect, it } from "vitest";
import type { FamilyName } from "../../../src/models/types.js";
import { createStream, normalCdf } from "../../../src/random/index.js";
import { buildCutpointKernel } from "../../../src/samplers/kernels/cutpoints/cutpoints.js";
import { latentUpdaterFor as familyUpdater } from "../../../src/samplers/kernels/latent/index.js";
import { batchMeans, makeModel, makePrior, makeResponse, makeState } from "./harness.js";

function simulate(n: number, cut: number[], sd: number, seed: number): { eta: number[]; y: number[] } {
  const rng = createStream(seed, 0);
  const eta: number[] = [], y: number[] = [];
  for (let u = 0; u < n; u++) {
    const e = -0.5 + 2.5 * rng.uniform();
    const l = e + sd * rng.normal();
    let c = 0;
    while (c < cut.length && l > cut[c]) c++;
    eta.push(e); y.push(c);
  }
  return { eta, y };
}

function logMarginal(eta: number[], y: number[], cut: number[], sd: number): number {
  let s = 0;
  for (let u = 0; u < eta.length; u++) {
    const lo = y[u] === 0 ? -Infinity : cut[y[u] - 1];
    const hi = y[u] >= cut.length ? Infinity : cut[y[u]];
    s += Math.log(Math.max(normalCdf((hi - eta[u]) / sd) - normalCdf((lo - eta[u]) / sd), 1e-300));
  }
  return s;
}

function runKernel(family: FamilyName, K: number, eta: number[], y: number[], s2: number, iterations: number, burnin: number, seed: number) {
  const n = eta.length;
  const units = y.map((v, u) => ({ y: v, mean: [eta[u]], cov: [[s2]] }));
  const response = makeResponse(family, units, K);
  const model = makeModel(response, n);
  const state = makeState(model, Array.from({ length: K - 1 }, (_, i) => i));
  state.R[0] = s2;
  state.eta.set(eta);
  state.latent.set(y.map((c) => c - 0.5));
  const updater = familyUpdater(model, response, "auto");
  const kernel = buildCutpointKernel(model, response);
  const priors = units.map((u) => makePrior(u.mean, u.cov));
  const rng = createStream(seed, 0);
  const draws = Array.from({ length: K - 2 }, () => new Float64Array(iterations - burnin));
  for (let it = 1; it <= iterations; it++) {
    state.iteration = it;
    state.adapting = it <= burnin;
    for (let u = 0; u < n; u++) updater.update(u, priors[u], state, rng);
    kernel.step(state, rng);
    if (it > burnin) for (let j = 0; j < K - 2; j++) draws[j][it - burnin - 1] = state.cutpoints[0][j + 1];
  }
  return { draws, kernel };
}

describe("cutpoint kernel", () => {
  it("threshold, 4 categories (2 free cutpoints): posterior means match 2-d quadrature", () => {
    const cut = [0, 0.7, 1.5];
    const { eta, y } = simulate(150, cut, 1, 21);
    const { draws, kernel } = runKernel("threshold", 4, eta, y, 1, 42000, 2000, 22);
    // quadrature over 0 < g1 < g2
    const N = 500;
    const lo = 0, hi = 3.5, h = (hi - lo) / N;
    let max = -Infinity;
    const vals: number[] = [];
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
      const g1 = lo + (i + 0.5) * h, g2 = lo + (j + 0.5) * h;
      const v = g2 > g1 ? logMarginal(eta, y, [0, g1, g2], 1) : -Infinity;
      vals.push(v);
      if (v > max) max = v;
    }
    let z = 0, m1 = 0, m2 = 0;
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
      const w = Math.exp(vals[i * N + j] - max);
      z += w; m1 += w * (lo + (i + 0.5) * h); m2 += w * (lo + (j + 0.5) * h);
    }
    const exact = [m1 / z, m2 / z];
    for (let j = 0; j < 2; j++) {
      const b = batchMeans(draws[j]);
      expect(Math.abs(b.mean - exact[j]) / b.se, `cutpoint ${j + 1}: ${b.mean} vs ${exact[j]}`).toBeLessThan(4.5);
      expect(b.se).toBeLessThan(0.01);
    }
    const rate = kernel.counts.accepted / kernel.counts.proposed;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.6);
  });

  it("ordinal, 3 categories: the free cutpoint's posterior mean matches quadrature (latent l ~ N(eta, 0.5))", () => {
    const s2 = 0.5;
    const cut = [0, 1.1];
    const { eta, y } = simulate(150, cut, Math.sqrt(1 + s2), 23);
    const { draws } = runKernel("ordinal", 3, eta, y, s2, 62000, 2000, 24);
    const N = 4000, lo = 0.01, hi = 4;
    let max = -Infinity;
    const vals: number[] = [];
    for (let i = 0; i < N; i++) {
      const v = logMarginal(eta, y, [0, lo + ((hi - lo) * i) / (N - 1)], Math.sqrt(1 + s2));
      vals.push(v);
      if (v > max) max = v;
    }
    let z = 0, m = 0;
    vals.forEach((v, i) => { const w = Math.exp(v - max); z += w; m += w * (lo + ((hi - lo) * i) / (N - 1)); });
    const b = batchMeans(draws[0]);
    expect(Math.abs(b.mean - m / z) / b.se, `${b.mean} vs ${m / z}`).toBeLessThan(4.5);
    expect(b.se).toBeLessThan(0.02);
  });
});
