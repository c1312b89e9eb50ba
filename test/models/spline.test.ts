// MCMCglmm's spl(): the low-rank thin-plate basis against a dense SVD computation of its
// definition, R's type-7 knots, and the penalised-spline term ~idv(spl(x)) (no grouping factor).

import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../src/errors.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { lowRankThinPlateBasis, quantileType7 } from "../../src/models/spline.js";

describe("spl: low-rank thin-plate spline basis", () => {
  it("takes R's type-7 quantiles as knots", () => {
    expect(quantileType7([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1 / 3)).toBeCloseTo(4, 12);
    expect(quantileType7([8, 1, 4, 2], 0.5)).toBeCloseTo(3, 12);
    expect(quantileType7([3, NaN, 1, 2], 0.25)).toBeCloseTo(1.5, 12);
  });

  it("is Z0 V D^-1/2 U' with Omega = U D V' (dense SVD check)", () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.3) * 3 + i / 10);
    const k = 6;
    const basis = lowRankThinPlateBasis(x, k, null, "test");
    const kappa = Array.from({ length: k }, (_, j) => quantileType7(x, (j + 1) / (k + 1)));
    const Z0 = new Matrix(Array.from(x, (v) => kappa.map((c) => Math.abs(v - c) ** 3)));
    const omega = new Matrix(kappa.map((a) => kappa.map((b) => Math.abs(a - b) ** 3)));
    const svd = new SingularValueDecomposition(omega);
    const d = svd.diagonal;
    const expected = Z0.mmul(svd.rightSingularVectors).mmul(Matrix.diag(d.map((s) => 1 / Math.sqrt(s)))).mmul(svd.leftSingularVectors.transpose());
    expect(basis).toHaveLength(k);
    for (let i = 0; i < x.length; i++) for (let j = 0; j < k; j++) expect(basis[j][i]).toBeCloseTo(expected.get(i, j), 8);
  });

  it("takes given knots and refuses other spline types", () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ y: Math.cos(i), x: i / 4 }));
    const m = buildModel({ fixed: "y ~ x", random: "~idv(spl(x, knots = c(1, 2, 3)))", family: "gaussian" }, frameFromRows(rows));
    expect(m.Z.ncol).toBe(3);
    expect(() => buildModel({ fixed: "y ~ x", random: '~idv(spl(x, type = "cubic"))', family: "gaussian" }, frameFromRows(rows))).toThrow(ModelSpecError);
  });

  it("makes a penalised spline term without a grouping factor, named as MCMCglmm", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ y: Math.sin(i / 3), x: i / 3 }));
    const m = buildModel({ fixed: "y ~ x", random: "~idv(spl(x, k = 4))", family: "gaussian" }, frameFromRows(rows));
    const t = m.randomTerms[0];
    expect(t.vcvNames).toEqual(["spl(x,k=4)."]);
    expect(t.nLevels).toEqual([1, 1, 1, 1]);
    expect(m.randomNames).toEqual(["spl(x, k = 4)1..1", "spl(x, k = 4)2..1", "spl(x, k = 4)3..1", "spl(x, k = 4)4..1"]);
  });
});
