// cors and sub (models/structures/cors.ts, sub.ts; priors/block-prior.ts;
// kernels/variance/block-draw.ts): MCMCglmm's names, prior checks, the log prior against a dense
// full-matrix computation, G^-1 (x) I in the mixed-model equations against a dense one, each
// conditional draw against its exact distribution (MCSE rule), and sub(trait):g against the
// equivalent idh(trait):g with the same fixed variance (4-MCSE rule on the posterior).

import { Matrix, determinant, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { summariseDraws } from "../../src/diagnostics/summarise.js";
import { ModelSpecError, PriorError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import type { Csc } from "../../src/linalg/csc.js";
import { fillAssembly } from "../../src/linalg/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { logBlockPrior } from "../../src/priors/block-prior.js";
import { resolvePrior, type VariancePrior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { drawCorrelationBlock, drawIdentityBlock, makeBlockWorkspace } from "../../src/samplers/kernels/variance/block-draw.js";

const rows = Array.from({ length: 24 }, (_, i) => ({ a: Math.sin(i), b: Math.cos(1.3 * i), c: Math.sin(0.7 * i) + 0.2 * i, y: Math.sin(2 * i), x: Math.cos(i), z: (i % 5) - 2, g: `g${i % 6}` }));
const I3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
const V3 = [[1.2, 0.3, 0.1], [0.3, 0.9, -0.2], [0.1, -0.2, 1.5]];
const threeTraits = (random: string) => buildModel({ fixed: "cbind(a, b, c) ~ trait - 1", random, rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));
const gPrior = (m: ReturnType<typeof threeTraits>, G1: object) => resolvePrior(m, { R: { V: I3, nu: 3 }, G: { G1: G1 as never } }).G[0];
const mat = (k: number, M: ArrayLike<number>, r0 = 0, c0 = 0, n = k) => new Matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => M[(r0 + i) * k + c0 + j])));
const logDet = (M: Matrix) => Math.log(determinant(M));
const trace = (M: Matrix) => M.diag().reduce((s, x) => s + x, 0);

describe("cors and sub: names and priors", () => {
  it("name the stored matrix as us, MCMCglmm's VCV", () => {
    for (const fn of ["cors", "sub"]) {
      const t = threeTraits(`~${fn}(trait):g`).randomTerms[0];
      expect(t.structure).toBe(fn);
      expect(t.vcvNames.slice(0, 4)).toEqual(["traita:traita.g", "traitb:traita.g", "traitc:traita.g", "traita:traitb.g"]);
      expect(t.vcvNames).toHaveLength(9);
    }
  });

  it("hold the trailing block at I (sub: the cross block at 0) and scale the rest by nu", () => {
    const pc = gPrior(threeTraits("~cors(trait):g"), { V: V3, nu: 4, fix: 2 });
    expect(pc.fixFrom).toBe(1);
    expect(Array.from(pc.V)).toEqual([1.2, 0.3, 0.1, 0.3, 1, 0, 0.1, 0, 1]);
    expect(Array.from(pc.block!.scale0)).toEqual([4.8, 1.2, 0.4, 1.2, 1, 0, 0.4, 0, 1]);
    const ps = gPrior(threeTraits("~sub(trait):g"), { V: V3, nu: 4, fix: 3 });
    expect(Array.from(ps.V)).toEqual([1.2, 0.3, 0, 0.3, 0.9, 0, 0, 0, 1]);
    expect(ps.block!.kind).toBe("identity");
  });

  it("refuse what MCMCglmm cannot mean, naming the prior and term", () => {
    const m = threeTraits("~cors(trait):g");
    expect(() => gPrior(m, { V: V3, nu: 4 })).toThrow(/G\.G1 \(cors\(trait\):g\): cors needs fix/);
    expect(() => gPrior(m, { V: V3, nu: 4, fix: 1 })).toThrow(/write corg/);
    expect(() => gPrior(m, { V: V3, nu: 4, fix: 4 })).toThrow(PriorError);
    expect(() => gPrior(m, { V: V3, nu: 4, fix: 2, "alpha.V": I3 })).toThrow(/parameter expansion/);
    expect(() => gPrior(m, { V: V3, nu: 4, fix: 2, "beta.mu": 0 })).toThrow(/antedependence/);
    expect(() => gPrior(m, { V: V3, fix: 2 })).toThrow(/nu is missing/);
    expect(() => resolvePrior(m, { R: { V: I3, nu: 3 } })).toThrow(/cors needs a prior with fix/);
    expect(() => gPrior(threeTraits("~sub(trait):g"), { V: [[1, 2, 0], [2, 1, 0], [0, 0, 1]], nu: 4, fix: 3 })).toThrow(/positive-definite/);
    expect(() => threeTraits("~corh(trait):g")).toThrow(ModelSpecError);
  });
});

