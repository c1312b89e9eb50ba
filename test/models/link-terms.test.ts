// The linking functions str and mm (models/structures/links.ts, link-term.ts): Z built from
// several factors on one set of levels, MCMCglmm's column and VCV names, the G-inverse
// contribution to the mixed-model equations against a dense computation, and the errors.

import { Matrix, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import type { Csc } from "../../src/linalg/csc.js";
import { fillAssembly } from "../../src/linalg/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import type { Model } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";

const rows = [
  { y: 1.2, a: "p", b: "q", x: 0.5 },
  { y: 0.3, a: "q", b: "r", x: -1 },
  { y: -0.7, a: "r", b: "p", x: 2 },
  { y: 2.1, a: "p", b: "p", x: 1.5 },
  { y: 0.9, a: "q", b: null, x: -0.2 },
  { y: -1.4, a: "r", b: "q", x: 0.1 },
];
const levels = ["p", "q", "r"];
const indicator = (col: string, sign = 1) => rows.map((r) => levels.map((l) => ((r as Record<string, unknown>)[col] === l ? sign : 0)));

function dense(Z: Csc): number[][] {
  const out = Array.from({ length: Z.nrow }, () => new Array<number>(Z.ncol).fill(0));
  for (let j = 0; j < Z.ncol; j++) for (let e = Z.colPtr[j]; e < Z.colPtr[j + 1]; e++) out[Z.rowIdx[e]][j] += Z.values[e];
  return out;
}
const hcat = (...blocks: number[][][]) => blocks[0].map((_, r) => blocks.flatMap((b) => b[r]));
const scaleRows = (M: number[][], x: number[]) => M.map((row, r) => row.map((v) => v * x[r] + 0));
const plus = (A: number[][], B: number[][]) => A.map((row, r) => row.map((v, c) => v + B[r][c]));
const model = (random: string) => buildModel({ fixed: "y ~ 1", random, family: "gaussian" }, frameFromRows(rows));
const x = rows.map((r) => r.x);

describe("str(a + b): one block of effects per factor, covarying", () => {
  it("builds Z = [Z_a, Z_b] over the common levels, with MCMCglmm's names", () => {
    const m = model("~str(a + b)");
    expect(dense(m.Z)).toEqual(hcat(indicator("a"), indicator("b")));
    expect(m.randomNames).toEqual(["a.p", "a.q", "a.r", "b.p", "b.q", "b.r"]);
    const t = m.randomTerms[0];
    expect(t.structure).toBe("us");
    expect(t.coefNames).toEqual(["a", "b"]);
    // expand.grid(rterms, rterms) pasted with ".": column-major over the 2 x 2 matrix
    expect(t.vcvNames).toEqual(["a.a", "b.a", "a.b", "b.b"]);
    expect(t.nLevels).toEqual([3, 3]);
  });

  it("us(1 + x):str(a + b) pairs each coefficient with each factor, coefficient-major", () => {
    const m = model("~us(1 + x):str(a + b)");
    const Za = indicator("a"), Zb = indicator("b");
    expect(dense(m.Z)).toEqual(hcat(Za, Zb, scaleRows(Za, x), scaleRows(Zb, x)));
    const t = m.randomTerms[0];
    expect(t.coefNames).toEqual(["a:(Intercept)", "b:(Intercept)", "a:x", "b:x"]);
    expect(t.vcvNames.slice(0, 5)).toEqual(["a:(Intercept).a:(Intercept)", "b:(Intercept).a:(Intercept)", "a:x.a:(Intercept)", "b:x.a:(Intercept)", "a:(Intercept).b:(Intercept)"]);
    expect(t.vcvNames).toHaveLength(16);
    expect(m.randomNames[0]).toBe("(Intercept).a.p");
    expect(m.randomNames[9]).toBe("x.b.p");
  });

  it("codes the other factors on a relationship matrix's levels (dam on the pedigree's animals)", () => {
    const ped = parsePedigree('animal,dam,sire\nd1,NA,NA\ns1,NA,NA\nk1,d1,s1\nk2,d1,s1\nk3,k1,s1\n');
    const { Ainv, ids } = inverseA(ped);
    const data = [
      { y: 1, animal: "k1", dam: "d1" }, { y: 2, animal: "k2", dam: "d1" }, { y: 0, animal: "k3", dam: "k1" }, { y: 1, animal: "d1", dam: null },
    ];
    const m = buildModel({ fixed: "y ~ 1", random: "~str(animal + dam)", family: "gaussian" }, frameFromRows(data), { pedigree: { levels: ids, Ainv } });
    const t = m.randomTerms[0];
    expect(t.ginverse).toBe(Ainv);
    expect(t.nLevels).toEqual([ids.length, ids.length]);
    const Z = dense(m.Z);
    const at = (id: string) => ids.indexOf(id);
    data.forEach((r, i) => {
      const expected = new Array<number>(2 * ids.length).fill(0);
      expected[at(r.animal)] = 1;
      if (r.dam !== null) expected[ids.length + at(r.dam)] = 1;
      expect(Z[i]).toEqual(expected);
    });
    expect(() => buildModel({ fixed: "y ~ 1", random: "~str(animal + dam)", family: "gaussian" }, frameFromRows([...data, { y: 0, animal: "k1", dam: "zz" }]), { pedigree: { levels: ids, Ainv } }))
      .toThrow(DataError);
  });

  it("puts G^-1 (x) A^-1 in the mixed-model equations (dense check)", () => {
    const ped = parsePedigree("animal,dam,sire\nd1,NA,NA\ns1,NA,NA\nk1,d1,s1\nk2,d1,s1\nk3,k1,s1\n");
    const { Ainv, ids } = inverseA(ped);
    const data = [{ y: 1, animal: "k1", dam: "d1" }, { y: 2, animal: "k2", dam: "d1" }, { y: 0, animal: "k3", dam: "k1" }, { y: 1, animal: "s1", dam: null }];
    const m = buildModel({ fixed: "y ~ 1", random: "~str(animal + dam)", family: "gaussian" }, frameFromRows(data), { pedigree: { levels: ids, Ainv } });
    const G = [[1.3, -0.4], [-0.4, 0.7]], rVar = 0.8;
    const C = assembledC(m, G, rVar);
    const Ai = new Matrix(dense(Ainv)); // stored full symmetric
    const Gi = inverse(new Matrix(G));
    const W = new Matrix(hcat(dense(m.X), dense(m.Z)));
    const expected = W.transpose().mmul(W).div(rVar);
    expected.set(0, 0, expected.get(0, 0) + 1e-10);
    const q = ids.length;
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) {
      expected.set(1 + a * q + i, 1 + b * q + j, expected.get(1 + a * q + i, 1 + b * q + j) + Gi.get(a, b) * Ai.get(i, j));
    }
    for (let i = 0; i < C.length; i++) for (let j = 0; j < C.length; j++) expect(C[i][j]).toBeCloseTo(expected.get(i, j), 9);
  });

  it("refuses what MCMCglmm cannot mean", () => {
    expect(() => model("~idh(1 + x):str(a + b)")).toThrow(ModelSpecError);
    expect(() => model("~str(a + b):x")).toThrow(ModelSpecError);
    expect(() => model("~str(a:b + x)")).toThrow(ModelSpecError);
    expect(() => model("~str(a - b)")).toThrow(ModelSpecError);
    expect(() => model("~str(a)")).toThrow(ModelSpecError);
    expect(() => buildModel({ fixed: "y ~ 1", rcov: "~str(a + b)", family: "gaussian" }, frameFromRows(rows))).toThrow(ModelSpecError);
  });
});

