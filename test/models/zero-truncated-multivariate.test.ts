// ztmb and ztmultinomial (MCMCglmm 2.36): log-likelihoods against dense enumerations of every
// outcome, draws against those probabilities, the input checks MCMCglmm makes (with typed errors
// naming the column and row), trait names, and the trait-residual requirement.

import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import { familyOf } from "../../src/models/families/index.js";
import { drawZeroTruncatedMultinomial } from "../../src/models/families/ztmultinomial.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { FamilyName, ModelSpec } from "../../src/models/types.js";
import { createStream } from "../../src/random/index.js";
import { lgamma } from "../../src/diagnostics/beta.js";

const TRAIT_RCOV = "~us(trait):units";

function modelOf(family: FamilyName, lhs: string, rows: Record<string, unknown>[], rcov = TRAIT_RCOV) {
  const spec: ModelSpec = { fixed: `${lhs} ~ trait - 1`, family, rcov };
  return buildModel(spec, frameFromRows(rows));
}

function logSumExp(v: number[]): number {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}

describe("ztmb: zero-truncated multivariate binary", () => {
  const outcomes = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]];
  const rows = outcomes.map(([a, b, c]) => ({ a, b, c }));
  const model = modelOf("ztmb3", "cbind(a, b, c)", rows);
  const r = model.responses[0];
  const family = familyOf(r);
  const l = [-2, -3, -1.5]; // P(all zero) is large: the truncation matters
  const p = l.map((x) => 1 / (1 + Math.exp(-x)));
  const dense = (y: number[]) => {
    const joint = y.reduce((s, v, j) => s * (v === 1 ? p[j] : 1 - p[j]), 1);
    return joint / (1 - p.reduce((s, pj) => s * (1 - pj), 1));
  };

  it("names one trait per column, as MCMCglmm keeps the response names", () => {
    expect(model.traitNames).toEqual(["a", "b", "c"]);
    expect(model.fixedNames).toEqual(["traita", "traitb", "traitc"]);
    expect(r.nTraits).toBe(3);
  });

  it("log-likelihood is the Bernoulli product over 1 - P(all zero), for every outcome, and sums to 1", () => {
    let total = 0;
    outcomes.forEach((y, u) => {
      const ll = family.logLikelihood(r, u, l, []);
      expect(ll).toBeCloseTo(Math.log(dense(y)), 12);
      total += Math.exp(ll);
    });
    expect(total).toBeCloseTo(1, 12);
  });

  it("draws every outcome with its probability (never all zeros)", () => {
    const rng = createStream(3, 0);
    const N = 40000;
    const freq = new Map<string, number>();
    const out = new Float64Array(3);
    for (let s = 0; s < N; s++) {
      family.drawObservation(r, Float64Array.from(l), [], undefined, rng, out, 0);
      freq.set(out.join(""), (freq.get(out.join("")) ?? 0) + 1);
    }
    expect(freq.has("000")).toBe(false);
    for (const y of outcomes) {
      const P = dense(y), f = (freq.get(y.join("")) ?? 0) / N;
      expect(Math.abs(f - P)).toBeLessThanOrEqual(5 * Math.sqrt((P * (1 - P)) / N));
    }
  });

  it("refuses a value other than 0/1, naming the column and row", () => {
    expect(() => modelOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 0, b: 2 }])).toThrow(DataError);
    expect(() => modelOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 0, b: 2 }])).toThrow(/response "b" row 2 is 2: ztmb2 data must be 0 or 1/);
  });

  it("refuses an all-zero row and a partly missing row, naming the row", () => {
    expect(() => modelOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 0, b: 1 }, { a: 0, b: 0 }])).toThrow(/row 3 of the ztmb2 response cbind\(a, b\) is all zeros/);
    expect(() => modelOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 1, b: null }])).toThrow(/row 2 .* partly missing/);
  });

  it("needs J >= 2 columns and a residual structure over trait, as MCMCglmm", () => {
    expect(() => modelOf("ztmb1" as FamilyName, "a", [{ a: 1 }])).toThrow(ModelSpecError);
    const split = "~idh(at.level(trait, 1)):units + idh(at.level(trait, 2)):units";
    expect(() => modelOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 0, b: 1 }], split)).toThrow(/residual structure over trait/);
    for (const rcov of ["~idh(trait):units", "~trait:units", "~us(trait):units"]) {
      expect(modelOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 0, b: 1 }], rcov).nTraits).toBe(2);
    }
  });
});

