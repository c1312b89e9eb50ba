// predict (response scale), simulate, quantile residuals, DIC and WAIC on fits of ztmb and
// ztmultinomial: finite values of the right shape, simulated rows that obey the truncation,
// response-scale predictions whose mean is close to the data's, quantile residuals per step of
// the chain-rule decomposition, and ztmultinomial's predictions at each row's zero pattern.

import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { drawZeroTruncatedMultinomial } from "../../src/models/families/ztmultinomial.js";
import { frameFromRows } from "../../src/models/frame.js";
import { predict } from "../../src/posterior/predict.js";
import { quantileResiduals } from "../../src/posterior/residuals.js";
import { simulate } from "../../src/posterior/simulate.js";
import { dic, waic } from "../../src/posterior/waic.js";
import { createStream } from "../../src/random/index.js";
import { SBC_CASES, simulatedData } from "../helpers/sbc-families.js";

const RUN = { nitt: 800, burnin: 300, thin: 5, chains: 1, threads: 1, seed: 5 } as const;

/** |mean of the first column's predictions - its data mean| within 5 standard errors. */
function expectMeanClose(pred: Float64Array, y: Float64Array): void {
  const n = y.length;
  const m = y.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(y.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1));
  const pm = pred.subarray(0, n).reduce((s, v) => s + v, 0) / n;
  expect(Math.abs(pm - m)).toBeLessThan((5 * sd) / Math.sqrt(n));
}

describe("ztmb: predict, simulate, residuals, DIC, WAIC", () => {
  it("work through the family record; simulated rows are 0/1 and never all zero", async () => {
    const { spec, rows } = simulatedData(SBC_CASES.ztmb!, 100, 10, 31);
    const f = await fit({ ...spec, pr: true }, frameFromRows(rows), RUN);
    expect(f.failures).toEqual([]);
    const n = f.model.nUnits;
    const p = predict(f, { type: "response", maxDraws: 30 });
    expect(p.fit.length).toBe(2 * n);
    expect(p.fit.every((v) => v > 0 && v < 1)).toBe(true);
    expectMeanClose(p.fit, f.model.responses[0].y);

    const s = simulate(f, { nsim: 3 });
    const counts = s.responses[0].counts!;
    expect(counts.length).toBe(3);
    for (const [a, b] of counts) {
      expect(a.length).toBe(n);
      for (let u = 0; u < n; u++) {
        expect([0, 1]).toContain(a[u]);
        expect([0, 1]).toContain(b[u]);
        expect(a[u] + b[u]).toBeGreaterThan(0);
      }
    }
    // one residual per row and column, the second given the first; b is fixed (must be 1) where a = 0
    const res = quantileResiduals(f, { maxDraws: 10 });
    expect(res.map((x) => x.step)).toEqual(["a", "b|a"]);
    const [ya] = f.model.responses[0].counts!;
    for (let u = 0; u < n; u++) {
      expect(Number.isFinite(res[0].residuals[u])).toBe(true);
      expect(Number.isNaN(res[1].residuals[u])).toBe(ya[u] === 0);
    }
    const d = dic(f);
    expect(d !== null && Number.isFinite(d.dic)).toBe(true);
    expect(Number.isFinite(waic(f, { maxDraws: 20 }).waic)).toBe(true);
  }, 60_000);

  it("runs with MCMCglmm's random-walk latent kernel (latent: mh)", async () => {
    const { spec, rows } = simulatedData(SBC_CASES.ztmb!, 60, 6, 32);
    const f = await fit({ ...spec, latent: "mh" }, frameFromRows(rows), RUN);
    expect(f.failures).toEqual([]);
    expect(Object.values(f.draws).every((chains) => chains[0].every((v) => Number.isFinite(v)))).toBe(true);
  }, 60_000);
});

