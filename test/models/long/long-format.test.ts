// Long-format data (family = null, models/long/): MCMCglmm's checks of the trait and family
// columns and of the R-structure, named by column, row and term; where the rows go on mcglmm's
// unit x trait grid; and the residual precision of several terms with id-level blocks against
// the dense block-diagonal R built from MCMCglmm's definition over the data rows.

import { Matrix, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../../src/errors.js";
import { frameFromRows } from "../../../src/models/frame.js";
import { buildModel } from "../../../src/models/model.js";
import type { ModelSpec } from "../../../src/models/types.js";
import { residualPrecision } from "../../../src/samplers/kernels/location/residual.js";

type Row = Record<string, string | number | null>;
const build = (rows: Row[], spec: Partial<ModelSpec> = {}) => buildModel({ fixed: "y ~ trait - 1", rcov: "~us(trait):id", family: null, ...spec }, frameFromRows(rows as never));

// y1 twice per id, y2 once, y3 once except for id i2
function threeTraits(): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < 5; k++) {
    for (let i = 0; i < 2; i++) rows.push({ id: `i${k}`, trait: "y1", family: "gaussian", y: Math.sin(3 * k + i) });
    rows.push({ id: `i${k}`, trait: "y2", family: "gaussian", y: Math.cos(k) });
    if (k !== 2) rows.push({ id: `i${k}`, trait: "y3", family: "gaussian", y: 0.5 * k - 1 });
  }
  return rows;
}
const SEVERAL = "~us(at.level(trait, c(2, 3))):id + idh(at.level(trait, 1)):units";

describe("family = null: the trait and family columns (DataError naming column and row)", () => {
  const ok: Row[] = [{ id: "a", trait: "y1", family: "gaussian", y: 1 }, { id: "a", trait: "y2", family: "poisson", y: 3 }];
  it("needs both columns, as factors, on every row", () => {
    expect(() => build(ok.map(({ family, ...r }) => r), { rcov: "~units" })).toThrow(DataError);
    expect(() => build(ok.map(({ family, ...r }) => r), { rcov: "~units" })).toThrow(/"family" column/);
    expect(() => build(ok.map(({ trait, ...r }) => r), { rcov: "~units" })).toThrow(/"trait" column/);
    expect(() => build([ok[0], { ...ok[1], trait: null }], { rcov: "~units" })).toThrow(/column "trait" is missing at data row 2/);
    expect(() => build([{ ...ok[0], family: null }, ok[1]], { rcov: "~units" })).toThrow(/column "family" is missing at data row 1/);
    expect(() => build([{ ...ok[0], trait: 1 }, { ...ok[1], trait: 2 }], { rcov: "~units" })).toThrow(/"trait" must be a factor/);
  });
  it("refuses an unknown family, a trait with two families, and families of several columns or liabilities", () => {
    expect(() => build([ok[0], { ...ok[1], family: "gausian" }], { rcov: "~units" })).toThrow(/column "family", data row 2: unknown family "gausian"/);
    expect(() => build([...ok, { id: "b", trait: "y1", family: "poisson", y: 2 }], { rcov: "~units" })).toThrow(/trait "y1" has two families: "gaussian" \(data row 1\) and "poisson" \(data row 3\)/);
    expect(() => build([ok[0], { ...ok[1], family: "zipoisson" }], { rcov: "~units" })).toThrow(ModelSpecError);
    expect(() => build([ok[0], { ...ok[1], family: "zipoisson" }], { rcov: "~units" })).toThrow(/family "zipoisson" \(trait "y2", data row 2\) cannot be used with family = null/);
    const cat = [{ id: "a", trait: "y1", family: "categorical", y: "p" }, { id: "a", trait: "y1", family: "categorical", y: "q" }, ...["p", "q", "r"].map((c) => ({ id: "a", trait: "y2", family: "categorical", y: c }))];
    expect(() => build(cat, { rcov: "~units" })).toThrow(/trait "y2" \(family "categorical"\) has 2 latent traits/);
  });
  it("refuses what is laid out per unit and trait (pl, start liab, mev, prior_only)", () => {
    expect(() => build(ok, { rcov: "~units", pl: true })).toThrow(/pl \(saving the latent variables\) with family = null/);
    expect(() => build(ok, { rcov: "~units", start: { liab: [0, 0] } } as never)).toThrow(/start liab with family = null/);
    expect(() => build(ok, { rcov: "~units", prior_only: true })).toThrow(/prior_only with family = null/);
    expect(() => build(ok, { rcov: "~units", pl: true })).toThrow(ModelSpecError);
  });
  it("warns when wide data carry a family column, which MCMCglmm refuses", () => {
    const model = buildModel({ fixed: "y ~ 1", family: "gaussian" }, frameFromRows(ok.map(({ trait, ...r }) => r) as never));
    expect(model.warnings.some((w) => w.startsWith('the data have a "family" column, which is not used'))).toBe(true);
  });
  it("keeps a trait column out of wide models' reserved names only with family = null", () => {
    expect(() => buildModel({ fixed: "y ~ 1", family: "gaussian" }, frameFromRows(ok as never))).toThrow(/"trait" is a reserved name/);
  });
});

