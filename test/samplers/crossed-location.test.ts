// The per-factor collapsed block Gibbs location sampler (crossed-location.ts): one factor's block
// draw is exactly N(Q^-1 b, Q^-1) of (beta, u_A) | u_B, l, G, R (its affine map from the noise
// checked against Q and b formed densely from X and Z); a fit with it agrees with the sparse
// Cholesky block draw on a small crossed Gaussian model (means and 2.5/97.5% quantiles within 4
// MCSE); its chain allocates nothing per iteration; models it cannot draw are refused by name.

import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { denseCholesky, toDense } from "../../src/linalg/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { chooseLocationSampler, CROSSED_MIN_LEVELS, CROSSED_MIN_UNITS, locationEquations } from "../../src/samplers/kernels/location/choice.js";
import { buildCrossedLocationKernel } from "../../src/samplers/kernels/location/crossed-location.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { Chain } from "../../src/samplers/run/chain.js";
import { allocateState } from "../../src/samplers/run/state.js";
import { heapGrowthPerIteration } from "../helpers/allocation.js";

/** Crossed design: rows spread at random over levels1 x levels2 cells (some cells empty). */
function crossedRows(rows: number, levels1: number, levels2: number, seed: number): Record<string, unknown>[] {
  const rng = createStream(seed, 0);
  const a = Array.from({ length: levels1 }, () => rng.normal());
  const b = Array.from({ length: levels2 }, () => 0.6 * rng.normal());
  return Array.from({ length: rows }, () => {
    const i = Math.floor(rng.uniform() * levels1), j = Math.floor(rng.uniform() * levels2), x = rng.normal();
    return { y: 1 + 0.5 * x + a[i] + b[j] + 0.8 * rng.normal(), x, f1: `a${i}`, f2: `b${j}` };
  });
}

const SPEC: ModelSpec = { fixed: "y ~ x", random: "~f1 + f2", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 }, G2: { V: 1, nu: 0.002 } } } };