describe("log prior against a dense full-matrix computation", () => {
  // a cors-shaped Sigma: R22 a correlation matrix, the rest free
  const S3 = Float64Array.from([2.0, 0.4, -0.3, 0.4, 1, 0.35, -0.3, 0.35, 1]);

  it("sub: the IW(nu, nu V11) density of Sigma11", () => {
    const p = gPrior(threeTraits("~sub(trait):g"), { V: V3, nu: 4, fix: 3 });
    const G = Float64Array.from([1.7, -0.4, 0, -0.4, 0.8, 0, 0, 0, 1]);
    const S11 = mat(3, G, 0, 0, 2), V11 = mat(3, V3.flat(), 0, 0, 2);
    const dense = -0.5 * (4 + 2 + 1) * logDet(S11) - 0.5 * 4 * trace(V11.mmul(inverse(S11)));
    expect(logBlockPrior(p, G)).toBeCloseTo(dense, 10);
  });

  it("cors: pi(R22) + the 0-df inverse-Wishart conditional of (Sigma11.2, B), from |Sigma| and tr(Sigma^-1 Psi0)", () => {
    for (const nu of [0, 2.5, 6]) {
      const p = gPrior(threeTraits("~cors(trait):g"), { V: V3, nu, fix: 2 });
      const k = 3, q = 2;
      const Sigma = mat(3, S3), Psi0 = mat(3, p.block!.scale0), R22 = mat(3, S3, 1, 1, 2), R22i = inverse(R22);
      // pi(R22) = |R22|^-((nu - p1) + p2 + 1)/2 prod (R22^-1)_ii^-nu/2, p1 = 1
      const logPiR = -0.5 * (nu - 1 + q + 1) * logDet(R22) - 0.5 * nu * R22i.diag().reduce((s, x) => s + Math.log(x), 0);
      // the IW(0, Psi0) kernel of the whole matrix, |Sigma|^-(k+1)/2 exp(-tr(Sigma^-1 Psi0)/2), equals the
      // (Sigma11.2, B) density times |R22|^-(k+1)/2 exp(-tr(R22^-1 Psi0_22)/2) (Psi0_22 = I)
      const full = -0.5 * (k + 1) * logDet(Sigma) - 0.5 * trace(inverse(Sigma).mmul(Psi0));
      const dense = logPiR + full + 0.5 * (k + 1) * logDet(R22) + 0.5 * trace(R22i);
      expect(logBlockPrior(p, S3)).toBeCloseTo(dense, 9);
    }
  });
});

describe("G^-1 (x) I in the mixed-model equations (dense check)", () => {
  function dense(Z: Csc): number[][] {
    const out = Array.from({ length: Z.nrow }, () => new Array<number>(Z.ncol).fill(0));
    for (let j = 0; j < Z.ncol; j++) for (let e = Z.colPtr[j]; e < Z.colPtr[j + 1]; e++) out[Z.rowIdx[e]][j] += Z.values[e];
    return out;
  }
  it.each([
    ["cors", [[1.4, 0.3, -0.2], [0.3, 1, 0.4], [-0.2, 0.4, 1]]],
    ["sub", [[1.4, 0.3, 0], [0.3, 0.7, 0], [0, 0, 1]]],
  ])("%s(1 + x + z):g", (fn, G) => {
    const m = buildModel({ fixed: "y ~ 1", random: `~${fn}(1 + x + z):g`, family: "gaussian" }, frameFromRows(rows));
    const prior = resolvePrior(m, { B: { mu: 0, V: 1e10 }, R: { V: 1, nu: 1 }, G: { G1: { V: I3, nu: 3, fix: fn === "cors" ? 2 : 3 } } });
    const mme = buildMixedModelEquations(m, prior);
    const rVar = 0.8;
    const Gi = inverse(new Matrix(G));
    const coefficients = mme.sources.map((s) => (s.kind === "constant" ? 1 : s.kind === "residual" ? 1 / rVar : Gi.get(s.a, s.b)));
    const values = new Float64Array(mme.plan.pattern.colPtr[mme.size]);
    fillAssembly(mme.plan, coefficients, values);
    const C = dense({ ...mme.plan.pattern, values });
    if (C.every((row, i) => row.every((v, j) => j >= i || v === 0))) for (let i = 0; i < C.length; i++) for (let j = 0; j < i; j++) C[i][j] = C[j][i];
    const X = dense(m.X), Z = dense(m.Z);
    const W = new Matrix(X.map((r, i) => [...r, ...Z[i]]));
    const expected = W.transpose().mmul(W).div(rVar);
    expected.set(0, 0, expected.get(0, 0) + 1e-10);
    const q = 6;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let i = 0; i < q; i++) {
      expected.set(1 + a * q + i, 1 + b * q + i, expected.get(1 + a * q + i, 1 + b * q + i) + Gi.get(a, b));
    }
    for (let i = 0; i < C.length; i++) for (let j = 0; j < C.length; j++) expect(C[i][j]).toBeCloseTo(expected.get(i, j), 9);
  });
});

