// The marginal (co)variance move's target (kernels/moves/marginal-variance.ts) against a dense
// computation on M16's phylogenetic model: y ~ N(X mu, X B X' + s_p Z A Z' + s_u I) with the
// tree's A (internal nodes included) from inverting its A^-1, times the inverse-gamma priors
// IG(nu/2, nu V/2) and the Jacobian of the log-variance coordinates. The sparse route
// (log|C|, b'C^-1 b, the determinant lemma) must give the same log density up to a constant:
// the differences between points agree to 1e-8. A proper prior on the fixed effects keeps the
// dense V well conditioned.

import { describe, expect, it } from "vitest";
import { fit, toDataFrame } from "../../src/fit.js";
import { denseCholesky, denseInverseSpd } from "../../src/linalg/dense.js";
import { toDense } from "../../src/linalg/csc.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { buildMarginalVarianceKernel } from "../../src/samplers/kernels/moves/marginal-variance.js";
import { allocateState } from "../../src/samplers/run/state.js";
import { Chain } from "../../src/samplers/run/chain.js";
import type { ChainCheckpoint } from "../../src/samplers/run/checkpoint.js";
import { decodeExactJson, encodeExactJson } from "../../src/io/checkpoint-file.js";
import { loadReference } from "../helpers/reference.js";

const ref = loadReference("M16_phylo_birds");
const B = { mu: [0.5, -0.2], V: [[3, 0.5], [0.5, 2]] };

function denseLogTarget(sp: number, su: number): number {
  const model = buildModel(ref.spec, toDataFrame(ref.data, ref.spec), { ginverse: ref.relationships });
  const n = model.nUnits, p = model.X.ncol, q = model.Z.ncol;
  const X = toDense(model.X), Z = toDense(model.Z);
  const A = denseInverseSpd(toDense(model.randomTerms[0].ginverse!), q);
  const V = new Float64Array(n * n);
  const ZA = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) {
    const z = Z[i * q + k];
    if (z !== 0) for (let j = 0; j < q; j++) ZA[i * q + j] += z * A[k * q + j];
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? su : 0;
    for (let k = 0; k < q; k++) s += sp * ZA[i * q + k] * Z[j * q + k];
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += X[i * p + a] * B.V[a][b] * X[j * p + b];
    V[i * n + j] = s;
  }
  const L = denseCholesky(V, n);
  const y = model.responses[0].y;
  const r = new Float64Array(n);
  let logDet = 0, quad = 0;
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let a = 0; a < p; a++) s -= X[i * p + a] * B.mu[a];
    for (let j = 0; j < i; j++) s -= L[i * n + j] * r[j];
    r[i] = s / L[i * n + i];
    quad += r[i] * r[i];
    logDet += 2 * Math.log(L[i * n + i]);
  }
  // IG(nu/2, nu V/2) with V = 1, nu = 0.002 for both variances, and d sigma^2 / d log sigma^2 = sigma^2
  const logPrior = (s: number) => -(0.001 + 1) * Math.log(s) - 0.001 / s + Math.log(s);
  return -0.5 * (logDet + quad) + logPrior(sp) + logPrior(su);
}

describe("marginal (co)variance move: its target", () => {
  it("equals the dense marginal likelihood x prior x Jacobian on M16 (phylogeny with internal nodes)", () => {
    const spec = { ...ref.spec, prior: { ...ref.spec.prior, B } };
    const model = buildModel(spec, toDataFrame(ref.data, spec), { ginverse: ref.relationships });
    const prior = resolvePrior(model, spec.prior);
    const move = buildMarginalVarianceKernel(model, prior, buildMixedModelEquations(model, prior));
    expect(move).toBeDefined();
    const state = allocateState(model);
    const points = [[1, 0.5], [0.2, 0.9], [2.5, 0.01]];
    const ours = points.map(([sp, su]) => {
      state.G[0][0] = sp;
      state.R[0] = su;
      return move!.logDensity(state);
    });
    const dense = points.map(([sp, su]) => denseLogTarget(sp, su));
    for (let i = 1; i < points.length; i++) expect(ours[i] - ours[0]).toBeCloseTo(dense[i] - dense[0], 8);
    // and the points differ enough for the check to be sharp
    expect(Math.abs(dense[2] - dense[0])).toBeGreaterThan(1);
  });

  it("is built for M16, so its units variance mixes (min bulk-ESS over 4,000 iterations)", async () => {
    const result = await fit(ref.spec, ref.data, { nitt: 5000, burnin: 1000, thin: 1, chains: 1, seed: 3, relationships: ref.relationships });
    const s = result.summary();
    expect(s.sampler?.some((m) => m.kernel === "marginal (co)variance move")).toBe(true);
    // block Gibbs alone: about 1-2 bulk-ESS per 1,000 iterations for units here; the move about 20-30
    const units = s.covariances.find((r) => r.name === "units")!;
    expect(units.ess_bulk).toBeGreaterThan(30);
  });

  it("proposes independently after burn-in where its burn-in trials accept often (M2), and keeps the random walk elsewhere (M1)", async () => {
    const sampler = async (name: string) => {
      const r = loadReference(name);
      const result = await fit(r.spec, r.data, { nitt: 4000, burnin: 2000, thin: 1, chains: 1, seed: 4, relationships: r.relationships });
      return result.summary().sampler!;
    };
    const m2 = await sampler("M2_PlodiaPO"), m1 = await sampler("M1_sleepstudy");
    const acceptance = (rows: typeof m1) => rows.find((m) => m.kernel === "marginal (co)variance move")!.acceptance;
    // the random walk is tuned to 0.234; the t_4 about M2's burn-in mean accepts ~0.8
    expect(acceptance(m2)).toBeGreaterThan(0.6);
    expect(acceptance(m1)).toBeLessThan(0.35);
    // with the independence proposal the move alone updates M2's variances after burn-in: its
    // transformation move makes no post-burn-in proposals; M1's (random walk) still does
    expect(m2.map((m) => m.kernel)).toEqual(["marginal (co)variance move"]);
    expect(m1.find((m) => m.kernel.includes("transformation move"))!.steps).toBeGreaterThan(0);
  });

  it("continues bit for bit from a checkpoint taken while it owns M2's variances (its kept target recomputed)", () => {
    const r = loadReference("M2_PlodiaPO");
    const model = buildModel(r.spec, toDataFrame(r.data, r.spec), { ginverse: r.relationships });
    const prior = resolvePrior(model, r.spec.prior);
    const checkpoints: ChainCheckpoint[] = [];
    const options = { seed: 7, chain: 1 };
    const recorder = { append() {}, checkpoint: (cp: ChainCheckpoint) => checkpoints.push(decodeExactJson(encodeExactJson(cp))) };
    const whole = new Chain(model, prior, { ...options, recorder, checkpointEvery: 400 }).run(2000, 1000, 1, true);
    // after burn-in the move alone proposed: the transformation move made no post-burn-in proposals
    expect(whole.sampler!.find((s) => s.kernel.includes("transformation move"))!.proposed).toBe(0);
    const cp = checkpoints.find((c) => c.segment.done === 1600)!;
    const resumed = new Chain(model, prior, options);
    resumed.restore(cp);
    const rest = resumed.run(2000, 1000, 1, true);
    const from = cp.segment.saved;
    rest.draws.forEach((d, p) => expect(Array.from(d)).toEqual(Array.from(whole.draws[p].subarray(from))));
  });
});
