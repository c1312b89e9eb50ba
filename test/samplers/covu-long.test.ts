// MCMCglmm's main covu use on long-format data (family = null): y1 measured several times per id,
// y2 once per id, the id effect on y1 covarying with the y2 residual:
//   random = ~us(at.level(trait, 1)):id,
//   rcov   = ~us(at.level(trait, 2)):id + idh(at.level(trait, 1)):units,
//   prior R = {R1: {V, nu, covu: true}, R2: {V, nu}}.
// Checked: the augmented design and the model it implies against dense matrices built from
// MCMCglmm's definition over the data rows, the log prior (joint IW + R2's) against the dense IW
// density, the wide form drawing bit-identically, recovery of a simulated covariance, equivalence
// with the us(trait):id model whose y2 residual is held near zero (4-MCSE rule), threads, names.

import { Matrix, determinant, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { summariseDraws } from "../../src/diagnostics/summarise.js";
import { ModelSpecError, PriorError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";
import { predict } from "../../src/posterior/predict.js";
import { logCovariancePrior } from "../../src/priors/covariance-prior.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { buildCovuDesign } from "../../src/samplers/kernels/covu/augmented-design.js";
import { covuLogPrior, makeCovuWorkspace, splitCovuJoint } from "../../src/samplers/kernels/covu/joint-covariance.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { simulateCovuLong } from "../helpers/simulate-covu-long.js";

const RCOV = "~us(at.level(trait, 2)):id + idh(at.level(trait, 1)):units";
const PRIOR = { R: { R1: { V: [[1, 0], [0, 1]], nu: 3, covu: true }, R2: { V: 1, nu: 0.002 } } };
const covuSpec = (prior: unknown = PRIOR): ModelSpec => ({ fixed: "y ~ trait - 1", random: "~us(at.level(trait, 1)):id", rcov: RCOV, family: null, prior } as ModelSpec);
const G = "at.level(trait, 1).id", R = "at.level(trait, 2).id";
const within4Mcse = (x: Float64Array[], y: Float64Array[]) => {
  const a = summariseDraws(x, { probs: [0.025, 0.975] }), b = summariseDraws(y, { probs: [0.025, 0.975] });
  const out = [Math.abs(a.mean - b.mean) / (4 * Math.hypot(a.mcse_mean, b.mcse_mean))];
  for (let i = 0; i < 2; i++) out.push(Math.abs(a.quantiles[i].value - b.quantiles[i].value) / (4 * Math.hypot(a.quantiles[i].mcse, b.quantiles[i].mcse)));
  return Math.max(...out);
};

describe("covu on long data: the design and the prior (dense)", () => {
  // 6 ids, y1 two or three times each, y2 once; rows in no particular order
  const rows = simulateCovuLong(6, 3, { mu: [0, 0], Sigma: [1, 0.5, 1], s2: 1 }, 2).filter((r, i) => !(i % 7 === 3 && r.trait === "y1")).reverse();
  const model = buildModel(covuSpec(), frameFromRows(rows as never));
  const N = rows.length, ids = [...new Set(rows.map((r) => r.id as string))].sort(), m = ids.length;
  it("W(beta)'s G columns are Z_G + Z_R1 (beta (x) I) over the data rows, and imply MCMCglmm's joint covariance (1e-12)", () => {
    const prior = resolvePrior(model, PRIOR);
    const mme = buildMixedModelEquations(model, prior);
    const design = buildCovuDesign(model, mme.W, mme.nFixed, 0);
    const ws = makeCovuWorkspace(1, 1);
    const S = [[1.3, 0.45], [0.45, 0.9]], s2 = 0.6;
    splitCovuJoint(ws, Float64Array.from(S.flat()));
    design.refill(ws.beta);
    const gridRow = model.long!.gridRow;
    const WG = Matrix.zeros(N, m);
    const back = new Map(Array.from(gridRow, (g, i) => [g, i]));
    const first = mme.nFixed + model.randomTerms[0].zOffset;
    expect(model.randomTerms[0].levelNames[0]).toEqual(ids);
    for (let j = 0; j < m; j++) for (let e = design.W.colPtr[first + j]; e < design.W.colPtr[first + j + 1]; e++) WG.set(back.get(design.W.rowIdx[e])!, j, design.W.values[e]);
    // MCMCglmm's definition over the data rows: Z_G (y1 rows -> their id), Z_R1 (y2 rows -> their id), Z_R2 (y1 rows -> themselves)
    const ZG = Matrix.zeros(N, m), ZR = Matrix.zeros(N, m), ZR2 = Matrix.zeros(N, N);
    rows.forEach((r, i) => {
      const j = ids.indexOf(r.id as string);
      if (r.trait === "y1") { ZG.set(i, j, 1); ZR2.set(i, i, 1); } else ZR.set(i, j, 1);
    });
    expect(WG.clone().sub(ZG.clone().add(ZR.clone().mul(ws.beta[0]))).norm("max")).toBeLessThan(1e-14);
    const implied = WG.mmul(WG.transpose()).mul(ws.G[0]).add(ZR.mmul(ZR.transpose()).mul(ws.schur[0])).add(ZR2.clone().mul(s2));
    const ZGR = new Matrix(N, 2 * m);
    ZGR.setSubMatrix(ZG, 0, 0);
    ZGR.setSubMatrix(ZR, 0, m);
    const K = Matrix.zeros(2 * m, 2 * m);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let j = 0; j < m; j++) K.set(a * m + j, b * m + j, S[a][b]);
    const joint = ZGR.mmul(K).mmul(ZGR.transpose()).add(ZR2.clone().mul(s2));
    expect(implied.clone().sub(joint).norm("max")).toBeLessThan(1e-12);
  });
  it("has the log prior IW(Sigma; 3, 3 V1) + IW(s2; nu2, nu2 V2) (dense, up to the same constant)", () => {
    const prior = resolvePrior(model, { R: { R1: { V: [[1, 0.2], [0.2, 1.4]], nu: 3, covu: true }, R2: { V: 0.7, nu: 2 } } });
    expect(prior.R.map((p) => p.label)).toEqual(["R.R1 (covu: us(at.level(trait, 1)):id with us(at.level(trait, 2)):id)", "R.R2"]);
    const ws = makeCovuWorkspace(1, 1);
    const work = new Float64Array(8);
    const iw = (M: number[][], V: number[][], nu: number) => {
      const X = new Matrix(M), k = M.length;
      return -((nu + k + 1) / 2) * Math.log(determinant(X)) - 0.5 * new Matrix(V).mul(nu).mmul(inverse(X)).trace();
    };
    const total = (S: number[][], s2: number) => {
      splitCovuJoint(ws, Float64Array.from(S.flat()));
      return covuLogPrior(prior.covu!.joint, ws) + logCovariancePrior(prior.R[1], Float64Array.of(s2), work);
    };
    const a = [[1.3, 0.45], [0.45, 0.9]], b = [[0.6, -0.2], [-0.2, 2.1]];
    expect(total(a, 0.6) - total(b, 1.7)).toBeCloseTo(iw(a, [[1, 0.2], [0.2, 1.4]], 3) + iw([[0.6]], [[0.7]], 2) - iw(b, [[1, 0.2], [0.2, 1.4]], 3) - iw([[1.7]], [[0.7]], 2), 10);
  });
  it("gives an id without its y2 row MCMCglmm's dummy row: missing response, zero X and Z, beta in W(beta)", () => {
    const noY2 = rows.filter((r) => !(r.id === "id3" && r.trait === "y2"));
    const m2 = buildModel(covuSpec(), frameFromRows(noY2 as never));
    expect(m2.warnings.some((w) => w.startsWith("covu: 1 empty slot(s) of us(at.level(trait, 2)):id"))).toBe(true);
    const prior = resolvePrior(m2, PRIOR);
    const n2 = m2.nUnits, j = m2.randomTerms[0].levelNames[0].indexOf("id3");
    const dummy = Array.from(m2.residualIndex.term).findIndex((t, g) => t === 0 && m2.randomTerms[0].levelNames[0][m2.long!.residualLevel[g]] === "id3");
    expect(Math.floor(dummy / n2)).toBe(1);
    expect(m2.long!.gridRow.includes(dummy)).toBe(false);
    expect(Number.isNaN(m2.responses[1].y[dummy % n2])).toBe(true);
    for (const M of [m2.X, m2.Z]) expect(Array.from(M.rowIdx).includes(dummy)).toBe(false);
    const mme = buildMixedModelEquations(m2, prior);
    const design = buildCovuDesign(m2, mme.W, mme.nFixed, 0);
    design.refill(Float64Array.of(0.37));
    const col = mme.nFixed + m2.randomTerms[0].zOffset + j;
    const at = Array.from(design.W.rowIdx.subarray(design.W.colPtr[col], design.W.colPtr[col + 1])).indexOf(dummy);
    expect(design.W.values[design.W.colPtr[col] + at]).toBe(0.37);
  });
  it("refuses what mcglmm cannot honour, by name", () => {
    expect(() => resolvePrior(model, { R: { V: [[1, 0], [0, 1]], nu: 3, covu: true } })).toThrow(/prior R has 1 element\(s\) but rcov has 2 residual terms/);
    // an id with y2 but no y1 row: the G term lacks its level
    const noY1 = rows.filter((r) => !(r.id === "id3" && r.trait === "y1"));
    const m2 = buildModel(covuSpec(), frameFromRows(noY1 as never));
    expect(() => resolvePrior(m2, PRIOR)).toThrow(PriorError);
    expect(() => resolvePrior(m2, PRIOR)).toThrow(/number of levels in G and R structure do not match/);
    // wide data: a first residual term over some units only
    const wide = Array.from({ length: 8 }, (_, i) => ({ a: Math.sin(i), b: Math.cos(i), s: i % 2 === 0 ? "f" : "m" }));
    const wideSpec = { fixed: "cbind(a, b) ~ trait - 1", random: "~us(at.level(trait, 1)):units", rcov: "~idh(at.level(trait, 2):at.level(s, 1)):units + idh(at.level(trait, 1) + at.level(trait, 2):at.level(s, 2)):units", family: "gaussian" } as ModelSpec;
    const mw = buildModel(wideSpec, frameFromRows(wide as never));
    expect(() => resolvePrior(mw, { R: { R1: { V: [[1, 0], [0, 1]], nu: 3, covu: true }, R2: { V: [[1, 0], [0, 1]], nu: 1 } } })).toThrow(/number of levels in G and R structure do not match/);
  });
});

describe("covu on long data: fits", () => {
  it("is the wide covu (and non-covu) model with several residual terms over units, draw for draw", async () => {
    const wide = Array.from({ length: 30 }, (_, k) => ({ id: `id${String(k).padStart(2, "0")}`, y1: Math.sin(k) + 0.4 * Math.cos(2.3 * k), y2: Math.cos(1.3 * k) + 0.5 * Math.sin(k) }));
    const long = wide.flatMap((r) => [{ id: r.id, trait: "y1", family: "gaussian", y: r.y1 }, { id: r.id, trait: "y2", family: "gaussian", y: r.y2 }]);
    const settings = { nitt: 500, burnin: 100, thin: 4, chains: 1, threads: 1, seed: 4 };
    const separate = { G: { G1: { V: 1, nu: 1 } }, R: { R1: { V: 1, nu: 1 }, R2: { V: 1, nu: 0.002 } } };
    for (const prior of [PRIOR, separate]) {
      const w = await fit({ fixed: "cbind(y1, y2) ~ trait - 1", random: "~us(at.level(trait, 1)):units", rcov: "~us(at.level(trait, 2)):units + idh(at.level(trait, 1)):units", family: "gaussian", prior } as ModelSpec, wide, settings);
      const l = await fit(covuSpec(prior), long, settings);
      const rename = (x: string) => x.replace(/\.id\b/g, ".units");
      expect(Object.keys(l.draws).map(rename)).toEqual(Object.keys(w.draws));
      for (const name of Object.keys(l.draws)) expect(Array.from(l.draws[name][0])).toEqual(Array.from(w.draws[rename(name)][0]));
    }
  });

  const data = simulateCovuLong(150, 3, { mu: [1, 2], Sigma: [1, 0.6, 1.5], s2: 0.5 }, 7);
  const settings = { nitt: 6000, burnin: 1000, thin: 5, chains: 2, threads: 1 };
  it("recovers the simulated covariance of the id effect and the y2 residual, named as MCMCglmm's VCV", async () => {
    const f = await fit(covuSpec(), data, { ...settings, seed: 3 });
    expect(f.failures).toEqual([]);
    expect(Object.keys(f.draws)).toEqual(["traity1", "traity2", `${G}:${G}`, `${R}:${G}`, `${G}:${R}`, `${R}:${R}`, "at.level(trait, 1).units"]);
    const truth: Record<string, number> = { traity1: 1, traity2: 2, [`${G}:${G}`]: 1, [`${R}:${G}`]: 0.6, [`${R}:${R}`]: 1.5, "at.level(trait, 1).units": 0.5 };
    for (const [name, value] of Object.entries(truth)) {
      const s = summariseDraws(f.draws[name], { probs: [0.005, 0.995] });
      expect(value).toBeGreaterThan(s.quantiles[0].value);
      expect(value).toBeLessThan(s.quantiles[1].value);
    }
    // the covariance is found: its 99% interval excludes 0
    expect(summariseDraws(f.draws[`${R}:${G}`], { probs: [0.005] }).quantiles[0].value).toBeGreaterThan(0);
    expect(() => predict(f)).toThrow(ModelSpecError);
  }, 60_000);

  it("equals the us(trait):id model with the y2 residual held at 1e-4, every 10th id without y2 (4-MCSE rule)", async () => {
    const eps = 1e-4;
    const holes = data.filter((r) => !(r.trait === "y2" && Number((r.id as string).slice(2)) % 10 === 0));
    const covu = await fit(covuSpec(), holes, { ...settings, seed: 3 });
    expect(covu.model.warnings.some((w) => w.startsWith("covu: 15 empty slot(s)"))).toBe(true);
    const us = await fit({ fixed: "y ~ trait - 1", random: "~us(trait):id", rcov: "~idh(trait):units", family: null, prior: { G: { G1: { V: [[1, 0], [0, 1]], nu: 3 } }, R: { V: [[1, 0], [0, eps]], nu: 0.002, fix: 2 } } } as ModelSpec, holes, { ...settings, seed: 9 });
    const plus = (x: Float64Array[], c: number) => x.map((chain) => chain.map((v) => v + c));
    const pairs: [Float64Array[], Float64Array[]][] = [
      [covu.draws[`${G}:${G}`], us.draws["traity1:traity1.id"]],
      [covu.draws[`${R}:${G}`], us.draws["traity2:traity1.id"]],
      [covu.draws[`${R}:${R}`], plus(us.draws["traity2:traity2.id"], eps)],
      [covu.draws["at.level(trait, 1).units"], us.draws["traity1.units"]],
      [covu.draws.traity1, us.draws.traity1],
      [covu.draws.traity2, us.draws.traity2],
    ];
    const ratios = pairs.map(([x, y]) => within4Mcse(x, y));
    console.log(`covu vs us(trait):id: |difference| / 4 MCSE per quantity (mean, 2.5%, 97.5%; worst): ${ratios.map((r) => r.toFixed(2)).join(" ")}`);
    for (const r of ratios) expect(r).toBeLessThan(1);
  }, 90_000);

  it("draws bit-identically for 1 or 2 threads", async () => {
    const small = { nitt: 600, burnin: 100, thin: 5, chains: 2, seed: 5 };
    const one = await fit(covuSpec(), data, { ...small, threads: 1 });
    const two = await fit(covuSpec(), data, { ...small, threads: 2 });
    for (const name of Object.keys(one.draws)) one.draws[name].forEach((c, i) => expect(Array.from(two.draws[name][i])).toEqual(Array.from(c)));
  }, 60_000);
});
