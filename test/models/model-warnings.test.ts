// What the data cannot tell is said before sampling, in Model.warnings (and the prior's warnings):
// dropped non-estimable columns with their aliases, separation in binary models, prior-driven
// variances, imputed responses, and a free residual variance on a latent scale that has none.
import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";

const n = 40;
const base = Array.from({ length: n }, (_, i) => ({
  y: Math.sin(i * 1.3) * 2 + i / 10,
  x: (i % 7) / 3,
  g: ["a", "b", "c", "d"][i % 4],
  bin: (i * 7) % 5 < 2 ? "no" : "yes",
}));
const warningsOf = (spec: ModelSpec, rows: Record<string, unknown>[] = base) => buildModel(spec, frameFromRows(rows)).warnings;

describe("non-estimable fixed effects", () => {
  it("each dropped column is named with the columns it is aliased with", () => {
    const rows = base.map((r) => ({ ...r, x2: 2 * r.x + 1 }));
    const m = buildModel({ fixed: "y ~ x + x2" }, frameFromRows(rows));
    expect(m.fixedNames).toEqual(["(Intercept)", "x"]); // dropped, as MCMCglmm drops it
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatch(/fixed effect "x2" is not estimable and has been removed.*aliased with "\(Intercept\)", "x" \(x2 = \(Intercept\) \+ 2\*x/);
  });

  it("a factor level confounded with another factor names the indicator columns", () => {
    const rows = base.map((r) => ({ ...r, h: r.g === "a" || r.g === "b" ? "p" : "q" }));
    const w = warningsOf({ fixed: "y ~ g + h" }, rows);
    expect(w.some((s) => /fixed effect "hq" is not estimable.*aliased with "gc", "gd" \(hq = gc \+ gd/.test(s))).toBe(true);
  });

  it("a column that is zero on every observed row is named as such", () => {
    const rows = base.map((r, i) => ({ ...r, y: r.g === "d" ? null : r.y, i }));
    const w = warningsOf({ fixed: "y ~ g" }, rows);
    expect(w.some((s) => /fixed effect "gd" is not estimable \(it is zero in every row with an observed response\)/.test(s))).toBe(true);
  });

  it("an estimable design gives no warning", () => {
    expect(warningsOf({ fixed: "y ~ x + g" })).toEqual([]);
  });
});

describe("separation in binary models", () => {
  it("an indicator column whose rows all have one outcome (quasi-complete separation)", () => {
    const rows = base.map((r) => ({ ...r, bin: r.g === "c" ? "no" : r.bin }));
    const w = warningsOf({ fixed: "bin ~ g", family: "categorical", prior: { R: { V: 1, fix: 1 } } as never }, rows);
    expect(w.some((s) => /response "bin": fixed effect "gc" separates the outcomes \(every row where it is 1 has the outcome "no"\).*prior "B": \{"mu": 0, "V": 4.29\}/.test(s))).toBe(true);
  });

  it("the baseline level of a factor whose rows all have one outcome (no column of its own)", () => {
    const rows = base.map((r) => ({ ...r, bin: r.g === "a" ? "yes" : r.bin }));
    const w = warningsOf({ fixed: "bin ~ x + g", family: "categorical", prior: { R: { V: 1, fix: 1 } } as never }, rows);
    expect(w).toEqual([expect.stringMatching(/response "bin": every row with g = "a" has the outcome "yes", which separates the outcomes.*effects of g \(and the intercept\).*"V": 4.29/)]);
  });

  it("a covariate with a threshold that splits the outcomes (complete separation)", () => {
    const rows = base.map((r) => ({ ...r, bin: r.x > 1 ? "yes" : "no" }));
    const w = warningsOf({ fixed: "bin ~ x", family: "threshold" }, rows);
    expect(w.some((s) => /fixed effect "x" separates the outcomes \(every row with the outcome "no" has it <= 1, every row with "yes" >= 1.33.*"V": 2/.test(s))).toBe(true);
  });

  it("binomial rows with all or no successes", () => {
    const rows = base.map((r, i) => ({ ...r, s: r.g === "b" ? 0 : i % 3, f: 2 }));
    const w = warningsOf({ fixed: "cbind(s, f) ~ g", family: "multinomial2" }, rows);
    expect(w.some((s) => /fixed effect "gb" separates the outcomes \(every row where it is 1 has the outcome 0 successes\)/.test(s))).toBe(true);
  });

  it("no warning when the outcomes overlap", () => {
    const w = warningsOf({ fixed: "bin ~ x + g", family: "categorical" });
    expect(w.filter((s) => s.includes("separates"))).toEqual([]);
  });
});

describe("variances the data cannot identify", () => {
  it("a random factor with a single level", () => {
    const rows = base.map((r) => ({ ...r, site: "only" }));
    const w = warningsOf({ fixed: "y ~ x", random: "~site" }, rows);
    expect(w).toEqual([expect.stringMatching(/random term "site": "site" has a single level \("only"\).*not identified by the data.*prior/)]);
  });

  it("a one-row data set", () => {
    const w = warningsOf({ fixed: "y ~ 1" }, [{ y: 1.5 }]);
    expect(w.some((s) => /single row: no variance is identified by the data/.test(s))).toBe(true);
  });

  it("a constant response", () => {
    const rows = base.map((r) => ({ ...r, y: 3 }));
    expect(warningsOf({ fixed: "y ~ x" }, rows)).toContainEqual(expect.stringMatching(/response "y" is constant \(every observed value is 3\).*not identified by the data/));
  });
});

describe("missing responses", () => {
  it("are counted per response", () => {
    const rows = base.map((r, i) => ({ ...r, y: i % 10 === 0 ? null : r.y, z: i < 3 ? null : r.x + i }));
    const w = warningsOf({ fixed: "cbind(y, z) ~ trait - 1", rcov: "~us(trait):units", family: ["gaussian", "gaussian"] }, rows);
    expect(w).toContainEqual(expect.stringMatching(/response "y": 4 of 40 values are missing; they are imputed/));
    expect(w).toContainEqual(expect.stringMatching(/response "z": 3 of 40 values are missing/));
  });

  it("a binomial row with one count missing is a missing response (it used to sample NaN draws)", async () => {
    const rows = base.map((r, i) => ({ ...r, s: i % 3, f: i % 8 === 0 ? null : 2 }));
    const spec: ModelSpec = { fixed: "cbind(s, f) ~ x", family: "multinomial2", prior: { R: { V: 1, nu: 0.002 } } };
    const m = buildModel(spec, frameFromRows(rows));
    expect(m.responses[0].y.filter((y) => Number.isNaN(y))).toHaveLength(5);
    expect(m.warnings).toContainEqual(expect.stringMatching(/response "s": 5 of 40 values are missing/));
    const result = await fit(spec, rows, { nitt: 30, burnin: 10, thin: 1, chains: 1, seed: 2, threads: 1 });
    expect(Array.from(result.draws.x[0]).every(Number.isFinite)).toBe(true);
  });

  it("reach summary.json's warnings through fit", async () => {
    const rows = base.map((r, i) => ({ ...r, y: i % 10 === 0 ? null : r.y, x2: 3 * r.x }));
    const seen: string[] = [];
    const spec: ModelSpec = { fixed: "y ~ x + x2", prior: { R: { V: 1, nu: 0.002 } } };
    const result = await fit(spec, rows, { nitt: 60, burnin: 10, thin: 1, chains: 1, seed: 3, threads: 1, onWarnings: (w) => seen.push(...w) });
    const warnings = result.summary().warnings;
    expect(warnings).toContainEqual(expect.stringMatching(/response "y": 4 of 40 values are missing/));
    expect(warnings).toContainEqual(expect.stringMatching(/fixed effect "x2" is not estimable/));
    expect(seen).toEqual([...result.model.warnings, ...result.prior.warnings]);
  });
});

describe("latent scale without a fixed residual variance", () => {
  const prior = (R: unknown) => resolvePrior(buildModel({ fixed: "bin ~ x", family: "categorical" }, frameFromRows(base)), { R } as never).warnings;

  it("a binary categorical response with a free residual points to R: {V: 1, fix: 1}", () => {
    expect(prior({ V: 1, nu: 0.002 })).toContainEqual(expect.stringMatching(/response "bin" \(categorical with two categories \(binary\)\) has a free residual variance.*"R": \{"V": 1, "fix": 1\}/));
    expect(prior({ V: 1, fix: 1 }).filter((w) => w.includes("free residual"))).toEqual([]);
  });

  it("threshold and ordinal responses too, also under the default prior", () => {
    const rows = base.map((r, i) => ({ ...r, o: ["lo", "mid", "hi"][i % 3] }));
    for (const family of ["threshold", "ordinal"] as const) {
      const m = buildModel({ fixed: "o ~ x", family }, frameFromRows(rows));
      expect(resolvePrior(m, undefined).warnings).toContainEqual(expect.stringMatching(new RegExp(`response "o" \\(${family} with 3 categories\\) has a free residual variance`)));
    }
  });

  it("a multi-category categorical response with us(trait):units names the fix row", () => {
    const rows = base.map((r, i) => ({ ...r, c3: ["p", "q", "r"][i % 3] }));
    const m = buildModel({ fixed: "c3 ~ trait - 1", rcov: "~us(trait):units", family: "categorical" }, frameFromRows(rows));
    const free = resolvePrior(m, { R: { V: [[1, 0.5], [0.5, 1]], nu: 3 } }).warnings;
    expect(free).toContainEqual(expect.stringMatching(/response "c3" \(categorical with 3 categories\).*"fix": 1 in prior R/));
    expect(resolvePrior(m, { R: { V: [[1, 0.5], [0.5, 1]], fix: 1 } }).warnings.filter((w) => w.includes("free residual"))).toEqual([]);
  });

  it("gaussian and poisson responses are not concerned", () => {
    const m = buildModel({ fixed: "y ~ x" }, frameFromRows(base));
    expect(resolvePrior(m, { R: { V: 1, nu: 0.002 } }).warnings).toEqual([]);
  });
});