describe("mm(a + b): multi-membership", () => {
  it("builds Z = Z_a + Z_b over the common levels, named by the first factor", () => {
    const m = model("~mm(a + b)");
    expect(dense(m.Z)).toEqual(plus(indicator("a"), indicator("b")));
    expect(m.randomNames).toEqual(["a.p", "a.q", "a.r"]);
    expect(m.randomTerms[0].vcvNames).toEqual(["a+b"]);
    expect(m.randomTerms[0].factor).toBe("a+b");
  });

  it("subtracts a factor written with '-' and keeps the name a+b (MCMCglmm's)", () => {
    const m = model("~mm(a - b)");
    expect(dense(m.Z)).toEqual(plus(indicator("a"), indicator("b", -1)));
    expect(m.randomTerms[0].vcvNames).toEqual(["a+b"]);
  });

  it("takes a variance function over a sub-formula: idh(1 + x):mm(a + b)", () => {
    const m = model("~idh(1 + x):mm(a + b)");
    const Zm = plus(indicator("a"), indicator("b"));
    expect(dense(m.Z)).toEqual(hcat(Zm, scaleRows(Zm, x)));
    expect(m.randomTerms[0].vcvNames).toEqual(["(Intercept).a+b", "x.a+b"]);
    expect(model("~us(1 + x):mm(a + b)").randomTerms[0].vcvNames).toEqual(["(Intercept):(Intercept).a+b", "x:(Intercept).a+b", "(Intercept):x.a+b", "x:x.a+b"]);
  });

  it("uses the union of the factors' levels when the data do not share them", () => {
    const data = [{ y: 1, a: "p", b: "s" }, { y: 2, a: "q", b: "p" }, { y: 0, a: "p", b: "q" }];
    const m = buildModel({ fixed: "y ~ 1", random: "~mm(a + b)", family: "gaussian" }, frameFromRows(data));
    expect(m.randomNames).toEqual(["a.p", "a.q", "a.s"]);
    expect(dense(m.Z)).toEqual([[1, 0, 1], [1, 1, 0], [1, 1, 0]]);
  });

  it("puts sigma^-2 I in the mixed-model equations (dense check)", () => {
    const m = model("~mm(a + b)");
    const C = assembledC(m, [[0.6]], 1.7);
    const W = new Matrix(hcat(dense(m.X), dense(m.Z)));
    const expected = W.transpose().mmul(W).div(1.7);
    expected.set(0, 0, expected.get(0, 0) + 1e-10);
    for (let i = 1; i < 4; i++) expected.set(i, i, expected.get(i, i) + 1 / 0.6);
    for (let i = 0; i < C.length; i++) for (let j = 0; j < C.length; j++) expect(C[i][j]).toBeCloseTo(expected.get(i, j), 9);
  });
});