describe("conditional draws against their exact distributions (MCSE rule)", () => {
  const S = Float64Array.from([9, 2, -1.5, 2, 7, 3, -1.5, 3, 8]);
  const n = 12;

  it("sub: Sigma11 ~ IW(nu + n, nu V11 + S11), exactly I and 0 elsewhere", () => {
    const p = gPrior(threeTraits("~sub(trait):g"), { V: V3, nu: 4, fix: 3 });
    const ws = makeBlockWorkspace(3), rng = createStream(41, 0), out = new Float64Array(9);
    const N = 20000, draws = [0, 1, 4].map(() => new Float64Array(N));
    for (let it = 0; it < N; it++) {
      drawIdentityBlock(rng, ws, p, n, S, out);
      [0, 1, 4].forEach((e, j) => { draws[j][it] = out[e]; });
      if (it % 997 === 0) expect([out[2], out[5], out[6], out[7], out[8]]).toEqual([0, 0, 0, 0, 1]);
    }
    // E = (nu V11 + S11) / (nu + n - p1 - 1)
    const expected = [0, 1, 4].map((e) => (4 * V3.flat()[e] + S[e]) / (4 + n - 2 - 1));
    draws.forEach((d, j) => {
      const s = summariseDraws([d]);
      expect(Math.abs(s.mean - expected[j])).toBeLessThan(4 * s.mcse_mean);
    });
  });

  function corsDraws(nu: number, N: number) {
    const p: VariancePrior = gPrior(threeTraits("~cors(trait):g"), { V: V3, nu, fix: 2 });
    const ws = makeBlockWorkspace(3), rng = createStream(43, 0);
    const out = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const r = new Float64Array(N), s112 = new Float64Array(N), b1 = new Float64Array(N), b2 = new Float64Array(N);
    for (let it = 0; it < N; it++) {
      drawCorrelationBlock(rng, ws, p, n, S, out);
      expect(out[4] === 1 && out[8] === 1).toBe(true);
      const rho = out[5];
      // B = Sigma12 R22^-1, Sigma11.2 = Sigma11 - B Sigma21
      const det = 1 - rho * rho;
      const B1 = (out[1] - rho * out[2]) / det, B2 = (out[2] - rho * out[1]) / det;
      r[it] = rho; b1[it] = B1; b2[it] = B2;
      s112[it] = out[0] - (B1 * out[1] + B2 * out[2]);
    }
    return { p, r, s112, b1, b2 };
  }

  it("cors: R22's correlation from its marginal, (Sigma11.2, B) from IW(n, S + Psi0) given R22", () => {
    const nu = 3;
    const { p, r, s112, b1, b2 } = corsDraws(nu, 20000);
    // r's marginal: |R|^-(n + nu - p1 + p2 + 1)/2 exp(-tr(R^-1 S22)/2) prod (R^-1)_ii^-nu/2, by quadrature
    const s22 = S[4], s33 = S[8], s23 = S[5];
    const logDensity = (x: number) => {
      const det = 1 - x * x;
      return -0.5 * (n + nu - 1 + 2 + 1) * Math.log(det) - 0.5 * (s22 + s33 - 2 * x * s23) / det - nu * Math.log(1 / det);
    };
    const grid = 40000, h = 2 / grid;
    let total = 0, first = 0;
    for (let i = 1; i < grid; i++) {
      const x = -1 + i * h, w = Math.exp(logDensity(x));
      total += w; first += w * x;
    }
    const sr = summariseDraws([r]);
    expect(Math.abs(sr.mean - first / total)).toBeLessThan(4 * sr.mcse_mean);
    // given R22: Sigma11.2 ~ IW_1(n, Psi11.2) and E[B] = Psi12 Psi22^-1, whatever R22 is
    const Psi = new Matrix([[0, 1, 2], [3, 4, 5], [6, 7, 8]].map((row) => row.map((e) => S[e] + p.block!.scale0[e])));
    const P22 = Psi.subMatrix(1, 2, 1, 2), P12 = Psi.subMatrix(0, 0, 1, 2);
    const Bmean = P12.mmul(inverse(P22));
    const psi112 = Psi.get(0, 0) - Bmean.mmul(P12.transpose()).get(0, 0);
    const checks: [Float64Array, number][] = [[s112, psi112 / (n - 1 - 1)], [b1, Bmean.get(0, 0)], [b2, Bmean.get(0, 1)]];
    for (const [d, expected] of checks) {
      const s = summariseDraws([d]);
      expect(Math.abs(s.mean - expected)).toBeLessThan(4 * s.mcse_mean);
    }
  });

  it("cors: a prior alone (no levels) cannot be drawn: typed error naming the prior", () => {
    const p = gPrior(threeTraits("~cors(trait):g"), { V: V3, nu: 3, fix: 2 });
    expect(() => drawCorrelationBlock(createStream(1, 0), makeBlockWorkspace(3), p, 0, new Float64Array(9), Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]))).toThrow(/G\.G1: cors cannot be drawn from its prior alone/);
  });
});