describe("family = null: MCMCglmm's R-structure rules (ModelSpecError naming the term)", () => {
  const rows = threeTraits();
  it("each residual unique to a data point: y1 twice per id in us(trait):id", () => {
    expect(() => build(rows)).toThrow(/term "us\(trait\):id" gives one residual \(traity1, level "i0" of "id"\) to several data rows \(1, 2\)/);
  });
  it("each data point in exactly one residual term", () => {
    expect(() => build(rows, { rcov: "~us(at.level(trait, c(2, 3))):id" })).toThrow(/data row 1 has no residual/);
    expect(() => build(rows, { rcov: "~us(at.level(trait, c(2, 3))):id + units" })).toThrow(/data row 3 has a residual in both/);
  });
  it("no random regressions in the R-structure", () => {
    const x = rows.map((r, i) => ({ ...r, x: 1 + (i % 3) }));
    expect(() => build(x, { rcov: "~us(x):units" })).toThrow(/random regression/);
  });
  it("at most one row per trait in a residual block (mcglmm's grid)", () => {
    const twoSexes = rows.map((r, i) => ({ ...r, s: i % 2 === 0 ? "f" : "m" }));
    expect(() => build(twoSexes, { rcov: "~us(at.level(trait, 1):s):id + us(at.level(trait, c(2, 3))):id" })).toThrow(/level "i0" of "id" in residual term .* holds two rows of one trait \(data rows 1 and 2\)/);
  });
});

describe("family = null: a residual term without covariances", () => {
  it("idh(s):id splits into one block per slot, so two rows of one trait in an id are accepted (precision 1 / variance)", () => {
    const rows: Row[] = [];
    for (let k = 0; k < 6; k++) for (const s of ["f", "m"]) rows.push({ id: `i${k}`, s, trait: "y1", family: "gaussian", y: Math.sin(k) + (s === "f" ? 1 : 0) });
    const model = build(rows, { fixed: "y ~ 1", rcov: "~idh(s):id" });
    const precision = residualPrecision(model);
    precision.refresh(Float64Array.of(1.5, 0, 0, 0.5));
    rows.forEach((r, i) => {
      const u = model.long!.gridRow[i] % model.nUnits;
      expect(precision.inverses[precision.layout.patternOf[u]][0]).toBeCloseTo(r.s === "f" ? 1 / 1.5 : 2, 14);
    });
    expect(() => build(rows, { fixed: "y ~ 1", rcov: "~us(s):id" })).toThrow(/holds two rows of one trait/);
  });
});

describe("family = null: the grid and the residual precision", () => {
  const rows = threeTraits();
  const model = build(rows, { rcov: SEVERAL });
  const N = rows.length, T = 3, n = model.nUnits;
  const gridRow = model.long!.gridRow;
  it("puts each data row on its own cell of its trait, with empty design rows on absent cells", () => {
    expect(new Set(gridRow).size).toBe(N);
    rows.forEach((r, i) => expect(Math.floor(gridRow[i] / n)).toBe(Number((r.trait as string).slice(1)) - 1));
    // the id blocks share units with y1 rows: 10 y1 rows, so 10 units
    expect(n).toBe(10);
    const present = new Set(gridRow);
    for (let g = 0; g < n * T; g++) {
      if (present.has(g)) continue;
      expect(model.residualIndex.term[g]).toBe(-1);
      for (const M of [model.X, model.Z]) for (let e = 0; e < M.rowIdx.length; e++) expect(M.rowIdx[e]).not.toBe(g);
    }
    expect(model.residualTerms.map((t) => t.label)).toEqual(["us(at.level(trait, c(2, 3))):id", "idh(at.level(trait, 1)):units"]);
  });
  it("gives, over the data rows, the inverse of MCMCglmm's block-diagonal R (dense, 1e-12)", () => {
    const R1 = [[1.5, 0.4], [0.4, 0.8]], R2 = 0.7;
    // MCMCglmm's definition: rows covary iff the same term and the same level of its factor
    const dense = Matrix.zeros(N, N);
    const term = (r: Row) => (r.trait === "y1" ? 1 : 0);
    const coef = (r: Row) => (r.trait === "y3" ? 1 : 0);
    rows.forEach((a, i) => rows.forEach((b, j) => {
      if (term(a) !== term(b)) return;
      if (term(a) === 1) { if (i === j) dense.set(i, j, R2); return; }
      if (a.id === b.id) dense.set(i, j, R1[coef(a)][coef(b)]);
    }));
    const expected = inverse(dense);
    const precision = residualPrecision(model);
    precision.refresh(Float64Array.from([...R1.flat(), R2]));
    const unitOf = (i: number) => gridRow[i] % n, traitOf = (i: number) => Math.floor(gridRow[i] / n);
    let worst = 0;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const ours = unitOf(i) === unitOf(j) ? precision.inverses[precision.layout.patternOf[unitOf(i)]][traitOf(i) * T + traitOf(j)] : 0;
        worst = Math.max(worst, Math.abs(ours - expected.get(i, j)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });
});
