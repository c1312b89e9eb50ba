// predict (response scale), simulate, quantile residuals, DIC and WAIC on fits of ztmb and
// ztmultinomial: finite values of the right shape, simulated rows that obey the truncation,
// response-scale predictions whose mean is close to the data's, and the typed refusals where a
// quantity has no meaning (no scalar CDF for several columns; ztmultinomial's law given absent
// categories).

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
    // two binary columns have no scalar CDF: quantile residuals are not available, by a typed error
    expect(() => quantileResiduals(f, { maxDraws: 20 })).toThrow(ModelSpecError);
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
  it("DIC and WAIC work on rows with absent categories; predict and simulate refuse them by name", async () => {
    const { spec, rows } = simulatedData(SBC_CASES.ztmultinomial!, 100, 10, 33);
    expect(rows.some((r) => r.a === 0 || r.b === 0 || r.c === 0)).toBe(true);
    const f = await fit({ ...spec, pr: true }, frameFromRows(rows), RUN);
    expect(f.failures).toEqual([]);
    const d = dic(f);
    expect(d !== null && Number.isFinite(d.dic)).toBe(true);
    expect(Number.isFinite(waic(f, { maxDraws: 20 }).waic)).toBe(true);
    expect(() => predict(f, { type: "response" })).toThrow(/zero pattern/);
    expect(() => simulate(f, { nsim: 1 })).toThrow(ModelSpecError);
  }, 60_000);

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