describe("sub(trait):g equals idh(trait):g with the second variance fixed at 1 (4-MCSE rule)", () => {
  it("the posterior of traita.g's variance, mean and 2.5%/97.5% quantiles", async () => {
    const data = Array.from({ length: 90 }, (_, i) => ({ a: Math.sin(i) + (i % 15) * 0.15, b: Math.cos(1.7 * i) + ((i * 7) % 15) * 0.1, g: `g${i % 15}` }));
    const run = (random: string, V: number[][], seed: number) => fit(
      { fixed: "cbind(a, b) ~ trait - 1", random, rcov: "~idh(trait):units", family: "gaussian", prior: { B: { mu: 0, V: 10 }, R: { V: [[1, 0], [0, 1]], nu: 2 }, G: { G1: { V, nu: 2, fix: 2 } } } },
      data,
      { nitt: 12000, burnin: 1000, thin: 5, chains: 2, threads: 1, seed },
    );
    const sub = await run("~sub(trait):g", [[0.6, 0.2], [0.2, 3]], 7);
    const idh = await run("~idh(trait):g", [[0.6, 0], [0, 1]], 8);
    expect(sub.draws["traitb:traita.g"].every((c) => c.every((x) => x === 0))).toBe(true);
    const a = summariseDraws(sub.draws["traita:traita.g"], { probs: [0.025, 0.975] });
    const b = summariseDraws(idh.draws["traita.g"], { probs: [0.025, 0.975] });
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.mcse_mean, b.mcse_mean));
    for (let i = 0; i < 2; i++) expect(Math.abs(a.quantiles[i].value - b.quantiles[i].value)).toBeLessThan(4 * Math.hypot(a.quantiles[i].mcse, b.quantiles[i].mcse));
  });
});

