// mev (known sampling variances): MCMCglmm's extra term us(sqrt(mev)):meta, its fixed prior and
// its input errors.

import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError, PriorError } from "../../src/errors.js";
import { toDense } from "../../src/linalg/csc.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";

const rows = [
  { y: 0.1, vi: 0.04, a: 1, b: 0.09, s: "s1" },
  { y: 0.4, vi: 0.25, a: 2, b: 0.16, s: "s2" },
  { y: -0.2, vi: 0.01, a: 3, b: 0.01, s: "s3" },
];
const prior = { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } };

describe("mev", () => {
  it("adds one Z column per observation holding sqrt(v_i), named as MCMCglmm, after the other random terms", () => {
    const model = buildModel({ fixed: "y ~ 1", random: "~s", mev: "vi", prior }, frameFromRows(rows));
    expect(model.randomTerms.map((t) => t.vcvNames)).toEqual([["s"], ["sqrt(mev):sqrt(mev).meta"]]);
    expect(model.randomNames.slice(3)).toEqual(["sqrt(mev).meta.1", "sqrt(mev).meta.2", "sqrt(mev).meta.3"]);
    const Z = toDense(model.Z);
    const q = model.Z.ncol;
    // columns 3..5: a diagonal of sqrt(vi), so Z_mev Z_mev' = diag(vi) is added to the residual
    for (let r = 0; r < 3; r++) for (let j = 0; j < 3; j++) expect(Z[r * q + 3 + j]).toBeCloseTo(r === j ? Math.sqrt(rows[r].vi) : 0, 15);
    const p = resolvePrior(model, prior);
    expect(p.G[1]).toMatchObject({ label: "G.mev", dim: 1, nu: 1, fixFrom: 0 });
    expect(Array.from(p.G[1].V)).toEqual([1]);
  });

  it("takes prior G for the user's terms only (MCMCglmm appends the mev prior)", () => {
    const model = buildModel({ fixed: "y ~ 1", random: "~s", mev: "vi" }, frameFromRows(rows));
    expect(() => resolvePrior(model, { ...prior, G: { G1: { V: 1, nu: 1 }, G2: { V: 1, nu: 1 } } })).toThrow(PriorError);
    const alone = buildModel({ fixed: "y ~ 1", mev: "vi" }, frameFromRows(rows));
    expect(resolvePrior(alone, { R: { V: 1, nu: 0.002 } }).G).toHaveLength(1);
  });

  it("stacks one column per trait in a multi-trait model", () => {
    const model = buildModel({ fixed: "cbind(y, a) ~ trait - 1", rcov: "~us(trait):units", family: ["gaussian", "gaussian"], mev: ["vi", "b"] }, frameFromRows(rows));
    const Z = toDense(model.Z);
    expect(model.Z.ncol).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((r) => Z[r * 6 + r])).toEqual([0.2, 0.5, 0.1, 0.3, 0.4, 0.1].map((x) => expect.closeTo(x, 15)));
    expect(() => buildModel({ fixed: "cbind(y, a) ~ trait - 1", rcov: "~us(trait):units", family: ["gaussian", "gaussian"], mev: "vi" }, frameFromRows(rows))).toThrow(ModelSpecError);
  });

  it("rejects missing, zero or negative sampling variances naming the row, and unknown or factor columns", () => {
    const bad = (vi: unknown) => frameFromRows(rows.map((r, k) => (k === 1 ? { ...r, vi } : r)));
    expect(() => buildModel({ fixed: "y ~ 1", mev: "vi" }, bad(null))).toThrow(/"mev" column "vi" is missing at row 2/);
    expect(() => buildModel({ fixed: "y ~ 1", mev: "vi" }, bad(0))).toThrow(/has 0 at row 2; sampling variances must be positive/);
    expect(() => buildModel({ fixed: "y ~ 1", mev: "vi" }, bad(-1))).toThrow(DataError);
    expect(() => buildModel({ fixed: "y ~ 1", mev: "v" }, bad(1))).toThrow(/"mev" names column "v", which is not in the data/);
    expect(() => buildModel({ fixed: "y ~ 1", mev: "s" }, bad(1))).toThrow(/must be numeric/);
  });
});

describe("mev in predictions", () => {
  it("lays out the mev term for the training rows (its own columns) and for new rows (unseen levels, their own sqrt(v))", async () => {
    const { predictionDesign } = await import("../../src/models/newdata.js");
    const model = buildModel({ fixed: "y ~ 1", random: "~s", mev: "vi", prior }, frameFromRows(rows));
    const train = predictionDesign(model);
    expect(train.terms).toHaveLength(2);
    expect(Array.from(train.terms[1].column)).toEqual([3, 4, 5]);
    expect(Array.from(train.terms[1].coef)).toEqual([0.2, 0.5, 0.1].map((x) => expect.closeTo(x, 15)));
    const fresh = predictionDesign(model, frameFromRows([{ s: "s1", vi: 0.36 }]));
    expect(Array.from(fresh.terms[1].column)).toEqual([-1]);
    expect(fresh.terms[1].coef[0]).toBeCloseTo(0.6, 15);
    expect(() => predictionDesign(model, frameFromRows([{ s: "s1" }]))).toThrow(DataError);
  });
});

describe("mev in derived quantities", () => {
  it("leaves the mev variance out of the phenotypic variance of a heritability", async () => {
    const { defaultDerived } = await import("../../src/posterior/derived.js");
    const animalRows = rows.map((r, k) => ({ ...r, animal: `a${k + 1}` }));
    const Ainv = { levels: ["a1", "a2", "a3"], Ainv: { nrow: 3, ncol: 3, colPtr: Int32Array.of(0, 1, 2, 3), rowIdx: Int32Array.of(0, 1, 2), values: Float64Array.of(1, 1, 1) } };
    const model = buildModel({ fixed: "y ~ 1", random: "~animal", mev: "vi" }, frameFromRows(animalRows), { ginverse: { animal: Ainv } });
    const h2 = defaultDerived(model).h2;
    expect(h2({ animal: 2, units: 6, "sqrt(mev):sqrt(mev).meta": 1 })).toBeCloseTo(0.25, 15);
  });
});
