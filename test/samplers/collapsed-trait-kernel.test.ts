// The collapsed variance move of one trait's random intercept in a multi-trait latent model
// (src/samplers/kernels/moves/collapsed-trait-kernel.ts, collapsed-trait-coordinates.ts), on two
// Poisson traits with idh(trait):H (parameter-expanded) crossed with idh(at.level(trait, 2)):D and
// a us(trait):C term it must leave alone:
//   (a) its log target (marginal likelihood + prior of v = log sigma^2) against a dense
//       computation: the N(0, sigma^2 Z_k Z_k' + D_k) log density of trait k's rows plus the
//       coordinate's prior with its Jacobian, as differences between two sigma^2 values, to 1e-9;
//   (b) chains with and without the move agree on every parameter's mean, 2.5% and 97.5%
//       quantile within 4 x sqrt(mcse_on^2 + mcse_off^2);
//   (c) a step allocates nothing per level or unit (M11, in fresh processes:
//       test/helpers/move-allocation.mts). What remains, about 110 B per step measured, is boxed
//       doubles of calls V8 does not inline (the uniforms of the MH accepts among them): constant
//       per step, below the existing collapsed kernel's (about 310 B per step on M5).

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";
import { createStream } from "../../src/random/index.js";
import { rPoisson } from "../../src/random/distributions.js";
import { mcseMean, mcseQuantile, quantileSorted, sortedPool } from "../../src/diagnostics/index.js";
import type { ModelSpec } from "../../src/models/types.js";
import type { ChainState } from "../../src/samplers/run/state.js";
import { traitIntercept } from "../../src/samplers/kernels/moves/collapsed-trait-coordinates.js";
import { varianceCoordinate } from "../../src/samplers/kernels/moves/collapsed-coordinates.js";
import { traitMarginal } from "../../src/samplers/kernels/moves/collapsed-trait-kernel.js";

const ROOT = join(import.meta.dirname, "..", "..");
const H = 10, D = 5, C = 4, REPEATS = 2;

/** Two counts per row: hospital effects on both traits, crossed D effects on trait 2 only. */
function rows(): Record<string, unknown>[] {
  const rng = createStream(91, 0);
  const hosp = Array.from({ length: H }, () => [0.6 * rng.normal(), 0.4 * rng.normal()]);
  const dEff = Array.from({ length: D }, () => 0.5 * rng.normal());
  const out: Record<string, unknown>[] = [];
  for (let h = 0; h < H; h++) for (let d = 0; d < D; d++) for (let i = 0; i < REPEATS; i++) {
    const m1 = Math.exp(0.7 + hosp[h][0] + 0.3 * rng.normal()), m2 = Math.exp(0.2 + hosp[h][1] + dEff[d] + 0.3 * rng.normal());
    out.push({ y1: rPoisson(rng, m1), y2: rPoisson(rng, m2), H: `h${h}`, D: `d${d}`, C: `c${(h + d + i) % C}` });
  }
  return out;
}

const spec: ModelSpec = {
  fixed: "cbind(y1, y2) ~ trait - 1",
  random: "~idh(trait):H + idh(at.level(trait, 2)):D + us(trait):C",
  rcov: "~idh(trait):units",
  family: ["poisson", "poisson"],
  prior: {
    R: { V: [[1, 0], [0, 1]], nu: 2 },
    G: {
      G1: { V: [[1, 0], [0, 1]], nu: 1, "alpha.mu": [0, 0], "alpha.V": [[25, 0], [0, 25]] },
      G2: { V: 1, nu: 1 },
      G3: { V: [[1, 0], [0, 1]], nu: 3 },
    },
  },
};

/** log N(r; 0, s Z Z' + diag(d)) by a dense Cholesky factor. */
function denseLogDensity(r: number[], groups: Int32Array, s: number, d: number[]): number {
  const n = r.length;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = (groups[i] >= 0 && groups[i] === groups[j] ? s : 0) + (i === j ? d[i] : 0);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) A[j * n + j] -= A[j * n + k] ** 2;
    A[j * n + j] = Math.sqrt(A[j * n + j]);
    for (let i = j + 1; i < n; i++) {
      for (let k = 0; k < j; k++) A[i * n + j] -= A[i * n + k] * A[j * n + k];
      A[i * n + j] /= A[j * n + j];
    }
  }
  const z = new Float64Array(n);
  let logDet = 0, quad = 0;
  for (let i = 0; i < n; i++) {
    let v = r[i];
    for (let k = 0; k < i; k++) v -= A[i * n + k] * z[k];
    z[i] = v / A[i * n + i];
    quad += z[i] * z[i];
    logDet += 2 * Math.log(A[i * n + i]);
  }
  return -0.5 * logDet - 0.5 * quad - 0.5 * n * Math.log(2 * Math.PI);
}