describe("ztmultinomial: multinomial conditioned on each row's present categories", () => {
  const rows = [
    { a: 2, b: 1, c: 3 }, // all present
    { a: 0, b: 4, c: 2 }, // a absent
    { a: 3, b: 2, c: 0 }, // the reference category absent
    { a: 0, b: 0, c: 5 }, // one category: no information
    { a: 1, b: 1, c: 1 }, // n = k
    { a: 40, b: 1, c: 19 }, // with l_b = -23, pkk ~ 1e-9: the exact recursion, not inclusion-exclusion
  ];
  const model = modelOf("ztmultinomial3", "cbind(a, b, c)", rows);
  const r = model.responses[0];
  const family = familyOf(r);

  /** log P(y | the row's zero pattern, n) by enumerating every count vector with that pattern. */
  function dense(y: number[], l: number[]): number {
    const logp = [l[0], l[1], 0].map((x) => x - logSumExp([l[0], l[1], 0]));
    const n = y.reduce((s, v) => s + v, 0);
    const logPmf = (z: number[]) => lgamma(n + 1) + z.reduce((s, v, j) => s - lgamma(v + 1) + (v > 0 ? v * logp[j] : 0), 0);
    const same: number[] = [];
    for (let a = 0; a <= n; a++) {
      for (let b = 0; a + b <= n; b++) {
        const z = [a, b, n - a - b];
        if (z.every((v, j) => (v > 0) === (y[j] > 0))) same.push(logPmf(z));
      }
    }
    return logPmf(y) - logSumExp(same);
  }

  it("names the first K-1 columns as traits, as multinomialK", () => {
    expect(model.traitNames).toEqual(["a", "b"]);
    expect(r.nTraits).toBe(2);
  });

  // [-40, 0.5]: a category with ~1e-17 of the mass, where 1 - w must not round to 0 (it did: P = 0, log-likelihood +Inf)
  for (const l of [[0.3, -0.5], [1.2, 2.0], [0.4, -23], [-40, 0.5]]) {
    it(`log-likelihood equals the dense conditional probability at l = (${l.join(", ")})`, () => {
      rows.forEach((row, u) => {
        const y = [row.a, row.b, row.c];
        const ll = family.logLikelihood(r, u, l, []);
        if (y.filter((v) => v > 0).length === 1) expect(ll).toBe(0);
        expect(ll).toBeCloseTo(dense(y, l), 9);
      });
    });
  }

  it("an absent category's trait is not in the row's likelihood; one present category carries none", () => {
    const ll = family.samplerLogLikelihood(r);
    const view = family.traitView!(r);
    const out = new Float64Array(2);
    const x = Float64Array.of(0.3, -0.5), x2 = Float64Array.of(2.3, -0.5);
    expect(ll(1, x, new Float64Array())).toBeCloseTo(ll(1, x2, new Float64Array()), 12);
    expect(view(1, 0, x, out)).toBe("none");
    expect(view(1, 1, x, out)).toBe("general");
    expect(view(3, 0, x, out)).toBe("none");
    expect(view(3, 1, x, out)).toBe("none");
  });

  it("draws counts with the dense conditional probabilities, for a zero pattern and through the exact sequential draw", () => {
    const rng = createStream(5, 0);
    const N = 20000;
    // [pattern, n, l]: a - c present with b absent; all present with a rare category (rejection mostly fails)
    const cases: [number[], number, number[]][] = [[[1, 0, 1], 5, [0.4, 1]], [[1, 1, 1], 4, [-6, 0.5]]];
    for (const [present, n, l] of cases) {
      const freq = new Map<string, number>();
      const out = new Float64Array(3);
      for (let s = 0; s < N; s++) {
        drawZeroTruncatedMultinomial(l, 3, n, present, rng, out);
        const key = out.join(",");
        freq.set(key, (freq.get(key) ?? 0) + 1);
      }
      for (const [key, count] of freq) {
        const y = key.split(",").map(Number);
        expect(y.every((v, j) => (v > 0) === (present[j] === 1))).toBe(true);
        const P = Math.exp(dense(y, l));
        expect(Math.abs(count / N - P)).toBeLessThanOrEqual(5 * Math.sqrt((P * (1 - P)) / N) + 1e-9);
      }
      // every possible outcome of non-negligible probability was seen
      let seen = 0;
      for (const key of freq.keys()) seen += Math.exp(dense(key.split(",").map(Number), l));
      expect(seen).toBeGreaterThan(1 - 1e-3);
    }
  });

  it("refuses all-zero rows, negative or fractional counts and partly missing rows, naming the row", () => {
    expect(() => modelOf("ztmultinomial3", "cbind(a, b, c)", [{ a: 1, b: 1, c: 1 }, { a: 0, b: 0, c: 0 }])).toThrow(/row 2 of the ztmultinomial3 response cbind\(a, b, c\) has no counts \(all zero\)/);
    expect(() => modelOf("ztmultinomial3", "cbind(a, b, c)", [{ a: 1, b: -1, c: 1 }])).toThrow(/response "b" row 1/);
    expect(() => modelOf("ztmultinomial3", "cbind(a, b, c)", [{ a: 1, b: 1.5, c: 1 }])).toThrow(DataError);
    expect(() => modelOf("ztmultinomial3", "cbind(a, b, c)", [{ a: 1, b: 1, c: 1 }, { a: 1, b: null, c: 2 }])).toThrow(/row 2 .* partly missing/);
  });

  it("K >= 3 needs a residual over trait (as MCMCglmm); ztmultinomial2 (one trait) takes ~units", () => {
    expect(() => modelOf("ztmultinomial3", "cbind(a, b, c)", rows, "~idh(at.level(trait, 1)):units + idh(at.level(trait, 2)):units")).toThrow(/residual structure over trait/);
    expect(buildModel({ fixed: "cbind(a, b) ~ 1", family: "ztmultinomial2", rcov: "~units" }, frameFromRows([{ a: 1, b: 2 }, { a: 3, b: 1 }])).nTraits).toBe(1);
  });

  /** E[y | the row's zero pattern, n, l] by enumerating every count vector with that pattern. */
  function denseMean(y: number[], l: number[]): number[] {
    const n = y.reduce((s, v) => s + v, 0);
    const mean = [0, 0, 0];
    for (let a = 0; a <= n; a++) {
      for (let b = 0; a + b <= n; b++) {
        const z = [a, b, n - a - b];
        if (!z.every((v, j) => (v > 0) === (y[j] > 0))) continue;
        const p = Math.exp(dense(z, l));
        z.forEach((v, j) => (mean[j] += p * v));
      }
    }
    return mean;
  }

  // (-40, 0.5), (0.4, -23): a category with almost no mass, where inclusion-exclusion cancels to 0 (it gave NaN)
  it("expected counts at each training row's own zero pattern equal the dense conditional means", () => {
    const cov = [1e-14, 0, 0, 1e-14]; // a point latent value
    const out = new Float64Array(2);
    for (const l of [[0.3, -0.5], [1.2, 2.0], [-40, 0.5], [0.4, -23]]) {
      rows.slice(0, 5).forEach((row, u) => {
        const y = [row.a, row.b, row.c];
        family.expectedResponse(r, l, cov, [], r.trials![u], out, u);
        const m = denseMean(y, l);
        expect(out[0]).toBeCloseTo(m[0], 8);
        expect(out[1]).toBeCloseTo(m[1], 8);
      });
    }
    const l = [0.3, -0.5];
    // absent categories expect 0; a row with one present category has all n there
    family.expectedResponse(r, l, cov, [], 4 + 2, out, 1);
    expect(out[0]).toBe(0);
    family.expectedResponse(r, l, cov, [], 5, out, 3);
    expect([out[0], out[1]]).toEqual([0, 0]);
  });

  it("draws at each training row's own zero pattern have the dense conditional frequencies", () => {
    const rng = createStream(11, 0);
    const N = 20000, l = Float64Array.of(0.3, -0.5), out = new Float64Array(3);
    for (const u of [0, 1, 2]) {
      const y = [rows[u].a, rows[u].b, rows[u].c], n = r.trials![u];
      const freq = new Map<string, number>();
      for (let s = 0; s < N; s++) {
        family.drawObservation(r, l, [], n, rng, out, u);
        const key = out.join(",");
        freq.set(key, (freq.get(key) ?? 0) + 1);
      }
      let seen = 0;
      for (const [key, count] of freq) {
        const z = key.split(",").map(Number);
        expect(z.every((v, j) => (v > 0) === (y[j] > 0))).toBe(true);
        expect(z.reduce((s, v) => s + v, 0)).toBe(n);
        const P = Math.exp(dense(z, Array.from(l)));
        seen += P;
        expect(Math.abs(count / N - P)).toBeLessThanOrEqual(4 * Math.sqrt((P * (1 - P)) / N) + 1e-9);
      }
      expect(seen).toBeGreaterThan(1 - 1e-3);
    }
  });

  it("a row without counts (newdata without the columns) is taken with every category present; n below the present categories gives NaN", () => {
    const m = buildModel({ fixed: "cbind(a, b, c) ~ 1", family: "ztmultinomial3", rcov: TRAIT_RCOV }, frameFromRows([{ a: 2, b: 1, c: 3 }, { a: null, b: null, c: null }]));
    const rr = m.responses[0];
    const out = new Float64Array(2);
    const l = [0.3, -0.5];
    family.expectedResponse(rr, l, [1e-14, 0, 0, 1e-14], [], 6, out, 1);
    const all = denseMean([2, 1, 3], l);
    expect(out[0]).toBeCloseTo(all[0], 8);
    expect(out[1]).toBeCloseTo(all[1], 8);
    family.expectedResponse(rr, l, [1e-14, 0, 0, 1e-14], [], 1, out, 1);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
    expect(family.drawObservation(rr, Float64Array.from(l), [], NaN, createStream(1, 0), new Float64Array(3), 1)).toBeNaN();
  });
});