/** C = W' R^-1 W + blockdiag(B^-1, G^-1 (x) A^-1) as the location kernel assembles it, dense. */
function assembledC(m: Model, G: number[][], rVar: number): number[][] {
  const prior = resolvePrior(m, { B: { mu: 0, V: 1e10 }, R: { V: 1, nu: 1 }, G: { G1: { V: G.length === 1 ? 1 : [[1, 0], [0, 1]], nu: 1 } } });
  const mme = buildMixedModelEquations(m, prior);
  const Gi = inverse(new Matrix(G));
  const coefficients = mme.sources.map((s) => (s.kind === "constant" ? 1 : s.kind === "residual" ? 1 / rVar : Gi.get(s.a, s.b)));
  const values = new Float64Array(mme.plan.pattern.colPtr[mme.size]);
  fillAssembly(mme.plan, coefficients, values);
  const C = dense({ ...mme.plan.pattern, values });
  // the pattern may hold one triangle only: mirror it
  const n = C.length;
  const upperOnly = C.every((row, i) => row.every((v, j) => j >= i || v === 0));
  if (upperOnly) for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) C[i][j] = C[j][i];
  return C;
}

describe("predictions with str and mm terms", () => {
  // every row belongs to a level of each factor: the linear predictor conditioned on the effects is
  // X beta + Z u with the fit's Z, and marginalising adds the variance of the memberships' sum
  const data = Array.from({ length: 40 }, (_, i) => ({ y: Math.sin(i) + (i % 3), a: `l${i % 5}`, b: `l${(i * 3 + 1) % 7 % 5}`, x: Math.cos(i) }));

  it.each(["~str(a + b)", "~mm(a + b)", "~us(1 + x):str(a + b)", "~idh(1 + x):mm(a - b)"])("%s: conditional predictions equal X beta + Z u per draw", async (random) => {
    const { fit } = await import("../../src/fit.js");
    const { predict } = await import("../../src/posterior/predict.js");
    const k = random.includes("us(") ? 4 : 2;
    const V = random.includes("mm") ? (random.includes("idh") ? [[1, 0], [0, 1]] : 1) : diag(k);
    const result = await fit({ fixed: "y ~ 1", random, family: "gaussian", pr: true, prior: { R: { V: 1, nu: 1 }, G: { G1: { V, nu: k + 1 } } } }, data, { nitt: 300, burnin: 100, thin: 10, chains: 1, seed: 2 });
    const m = result.model;
    const pred = predict(result, { marginal: null });
    const X = dense(m.X), Z = dense(m.Z);
    const nd = result.draws["(Intercept)"][0].length;
    for (let r = 0; r < data.length; r++) {
      let mean = 0;
      for (let d = 0; d < nd; d++) {
        let eta = X[r][0] * result.draws["(Intercept)"][0][d];
        m.randomNames.forEach((name, j) => { if (Z[r][j] !== 0) eta += Z[r][j] * result.draws[name][0][d]; });
        mean += eta / nd;
      }
      expect(pred.fit[r]).toBeCloseTo(mean, 10);
    }
  });

  it("marginal predictions of mm(a + b) have the latent variance of the memberships' sum", async () => {
    const { fit } = await import("../../src/fit.js");
    const { latentScale, marginalisedTerms } = await import("../../src/posterior/linear-predictor.js");
    const { predictionDesign } = await import("../../src/models/newdata.js");
    const { drawReader } = await import("../../src/posterior/draw-access.js");
    const { createStream } = await import("../../src/random/index.js");
    const result = await fit({ fixed: "y ~ 1", random: "~mm(a + b)", family: "gaussian", prior: { R: { V: 1, nu: 1 }, G: { G1: { V: 1, nu: 1 } } } }, data, { nitt: 200, burnin: 100, thin: 50, chains: 1, seed: 2 });
    const design = predictionDesign(result.model);
    const reader = drawReader(result.model, result.chainDraws);
    reader.load(0, 0);
    const scale = latentScale(result.model, design, reader, marginalisedTerms(result.model, undefined));
    scale.update(createStream(1, 0));
    const s2 = result.draws["a+b"][0][0], ve = result.draws["units"][0][0];
    data.forEach((row, r) => expect(scale.cov[r]).toBeCloseTo(ve + (row.a === row.b ? 4 : 2) * s2, 10));
  });
});