describe("covu (MCMCglmm's G-R structure): MCMCglmm's checks, and the joint prior", () => {
  const m = buildModel({ fixed: "cbind(a, b) ~ trait - 1", random: "~us(trait):g", rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));
  const G = { G1: { V: [[1, 0], [0, 1]], nu: 2 } };
  it("prior R covu = true is a PriorError naming prior R and covu; false is MCMCglmm's default", () => {
    // MCMCglmm's checks first: levels of the G and R terms, a random term to pair with
    expect(() => resolvePrior(m, { R: { V: [[1, 0], [0, 1]], nu: 2, covu: true }, G })).toThrow(/levels of the random term us\(trait\):g \(6 of "g"\) and of the residual term us\(trait\):units \(24 of "units"\) must be the same/);
    const none = buildModel({ fixed: "cbind(a, b) ~ trait - 1", rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));
    expect(() => resolvePrior(none, { R: { V: [[1, 0], [0, 1]], nu: 2, covu: true } })).toThrow(/covu = true needs a random term/);
    // a pair MCMCglmm accepts is fitted now (test/samplers/covu-fit.test.ts): prior R is the joint prior, prior G has no element for the joined term
    const covuPrior = { R: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 3, covu: true } };
    const paired = buildModel({ fixed: "cbind(a, b) ~ trait - 1", random: "~us(at.level(trait, 2)):units", rcov: "~us(trait):units", family: "gaussian", prior: covuPrior }, frameFromRows(rows));
    expect(resolvePrior(paired, covuPrior).covu?.joint.dim).toBe(3);
    expect(() => resolvePrior(paired, { ...covuPrior, G: { G1: { V: 1, nu: 1 } } })).toThrow(/prior G has 1 element\(s\) \(G1\) but the model has 0 random term/);
    expect(() => resolvePrior(m, { R: { V: [[1, 0], [0, 1]], nu: 2, covu: false }, G })).not.toThrow();
    expect(() => resolvePrior(m, { R: { V: [[1, 0], [0, 1]], nu: 2, covu: "yes" as never }, G })).toThrow(/covu must be true or false/);
    expect(() => resolvePrior(m, { R: { V: [[1, 0], [0, 1]], nu: 2 }, G: { G1: { ...G.G1, covu: true } } })).toThrow(/prior G\.G1: covu is only an argument for residual structures/);
  });
  it("is a known prior key (not a misspelling)", async () => {
    const { checkSpecKeys } = await import("../../src/io/spec-keys.js");
    expect(() => checkSpecKeys({ fixed: "y ~ 1", prior: { R: { V: 1, nu: 1, covu: true } } })).not.toThrow();
  });
});

describe("cors and sub in a fit", () => {
  it("cors(trait):g with a sub(trait):units residual: the held blocks in every draw, bit-identical for 1 or 2 threads", async () => {
    const data = Array.from({ length: 60 }, (_, i) => ({ a: Math.sin(i) + (i % 10) * 0.2, b: Math.cos(1.3 * i) + (i % 10) * 0.1, c: Math.sin(0.7 * i) - (i % 10) * 0.15, g: `g${i % 10}` }));
    const spec = {
      fixed: "cbind(a, b, c) ~ trait - 1", random: "~cors(trait):g", rcov: "~sub(trait):units", family: "gaussian" as const,
      prior: { R: { V: I3, nu: 3, fix: 3 }, G: { G1: { V: V3, nu: 3, fix: 2 } } },
    };
    const one = await fit(spec, data, { nitt: 900, burnin: 300, thin: 5, chains: 2, threads: 1, seed: 3 });
    const two = await fit(spec, data, { nitt: 900, burnin: 300, thin: 5, chains: 2, threads: 2, seed: 3 });
    expect(one.failures).toEqual([]);
    for (const name of Object.keys(one.draws)) one.draws[name].forEach((c, i) => expect(Array.from(two.draws[name][i])).toEqual(Array.from(c)));
    const d = (n: string) => one.draws[n].flatMap((c) => Array.from(c));
    expect(d("traitb:traitb.g").every((x) => x === 1) && d("traitc:traitc.g").every((x) => x === 1)).toBe(true);
    const r = d("traitc:traitb.g");
    expect(r.every((x) => Math.abs(x) < 1)).toBe(true);
    expect(new Set(r).size).toBeGreaterThan(10);
    expect(d("traitc:traitc.units").every((x) => x === 1) && d("traitc:traita.units").every((x) => x === 0)).toBe(true);
    expect(new Set(d("traitb:traita.units")).size).toBeGreaterThan(10);
    // the correlation block's Metropolis step is reported with the others
    const mh = (one.summary().sampler ?? []).find((s) => s.kernel === "G structure cors(trait):g correlations");
    expect(mh?.steps).toBeGreaterThan(0);
    expect(mh!.acceptance).toBeGreaterThan(0.1);
    expect(mh!.acceptance).toBeLessThan(0.95);
  });
});
