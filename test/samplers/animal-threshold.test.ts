// A simulated bivariate animal model, one Gaussian and one binary (threshold) trait with known
// genetic and residual covariances on a simulated pedigree of 2,000 animals: the binary trait's
// residual variance is fixed at 1 while the rest of R is free (conditional inverse-Wishart);
// the true values lie within 3.8 posterior standard deviations of the posterior means. Under a
// calibrated posterior each of the 7 misses with probability about 1.4e-4 (normal tails), so a
// correct sampler fails this test with probability about 0.001; the SBC run (npm run validate,
// test/validate/sbc-animal.test.ts) checks calibration itself.

import { describe, expect, it } from "vitest";
import { fitAnimalThreshold, simulateAnimalModel } from "../helpers/simulate-animal.js";

describe("Gaussian + threshold animal model on a simulated pedigree", () => {
  it("puts the true (co)variances and fixed effects within 3.8 posterior sd of the posterior mean", async () => {
    const G = [[1, 0.4], [0.4, 0.6]];
    const R = [[1, 0.3], [0.3, 1]];
    const beta = [1, -0.3];
    const sim = simulateAnimalModel(11, 2000, 200, G, R, beta);
    const result = await fitAnimalThreshold(
      sim,
      { R: { V: [[1, 0], [0, 1]], nu: 2, fix: 2 }, G: { G1: { V: [[1, 0], [0, 1]], nu: 2 } } },
      { nitt: 6000, burnin: 1000, thin: 5, chains: 2, threads: 2, seed: 3 },
    );
    expect(result.complete).toBe(true);
    const truth: Record<string, number> = {
      traitsize: beta[0],
      traitbinary: beta[1],
      "traitsize:traitsize.animal": G[0][0],
      "traitbinary:traitsize.animal": G[1][0],
      "traitbinary:traitbinary.animal": G[1][1],
      "traitsize:traitsize.units": R[0][0],
      "traitbinary:traitsize.units": R[1][0],
    };
    const report: string[] = [];
    let covered = 0;
    for (const [name, value] of Object.entries(truth)) {
      const draws = result.draws[name].flatMap((c) => Array.from(c));
      const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
      const sd = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws.length - 1));
      const z = (value - mean) / sd;
      if (Math.abs(z) <= 3.8) covered++;
      report.push(`${name}: truth ${value}, posterior ${mean.toFixed(3)} (sd ${sd.toFixed(3)}), z = ${z.toFixed(2)}`);
    }
    expect(covered, report.join("\n")).toBe(Object.keys(truth).length);
    expect(result.draws["traitbinary:traitbinary.units"].every((c) => c.every((v) => v === 1))).toBe(true);
  });
});
