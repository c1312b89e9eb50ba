// poly(x, k) in formulas: R's orthogonal polynomials, checked against R's own algorithm done by
// hand here (Householder QR of the centred Vandermonde matrix, Q diag(R), unit columns) and
// against values known in closed form.

import { Matrix, QrDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import { toDense } from "../../src/linalg/csc.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { polyColumns } from "../../src/models/formula/poly.js";

/** R's stats::poly, step by step: QR of [1, x-m, (x-m)^2, ...], Z = Q diag(R), columns scaled to unit length, constant dropped. */
function polyByQr(x: number[], degree: number): number[][] {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  const V = new Matrix(x.map((v) => Array.from({ length: degree + 1 }, (_, d) => (v - m) ** d)));
  const qr = new QrDecomposition(V);
  const Q = qr.orthogonalMatrix;
  const R = qr.upperTriangularMatrix;
  const out: number[][] = [];
  for (let j = 1; j <= degree; j++) {
    const z = x.map((_, i) => Q.get(i, j) * R.get(j, j));
    const norm = Math.sqrt(z.reduce((s, v) => s + v * v, 0));
    out.push(z.map((v) => v / norm));
  }
  return out;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
};

describe("poly", () => {
  it("poly(1:5, 2) is (-2,-1,0,1,2)/sqrt(10) and (2,-1,-2,-1,2)/sqrt(14)", () => {
    const [p1, p2] = polyColumns(Float64Array.from([1, 2, 3, 4, 5]), 2, false, "x");
    close(p1, [-2, -1, 0, 1, 2].map((v) => v / Math.sqrt(10)), 1e-15);
    close(p2, [2, -1, -2, -1, 2].map((v) => v / Math.sqrt(14)), 1e-15);
  });

  it("equals R's QR algorithm on uneven, repeated values up to degree 4 (1e-12)", () => {
    const x = [0.3, 2.5, 2.5, 7.1, -1.2, 4.4, 0.3, 9.9, 3.3, 5.0, -2.2, 6.1];
    const ours = polyColumns(Float64Array.from(x), 4, false, "x");
    const byQr = polyByQr(x, 4);
    ours.forEach((col, j) => close(col, byQr[j], 1e-12));
    // orthonormal and orthogonal to the constant
    for (const a of ours) {
      expect(Math.abs(a.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12);
      for (const b of ours) expect(Math.abs(a.reduce((s, v, i) => s + v * b[i], 0) - (a === b ? 1 : 0))).toBeLessThan(1e-12);
    }
  });

  const rows = [1, 2, 4, 7, 8, 11, 12, 15].map((x, i) => ({ y: Math.sin(x) + i / 10, x, g: i % 2 ? "a" : "b" }));

  it("names fixed-effect columns as R's model.matrix (poly(x, 2)1, poly(x, 2)2; one column unsuffixed; raw powers)", () => {
    const m = buildModel({ fixed: "y ~ poly(x, 2)" }, frameFromRows(rows));
    expect(m.fixedNames).toEqual(["(Intercept)", "poly(x, 2)1", "poly(x, 2)2"]);
    const X = toDense(m.X);
    const expected = polyByQr(rows.map((r) => r.x), 2);
    close(rows.map((_, i) => X[i * 3 + 2]), expected[1], 1e-12);
    expect(buildModel({ fixed: "y ~ poly(x, 1)" }, frameFromRows(rows)).fixedNames).toEqual(["(Intercept)", "poly(x, 1)"]);
    const raw = buildModel({ fixed: "y ~ poly(x, degree = 2, raw = TRUE)" }, frameFromRows(rows));
    expect(raw.fixedNames).toEqual(["(Intercept)", "poly(x, degree = 2, raw = TRUE)1", "poly(x, degree = 2, raw = TRUE)2"]);
    expect(toDense(raw.X)[3 * 3 + 2]).toBe(49);
  });

  it("works in random regressions: us(poly(x, 2)):g with MCMCglmm's names", () => {
    const m = buildModel({ fixed: "y ~ 1", random: "~us(poly(x, 2)):g" }, frameFromRows(rows));
    expect(m.randomTerms[0].coefNames).toEqual(["poly(x, 2)1", "poly(x, 2)2"]);
    expect(m.randomTerms[0].vcvNames).toEqual(["poly(x, 2)1:poly(x, 2)1.g", "poly(x, 2)2:poly(x, 2)1.g", "poly(x, 2)1:poly(x, 2)2.g", "poly(x, 2)2:poly(x, 2)2.g"]);
    expect(m.randomNames[0]).toBe("poly(x, 2)1.g.a");
  });

  it("rejects missing values (naming the row), too high a degree, and bad arguments", () => {
    const withNa = rows.map((r, i) => (i === 2 ? { ...r, x: null } : r));
    expect(() => buildModel({ fixed: "y ~ poly(x, 2)" }, frameFromRows(withNa))).toThrow(/poly\(x, 2\) \(in .*\): row 3 is missing/);
    expect(() => polyColumns(Float64Array.from([1, 1, 2]), 2, false, "x")).toThrow(DataError);
    expect(() => buildModel({ fixed: "y ~ poly(x, 0)" }, frameFromRows(rows))).toThrow(ModelSpecError);
    expect(() => buildModel({ fixed: "y ~ poly(x, 2, coefs = 1)" }, frameFromRows(rows))).toThrow(/unknown argument "coefs"/);
    expect(() => buildModel({ fixed: "y ~ poly(x, g, 2)" }, frameFromRows(rows))).toThrow(ModelSpecError);
  });
});

describe("poly and newdata", () => {
  it("refuses newdata predictions with orthogonal poly() (the basis would change) but allows raw powers", async () => {
    const { predictionDesign } = await import("../../src/models/newdata.js");
    const rows = [1, 2, 4, 7, 8].map((x) => ({ y: x / 2, x }));
    const ortho = buildModel({ fixed: "y ~ poly(x, 2)" }, frameFromRows(rows));
    expect(() => predictionDesign(ortho, frameFromRows([{ x: 3 }]))).toThrow(/poly\(\.\.\., raw = TRUE\)/);
    expect(predictionDesign(ortho).X.ncol).toBe(3);
    const raw = buildModel({ fixed: "y ~ poly(x, 2, raw = TRUE)" }, frameFromRows(rows));
    expect(toDense(predictionDesign(raw, frameFromRows([{ x: 3 }])).X)).toEqual(Float64Array.from([1, 3, 9]));
  });
});
