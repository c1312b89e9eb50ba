// M5_Contraception (binary logit, district random intercept, units variance fixed at 1):
// predict(type = "response", marginal = ~district) against MCMCglmm's predict(..., marginal =
// ~district), whose documented formula is, per posterior draw, E[logit^-1(x)] with
// x ~ N(X beta, sigma2_district + sigma2_units), averaged over draws.
// "MCMCglmm's numbers" are computed here independently of src/ (X beta built by hand from the
// data columns; the expectation by a 4001-point trapezoid rule over +-10 sd instead of
// Gauss-Hermite) in two ways:
//  1. on our own posterior draws: must agree with predict() to quadrature accuracy;
//  2. on the reference posterior: MCMCglmm's reference.json has only summaries, so our draws
//     are recentred to the reference posterior means (beta shifted, sigma2_district rescaled)
//     and the formula evaluated on them; agreement within 4 sqrt(mcse_ours^2 + mcse_ref^2),
//     mcse_ref propagated from the reference MCSEs of beta and sigma2_district (delta method).

import { beforeAll, describe, expect, it } from "vitest";
import { fit, type Fit } from "../../src/fit.js";
import { predict, type Prediction } from "../../src/posterior/predict.js";
import { loadReference, type Reference } from "../helpers/reference.js";
import type { FactorColumn } from "../../src/models/types.js";

const NAMES = ["(Intercept)", "age", "I(age^2)", "urbanY", "livch1", "livch2", "livch3+"];

function handX(ref: Reference, row: number): number[] {
  const col = (n: string) => ref.data.columns.get(n)!;
  const age = (col("age") as { values: Float64Array }).values[row];
  const urban = col("urban") as FactorColumn;
  const livch = col("livch") as FactorColumn;
  const l = livch.levels[livch.codes[row]];
  return [1, age, age * age, urban.levels[urban.codes[row]] === "Y" ? 1 : 0, l === "1" ? 1 : 0, l === "2" ? 1 : 0, l === "3+" ? 1 : 0];
}

/** E[logit^-1(x)], x ~ N(m, v), by the trapezoid rule on 4001 points over m +- 10 sd. */
function logisticNormalTrapezoid(m: number, v: number): number {
  const sd = Math.sqrt(v), N = 4000, h = (20 * sd) / N;
  let s = 0;
  for (let i = 0; i <= N; i++) {
    const x = m - 10 * sd + i * h;
    const w = i === 0 || i === N ? 0.5 : 1;
    s += (w * Math.exp(-0.5 * ((x - m) / sd) ** 2)) / (1 + Math.exp(-x));
  }
  return (s * h) / (sd * Math.sqrt(2 * Math.PI));
}

describe("M5_Contraception: predict(type = response, marginal = ~district)", () => {
  let f: Fit;
  let ref: Reference;
  let p: Prediction;
  const rows = Array.from({ length: 20 }, (_, i) => i);

  beforeAll(async () => {
    ref = loadReference("M5_Contraception");
    f = await fit(ref.spec, ref.data, { nitt: 5000, burnin: 1000, thin: 4, chains: 2, threads: 2, seed: 5 });
    p = predict(f, { type: "response", marginal: "~district" });
  });

  const draws = (name: string) => f.draws[name];

  it("equals the formula evaluated independently on the same draws", () => {
    const beta = NAMES.map(draws);
    const vd = draws("district"), vu = draws("units");
    for (const i of rows) {
      const x = handX(ref, i);
      let sum = 0, count = 0;
      for (let c = 0; c < vd.length; c++) {
        for (let s = 0; s < vd[c].length; s++) {
          const eta = x.reduce((t, xj, j) => t + xj * beta[j][c][s], 0);
          sum += logisticNormalTrapezoid(eta, vd[c][s] + vu[c][s]);
          count++;
        }
      }
      expect(p.fit[i]).toBeCloseTo(sum / count, 8);
      expect(p.mcse[i]).toBeGreaterThan(0);
    }
  });

  it("agrees with MCMCglmm's predict on the reference posterior within 4 combined MCSE", () => {
    const beta = NAMES.map(draws);
    const vd = draws("district");
    const mean = (chains: Float64Array[]) => chains.reduce((t, c) => t + c.reduce((a, b) => a + b, 0), 0) / chains.reduce((t, c) => t + c.length, 0);
    const shift = NAMES.map((n, j) => ref.parameters[n].mean - mean(beta[j]));
    const scale = ref.parameters.district.mean / mean(vd);
    let worst = 0;
    for (const i of rows) {
      const x = handX(ref, i);
      let sum = 0, count = 0, slope = 0;
      for (let c = 0; c < vd.length; c++) {
        for (let s = 0; s < vd[c].length; s += 2) {
          const eta = x.reduce((t, xj, j) => t + xj * (beta[j][c][s] + shift[j]), 0);
          const v = vd[c][s] * scale + 1;
          const e = logisticNormalTrapezoid(eta, v);
          sum += e;
          slope += e * (1 - e); // approximately d E / d eta, for the MCSE propagation
          count++;
        }
      }
      const pRef = sum / count;
      const dEta = slope / count;
      const mcseEta = Math.sqrt(x.reduce((t, xj, j) => t + (xj * ref.parameters[NAMES[j]].mcse_mean) ** 2, 0));
      const mcseRef = Math.hypot(dEta * mcseEta, 0.1 * ref.parameters.district.mcse_mean);
      const z = Math.abs(p.fit[i] - pRef) / Math.sqrt(p.mcse[i] ** 2 + mcseRef ** 2);
      worst = Math.max(worst, z);
      expect(z).toBeLessThan(4);
    }
    expect(worst).toBeGreaterThan(0);
  });

  it("conditioning on district needs the random effects (pr: true)", () => {
    expect(() => predict(f, { marginal: null })).toThrow(/pr: true/);
  });
});
