// Exactness of prediction in the conjugate Gaussian model: fixed effects only, the residual
// variance fixed at s2 by the prior, beta ~ N(0, 100 I). The posterior of beta is N(m, S), so a
// new observation at x0 has posterior predictive mean x0'm and variance x0'S x0 + s2. Also: the
// typed errors of bad newdata, WAIC against a direct computation, and the factor handling.

import { beforeAll, describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import { fit, type Fit } from "../../src/fit.js";
import { predict } from "../../src/posterior/predict.js";
import { simulate } from "../../src/posterior/simulate.js";
import { ppc } from "../../src/posterior/ppc.js";
import { waic } from "../../src/posterior/waic.js";

const s2 = 0.5;
const rows = Array.from({ length: 60 }, (_, i) => {
  const x = Math.sin(i * 1.3) * 1.5;
  const g = ["a", "b", "c"][i % 3];
  return { y: 1 + 2 * x + (g === "b" ? 0.7 : g === "c" ? -0.4 : 0) + Math.cos(i * 2.1) * Math.sqrt(s2) * 1.3, x, g };
});

function design(r: { x: number; g: string }): number[] {
  return [1, r.x, r.g === "b" ? 1 : 0, r.g === "c" ? 1 : 0];
}

/** m and S of the exact posterior N(m, S) of beta (Gauss-Jordan on the 4 x 4 precision). */
function exactPosterior() {
  const p = 4;
  const P = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? 1 / 100 : 0)));
  const b = new Array<number>(p).fill(0);
  for (const r of rows) {
    const x = design(r);
    for (let i = 0; i < p; i++) {
      b[i] += (x[i] * r.y) / s2;
      for (let j = 0; j < p; j++) P[i][j] += (x[i] * x[j]) / s2;
    }
  }
  const A = P.map((r, i) => [...r, ...r.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < p; c++) {
    const d = A[c][c];
    for (let j = 0; j < 2 * p; j++) A[c][j] /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = A[r][c];
      for (let j = 0; j < 2 * p; j++) A[r][j] -= f * A[c][j];
    }
  }
  const S = A.map((r) => r.slice(p));
  const m = S.map((r) => r.reduce((s, v, j) => s + v * b[j], 0));
  return { m, S };
}

const spec = { fixed: "y ~ x + g", family: "gaussian" as const, prior: { B: { mu: 0, V: 100 }, R: { V: s2, fix: 1 } } };