describe("crossed location sampler", () => {
  // intercepts (the z = 1 path) and a random slope on x without intercept (z = x)
  it.each(["~f1 + f2", "~f1 + us(x - 1):f2"])("draws (beta, u_A) | u_B exactly for %s: mean Q^-1 b and covariance Q^-1 from the dense equations", (random) => {
    const spec = { ...SPEC, random };
    const model = buildModel(spec, frameFromRows(crossedRows(240, 15, 6, 3)), { ginverse: {} });
    const prior = resolvePrior(model, spec.prior);
    const kernel = buildCrossedLocationKernel(model, prior, buildMixedModelEquations(model, prior));
    const state = allocateState(model);
    state.latent.set(model.responses[0].y);
    const rng = createStream(9, 0);
    for (let i = 0; i < state.theta.length; i++) state.theta[i] = rng.normal(); // u_B at some value
    const p = model.X.ncol, n = model.nUnits, rInv = 1 / 0.7;
    kernel.prepare(state);
    const X = toDense(model.X), Z = toDense(model.Z), q = model.Z.ncol;
    for (const [t, gInv] of [[0, 1 / 1.3], [1, 1 / 0.4]]) {
      const term = model.randomTerms[t], m = term.nLevels[0], size = p + m;
      // dense Q = r W_A' W_A + blockdiag(B^-1, g I), b = r W_A' (l - Z_B u_B) + B^-1 mu
      const other = model.randomTerms[1 - t];
      const w = (row: number, c: number) => (c < p ? X[row * p + c] : Z[row * q + term.zOffset + c - p]);
      const Q = new Float64Array(size * size), b = new Float64Array(size);
      for (let row = 0; row < n; row++) {
        let e = state.latent[row];
        for (let j = 0; j < other.nLevels[0]; j++) e -= Z[row * q + other.zOffset + j] * state.theta[p + other.zOffset + j];
        for (let i = 0; i < size; i++) {
          const wi = w(row, i);
          if (wi === 0) continue;
          b[i] += rInv * wi * e;
          for (let j = 0; j < size; j++) Q[i * size + j] += rInv * wi * w(row, j);
        }
      }
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < p; j++) {
          Q[i * size + j] += prior.B.precision[i * p + j];
          b[i] += prior.B.precision[i * p + j] * prior.B.mu[j];
        }
      }
      for (let j = 0; j < m; j++) Q[(p + j) * size + p + j] += gInv;
      // the kernel's draw is affine in its noise: theta = mean + M z; then M M' must be Q^-1
      const read = (noise: Float64Array) => {
        kernel.drawFactor(state, t, rInv, gInv, noise);
        const out = new Float64Array(size);
        for (let i = 0; i < p; i++) out[i] = state.theta[i];
        for (let j = 0; j < m; j++) out[p + j] = state.theta[p + term.zOffset + j];
        return out;
      };
      const mean = read(new Float64Array(size));
      const M = new Float64Array(size * size); // column k = draw(e_k) - mean
      for (let k = 0; k < size; k++) {
        const z = new Float64Array(size);
        z[k] = 1;
        const col = read(z);
        for (let i = 0; i < size; i++) M[i * size + k] = col[i] - mean[i];
      }
      // Q mean = b, and Q (M M') = I
      const L = denseCholesky(Q, size);
      let worstMean = 0, worstCov = 0, scale = 0;
      for (let i = 0; i < size; i++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += Q[i * size + j] * mean[j];
        worstMean = Math.max(worstMean, Math.abs(s - b[i]) / (Math.abs(b[i]) + 1));
        scale = Math.max(scale, L[i * size + i]);
      }
      const MMt = new Float64Array(size * size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
        let s = 0;
        for (let k = 0; k < size; k++) s += M[i * size + k] * M[j * size + k];
        MMt[i * size + j] = s;
      }
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) {
        let s = 0;
        for (let k = 0; k < size; k++) s += Q[i * size + k] * MMt[k * size + j];
        worstCov = Math.max(worstCov, Math.abs(s - (i === j ? 1 : 0)));
      }
      expect(worstMean).toBeLessThan(1e-9);
      expect(worstCov).toBeLessThan(1e-9);
      expect(scale).toBeGreaterThan(1); // Q is not trivially the identity
    }
  });

  it("agrees with the sparse Cholesky block draw on a small crossed Gaussian model (4 MCSE)", async () => {
    const rows = crossedRows(400, 40, 10, 11);
    const options = { nitt: 8000, burnin: 1000, thin: 1, chains: 1, seed: 4 };
    const crossed = (await fit(SPEC, rows, { ...options, location: "crossed" })).summary();
    const cholesky = (await fit(SPEC, rows, { ...options, location: "cholesky" })).summary();
    expect(crossed.settings.location).toBe("crossed");
    const reference = new Map([...cholesky.fixed, ...cholesky.covariances].map((r) => [r.name, r]));
    let compared = 0, worst = 0;
    for (const row of [...crossed.fixed, ...crossed.covariances]) {
      const ref = reference.get(row.name)!;
      for (const [a, b, ma, mb] of [
        [row.mean, ref.mean, row.mcse_mean, ref.mcse_mean],
        [row.q2_5, ref.q2_5, row.mcse_q2_5, ref.mcse_q2_5],
        [row.q97_5, ref.q97_5, row.mcse_q97_5, ref.mcse_q97_5],
      ]) {
        compared++;
        worst = Math.max(worst, Math.abs(a - b) / Math.sqrt(ma * ma + mb * mb));
      }
    }
    expect(compared).toBe(15); // (Intercept), x, f1, f2, units
    expect(worst).toBeLessThanOrEqual(4);
  }, 60_000);

  it("gives the same draws, bit for bit, in 1 and 2 threads", async () => {
    const rows = crossedRows(600, 30, 15, 8);
    const settings = { nitt: 60, burnin: 10, thin: 1, chains: 2, seed: 5, location: "crossed" as const };
    const one = await fit(SPEC, rows, { ...settings, threads: 1 });
    const two = await fit(SPEC, rows, { ...settings, threads: 2 });
    for (let c = 0; c < 2; c++) {
      one.chainDraws.chains[c].forEach((draws, q) => expect(Array.from(two.chainDraws.chains[c][q])).toEqual(Array.from(draws)));
    }
    expect(Array.from(one.chainDraws.chains[0][0])).not.toEqual(Array.from(one.chainDraws.chains[1][0]));
  }, 60_000);

  it("allocates nothing per iteration", { retry: 2 }, () => {
    const model = buildModel(SPEC, frameFromRows(crossedRows(3000, 60, 20, 5)), { ginverse: {} });
    const chain = new Chain(model, resolvePrior(model, SPEC.prior), { seed: 1, chain: 0, location: "crossed" });
    expect(heapGrowthPerIteration(chain, 2000)).toBeLessThan((model.nUnits * 8) / 3);
  });

  it('"auto" takes it for all-Gaussian models from CROSSED_MIN_UNITS rows with every term of CROSSED_MIN_LEVELS levels, and only then', () => {
    const choose = (rows: Record<string, unknown>[], spec: ModelSpec = SPEC) => {
      const model = buildModel(spec, frameFromRows(rows), { ginverse: {} });
      return chooseLocationSampler(model, locationEquations(model));
    };
    const big = crossedRows(CROSSED_MIN_UNITS, 100, CROSSED_MIN_LEVELS, 6);
    expect(choose(big)).toBe("crossed");
    expect(choose(big.slice(1))).toBe("cholesky"); // one row short
    expect(choose(crossedRows(CROSSED_MIN_UNITS, 100, CROSSED_MIN_LEVELS - 1, 6))).toBe("cholesky"); // a factor of too few levels
    const binary = big.map((r) => ({ ...r, y: (r.y as number) > 1 ? 1 : 0 }));
    expect(choose(binary, { ...SPEC, family: "categorical", prior: { ...SPEC.prior, R: { V: 1, fix: 1 } } })).toBe("cholesky");
  });

  it("is refused by name for models it cannot draw", () => {
    const rows = crossedRows(200, 10, 5, 2);
    const slopes = buildModel({ ...SPEC, random: "~us(1 + x):f1" }, frameFromRows(rows), { ginverse: {} });
    expect(() => chooseLocationSampler(slopes, locationEquations(slopes), "crossed")).toThrow(ModelSpecError);
    expect(() => chooseLocationSampler(slopes, locationEquations(slopes), "crossed")).toThrow(/us\(1 \+ x\):f1 has 2 coefficients/);
    const bivariate = buildModel({ fixed: "cbind(y, x) ~ trait - 1", random: "~idh(trait):f1", rcov: "~us(trait):units", family: ["gaussian", "gaussian"] }, frameFromRows(rows), { ginverse: {} });
    expect(() => chooseLocationSampler(bivariate, locationEquations(bivariate), "crossed")).toThrow(/more than one trait/);
  });
});