describe("collapsed variance move of one trait's random intercept", () => {
  it("has the dense log target, and is admitted only for diagonal, one-trait coordinates", () => {
    const model = buildModel(spec, frameFromRows(rows()));
    const prior = resolvePrior(model, spec.prior);
    const chain = new Chain(model, prior, { seed: 5, chain: 0 });
    expect(chain.kernelNames().filter((k) => k.includes("collapsed"))).toEqual([
      "G structure idh(trait):H traity1 (collapsed, trait 1)",
      "G structure idh(at.level(trait, 2)):D (collapsed, trait 2)",
    ]);
    chain.run(200, 200, 1, true);
    const state = (chain as unknown as { state: ChainState }).state;
    state.R[0] = 0.7; // distinct residual variances: each trait's rows must read their own
    state.R[3] = 1.9;
    state.alpha[0][1] = -1.3; // a negative working parameter: its sign is kept
    expect(traitIntercept(model, prior, 2, 0)).toBeUndefined(); // us(trait):C
    expect(traitIntercept(model, prior, 2, 1)).toBeUndefined();
    const n = model.nUnits;
    const cases = [{ t: 0, a: 0, trait: 0 }, { t: 0, a: 1, trait: 1 }, { t: 1, a: 0, trait: 1 }];
    for (const { t, a, trait } of cases) {
      const coef = traitIntercept(model, prior, t, a)!;
      expect(coef.trait).toBe(trait);
      const marginal = traitMarginal(n, coef);
      const coordinate = varianceCoordinate(t, prior.G[t], a);
      marginal.refresh(state);
      coordinate.read(state);
      const k = prior.G[t].dim, aa = a * k + a;
      const alpha = state.alpha[t][a], gStar = state.G[t][aa] / (alpha * alpha);
      const r: number[] = [], groups: number[] = [], d: number[] = [];
      for (let u = 0; u < n; u++) {
        const row = trait * n + u, j = coef.levelOf[u];
        r.push(state.latent[row] - state.eta[row] + (j >= 0 ? state.theta[coef.thetaStart + j] : 0));
        groups.push(j);
        d.push(trait === 0 ? 0.7 : 1.9);
      }
      /** The dense log target of v = log s: density of r, and the prior of v with its Jacobian. */
      const dense = (s: number) => {
        const ex = prior.G[t].expansion;
        let logPrior: number;
        if (ex) {
          const al = Math.sign(alpha) * Math.sqrt(s / gStar); // v -> alpha: |d alpha / d v| = |alpha| / 2
          logPrior = -0.5 * (al - ex.alphaMu[a]) ** 2 / ex.alphaV[aa] + Math.log(Math.abs(al));
        } else {
          const nu = prior.G[t].nu; // IG(nu/2, nu V_aa/2) times the Jacobian s
          logPrior = -(nu / 2 + 1) * Math.log(s) - (nu * prior.G[t].V[aa]) / (2 * s) + Math.log(s);
        }
        return denseLogDensity(r, Int32Array.from(groups), s, d) + logPrior;
      };
      const kernel = (s: number) => marginal.logLikelihood(s) + coordinate.logPrior(Math.log(s));
      for (const [s0, s1] of [[0.3, 1.7], [0.05, 4], [1, 1.01]]) {
        expect(Math.abs((kernel(s1) - kernel(s0)) - (dense(s1) - dense(s0))), `term ${t} coefficient ${a}, ${s0} -> ${s1}`).toBeLessThan(1e-9);
      }
    }
  });

  it("leaves the posterior unchanged", () => {
    const model = buildModel(spec, frameFromRows(rows()));
    const prior = resolvePrior(model, spec.prior);
    const sample = (collapsedMoves: boolean) => [0, 1].map((c) => new Chain(model, prior, { seed: 17, chain: c, collapsedMoves }).run(6000, 500, 2, true));
    const on = sample(true), off = sample(false);
    const names = new Chain(model, prior, { seed: 17, chain: 0 }).layout.names;
    let worst = 0;
    names.forEach((name, j) => {
      const a = on.map((s) => s.draws[j]), b = off.map((s) => s.draws[j]);
      const checks: [string, number, number, number, number][] = [
        ["mean", mean(a), mean(b), mcseMean(a), mcseMean(b)],
        ["q2.5", quantileSorted(sortedPool(a), 0.025), quantileSorted(sortedPool(b), 0.025), mcseQuantile(a, 0.025), mcseQuantile(b, 0.025)],
        ["q97.5", quantileSorted(sortedPool(a), 0.975), quantileSorted(sortedPool(b), 0.975), mcseQuantile(a, 0.975), mcseQuantile(b, 0.975)],
      ];
      for (const [what, x, y, m1, m2] of checks) {
        worst = Math.max(worst, Math.abs(x - y) / Math.sqrt(m1 * m1 + m2 * m2));
        expect(Math.abs(x - y), `${name} ${what}: with ${x}, without ${y}`).toBeLessThanOrEqual(4 * Math.sqrt(m1 * m1 + m2 * m2));
      }
    });
    console.log(`collapsed trait move on/off: ${names.length} parameters, max z ${worst.toFixed(2)}`);
    expect(names).toEqual(expect.arrayContaining(["traity1.H", "traity2.H", "at.level(trait, 2).D"]));
  }, 120_000);

  // Measured in fresh processes, as joint-newton.test.ts explains: the least over up to three.
  // The bound is one Float64Array of the site levels (23 x 8 B): refreshing the per-level sums
  // into new arrays, or anything per unit (644), would exceed it.
  it("allocates nothing per level or unit (M11)", () => {
    const name = "G structure idh(at.level(trait, 1)):site (collapsed, trait 1)";
    let least = Infinity;
    const bound = 23 * 8;
    for (let attempt = 0; attempt < 3 && least >= bound; attempt++) {
      const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "test/helpers/move-allocation.mts", "M11_Salamanders_hurdle", "500", name], { cwd: ROOT, encoding: "utf8" });
      const measured = JSON.parse(out.trim().split("\n").pop()!) as { growth: Record<string, number> };
      least = Math.min(least, measured.growth[name]);
      console.log(`attempt ${attempt + 1}: ${measured.growth[name].toFixed(1)} B/step`);
    }
    expect(least).toBeLessThan(bound);
  }, 120_000);
});

const mean = (chains: Float64Array[]) => chains.reduce((s, c) => s + c.reduce((x, y) => x + y, 0), 0) / chains.reduce((n, c) => n + c.length, 0);