describe("ztmultinomial: predict, simulate, residuals, DIC, WAIC", () => {
  it("rows with absent categories: DIC, WAIC, and predict, simulate and residuals at each row's zero pattern", async () => {
    const { spec, rows } = simulatedData(SBC_CASES.ztmultinomial!, 60, 10, 33);
    expect(rows.some((r) => r.a === 0 || r.b === 0 || r.c === 0)).toBe(true);
    const f = await fit({ ...spec, pr: true }, frameFromRows(rows), RUN);
    expect(f.failures).toEqual([]);
    const d = dic(f);
    expect(d !== null && Number.isFinite(d.dic)).toBe(true);
    expect(Number.isFinite(waic(f, { maxDraws: 20 }).waic)).toBe(true);
    const n = f.model.nUnits;
    const [a, b, c] = f.model.responses[0].counts!;
    const p = predict(f, { type: "response", maxDraws: 10 });
    for (let u = 0; u < n; u++) {
      // absent categories are predicted 0, present ones at least 1, the two below n
      expect(a[u] === 0 ? p.fit[u] === 0 : p.fit[u] >= 1).toBe(true);
      expect(b[u] === 0 ? p.fit[n + u] === 0 : p.fit[n + u] >= 1).toBe(true);
      expect(p.fit[u] + p.fit[n + u]).toBeLessThanOrEqual(a[u] + b[u] + c[u] - (c[u] > 0 ? 1 : 0) + 1e-9);
    }
    expect(p.warnings).toEqual([]);
    const s = simulate(f, { nsim: 2 });
    for (const cols of s.responses[0].counts!) {
      for (let u = 0; u < n; u++) [a, b, c].forEach((y, j) => expect(cols[j][u] > 0).toBe(y[u] > 0));
    }
    // steps fixed by the pattern (absent, or the last present category) have no residual
    const res = quantileResiduals(f, { maxDraws: 10 });
    expect(res.map((x) => x.step)).toEqual(["a", "b|a"]);
    for (let u = 0; u < n; u++) if (a[u] === 0) expect(res[0].u[u]).toBeNaN();
    // new rows: the pattern from newdata's counts; without them every category present, said by name
    const newRows = rows.slice(0, 4);
    const pn = predict(f, { type: "response", maxDraws: 10, newdata: newRows });
    for (let u = 0; u < 4; u++) if (newRows[u].a === 0) expect(pn.fit[u]).toBe(0);
    expect(pn.warnings).toEqual([]);
    const sn = simulate(f, { nsim: 2, newdata: newRows });
    for (const cols of sn.responses[0].counts!) {
      newRows.forEach((row, u) => [row.a, row.b, row.c].forEach((y, j) => expect(cols[j][u] > 0).toBe((y as number) > 0)));
    }
    const bare = newRows.map(({ a: _a, b: _b, c: _c, ...rest }) => rest);
    const pb = predict(f, { type: "response", maxDraws: 10, newdata: bare });
    expect(pb.warnings.join(" ")).toMatch(/response "a" \(ztmultinomial3\): newdata has no counts at 4 row\(s\).*every category is taken as present/);
    expect(() => simulate(f, { nsim: 1, newdata: bare })).toThrow(/needs its trials/);
  }, 240_000);

  it("with every category present: predictions near the data, simulated counts >= 1 summing to n, uniform quantile residuals (K = 2)", async () => {
    const rng = createStream(7, 0);
    const rows = Array.from({ length: 100 }, (_, u) => {
      const x = rng.normal();
      const out = new Float64Array(2);
      drawZeroTruncatedMultinomial([0.3 + 0.5 * x + 0.3 * rng.normal()], 2, 8, null, rng, out);
      return { a: out[0], b: out[1], x, g: `g${u % 10}` };
    });
    const spec = { fixed: "cbind(a, b) ~ x", random: "~g", family: "ztmultinomial2" as const, prior: { R: { V: 0.5, nu: 5 }, G: { G1: { V: 0.5, nu: 5 } } } };
    const f = await fit({ ...spec, pr: true }, frameFromRows(rows), RUN);
    expect(f.failures).toEqual([]);
    const n = f.model.nUnits;
    const p = predict(f, { type: "response" });
    expect(p.fit.length).toBe(n);
    expectMeanClose(p.fit, f.model.responses[0].y);
    const s = simulate(f, { nsim: 2 });
    for (const [a, b] of s.responses[0].counts!) {
      for (let u = 0; u < n; u++) {
        expect(a[u]).toBeGreaterThanOrEqual(1);
        expect(b[u]).toBeGreaterThanOrEqual(1);
        expect(a[u] + b[u]).toBe(8);
      }
    }
    const [res] = quantileResiduals(f, { maxDraws: 40 });
    expect(res.residuals.every((z) => Number.isFinite(z))).toBe(true);
    expect(res.ks.pValue).toBeGreaterThan(0.001);
    expect(Number.isFinite(waic(f, { maxDraws: 20 }).waic)).toBe(true);
  }, 60_000);
});