describe("prediction in the conjugate Gaussian model", () => {
  let f: Fit;
  const { m, S } = exactPosterior();
  const x0 = design({ x: 0.8, g: "c" });
  const mean0 = x0.reduce((s, v, i) => s + v * m[i], 0);
  const var0 = x0.reduce((s, v, i) => s + v * x0.reduce((t, w, j) => t + S[i][j] * w, 0), 0) + s2;

  beforeAll(async () => {
    f = await fit(spec, rows, { nitt: 3000, burnin: 500, thin: 1, chains: 2, threads: 1, seed: 11 });
  });

  it("the posterior predictive mean and variance of a new observation are x0'm and x0'S x0 + s2", () => {
    const nsim = 5000;
    const sim = simulate(f, { nsim, newdata: [{ x: 0.8, g: "c" }], seed: 3 });
    const y = sim.responses[0].values.map((v) => v[0]);
    const mean = y.reduce((s, v) => s + v, 0) / nsim;
    const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / (nsim - 1);
    const m4 = y.reduce((s, v) => s + (v - mean) ** 4, 0) / nsim;
    // location draws given a fixed R are exact posterior draws (independent), so iid MCSEs apply
    expect(Math.abs(mean - mean0)).toBeLessThan(4 * Math.sqrt(variance / nsim));
    expect(Math.abs(variance - var0)).toBeLessThan(4 * Math.sqrt((m4 - variance * variance) / nsim));
  });

  it("predict: the link-scale mean is x0'm within 4 MCSE, and the prediction interval has the predictive width", () => {
    const p = predict(f, { newdata: [{ x: 0.8, g: "c" }], type: "link", interval: "prediction", level: 0.95 });
    expect(Math.abs(p.fit[0] - mean0)).toBeLessThan(4 * p.mcse[0]);
    const width = p.upper[0] - p.lower[0];
    expect(Math.abs(width - 2 * 1.96 * Math.sqrt(var0)) / width).toBeLessThan(0.08);
    const c = predict(f, { newdata: [{ x: 0.8, g: "c" }], type: "response", interval: "confidence" });
    const sdBeta = Math.sqrt(var0 - s2);
    expect(Math.abs(c.upper[0] - c.lower[0] - 2 * 1.96 * sdBeta) / (2 * 1.96 * sdBeta)).toBeLessThan(0.1);
    // the training rows reproduce X m
    const all = predict(f);
    rows.slice(0, 5).forEach((r, i) => {
      const e = design(r).reduce((s, v, j) => s + v * m[j], 0);
      expect(Math.abs(all.fit[i] - e)).toBeLessThan(4 * all.mcse[i]);
    });
  });

  it("WAIC matches a direct computation from the draws", () => {
    const w = waic(f, { maxDraws: 400 });
    const beta = ["(Intercept)", "x", "gb", "gc"].map((n) => f.draws[n]);
    const per = 200; // 400 draws over 2 chains
    const N = beta[0][0].length;
    const iters = Array.from({ length: per }, (_, i) => Math.floor(((i + 0.5) * N) / per));
    let elpd = 0, pwaic = 0;
    for (const r of rows) {
      const ll: number[] = [];
      for (let c = 0; c < 2; c++) {
        for (const it of iters) {
          const mu = design(r).reduce((s, v, j) => s + v * beta[j][c][it], 0);
          ll.push(-0.5 * Math.log(2 * Math.PI * s2) - ((r.y - mu) ** 2) / (2 * s2));
        }
      }
      const top = Math.max(...ll);
      const lppd = top + Math.log(ll.reduce((s, v) => s + Math.exp(v - top), 0) / ll.length);
      const mean = ll.reduce((s, v) => s + v, 0) / ll.length;
      const pw = ll.reduce((s, v) => s + (v - mean) ** 2, 0) / (ll.length - 1);
      elpd += lppd - pw;
      pwaic += pw;
    }
    expect(w.elpd_waic).toBeCloseTo(elpd, 8);
    expect(w.waic).toBeCloseTo(-2 * elpd, 7);
    expect(w.p_waic).toBeCloseTo(pwaic, 10);
    expect(w.pointwise.elpd_waic.length).toBe(rows.length);
    expect(w.logLik[0].length).toBe(400);
  });

  it("bad newdata and statistics raise typed errors naming the culprit", () => {
    expect(() => predict(f, { newdata: [{ x: 1 }] })).toThrow(DataError);
    expect(() => predict(f, { newdata: [{ x: 1 }] })).toThrow(/"g"/);
    expect(() => predict(f, { newdata: [{ x: 1, g: "z" }] })).toThrow(DataError);
    expect(() => predict(f, { newdata: [{ x: 1, g: "z" }] })).toThrow(/level "z"/);
    expect(() => predict(f, { newdata: [{ x: "abc", g: "a" }] })).toThrow(/"x"/);
    expect(() => ppc(f, { name: "broken", fn: () => NaN }, { nsim: 20 })).toThrow(ModelSpecError);
    expect(() => ppc(f, { name: "broken", fn: () => NaN }, { nsim: 20 })).toThrow(/"broken"/);
    expect(() => ppc(f, "group_means" as const, { nsim: 20 })).toThrow(/groups/);
    expect(() => predict(f, { marginal: "~nosuchterm" })).toThrow(ModelSpecError);
  });

  it("a newdata factor with one level is coded with the training contrasts", () => {
    const p = predict(f, { newdata: [{ x: 0, g: "b" }, { x: 0, g: "b" }], type: "link" });
    expect(Math.abs(p.fit[0] - (m[0] + m[2]))).toBeLessThan(4 * p.mcse[0]);
    expect(p.fit[1]).toBe(p.fit[0]);
    const checks = ppc(f, ["mean", "sd", { name: "q90", fn: (y) => [...y].sort((a, b) => a - b)[Math.floor(0.9 * y.length)] }], { nsim: 300, groups: "g" });
    expect(checks.checks.map((c) => c.statistic)).toEqual(["mean", "sd", "q90"]);
    for (const c of checks.checks) expect(c.pValue).toBeGreaterThan(0.01);
    const gm = ppc(f, "group_means", { nsim: 100, groups: "g" });
    expect(gm.checks.map((c) => c.statistic)).toEqual(["group_means[g=a]", "group_means[g=b]", "group_means[g=c]"]);
  });
});