function diag(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
}

describe("mult.memb(~ f1 + f2): multi-membership design inside idv()", () => {
  const data = [
    { y: 1, a: "p", b: "q", w1: 0.5, w2: 0.5 },
    { y: 2, a: "q", b: "r", w1: 0.25, w2: 0.75 },
    { y: 0, a: "p", b: "p", w1: 1, w2: 0 },
    { y: 3, a: "r", b: "q", w1: 0.6, w2: 0.4 },
  ];
  const build = (random: string) => buildModel({ fixed: "y ~ 1", random, family: "gaussian" }, frameFromRows(data));

  it("sums the factors' indicators (as mm) into the columns of one idv term", () => {
    const m = build("~idv(mult.memb(~a + b))");
    expect(dense(m.Z)).toEqual([[1, 1, 0], [0, 1, 1], [2, 0, 0], [0, 1, 1]]);
    expect(m.randomTerms[0].vcvNames).toEqual(["mult.memb(~a+b)."]);
    expect(m.randomNames[0]).toBe("mult.memb(~a + b)ap..1");
  });

  it("weights each membership by w:f", () => {
    const m = build("~idv(mult.memb(~w1:a + w2:b))");
    expect(dense(m.Z)).toEqual([[0.5, 0.5, 0], [0, 0.25, 0.75], [1, 0, 0], [0, 0.4, 0.6]]);
  });

  it("refuses a term that is not a factor or a weighted factor", () => {
    expect(() => build("~idv(mult.memb(~w1 + a))")).toThrow(ModelSpecError);
    expect(() => build("~idv(mult.memb(a + b))")).toThrow(ModelSpecError);
  });
});
