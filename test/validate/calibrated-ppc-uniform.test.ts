// Calibration of the calibrated posterior predictive p-value (posterior/calibrated-ppc.ts): data
// sets drawn from a Poisson model with group intercepts and units overdispersion, each fitted
// with that same (true) model. The plain p-values of the zeros and sd checks pile up near 0.5
// (the double use of the data); the calibrated ones must be close to uniform (chi-square over
// quarters, 1% level). The calibration is approximate (the replicated data come from the
// posterior predictive, not from the true parameters): over 100 data sets the zeros' calibrated
// p-values fell 18/28/31/23 per quarter and the sd's 38/22/25/15, an excess of small values for
// sd (plugging in the posterior means instead gave 35/25/15/25). Long: run by `npm run validate`.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { calibratedPpc } from "../../src/posterior/calibrated-ppc.js";
import { rPoisson } from "../../src/random/distributions.js";
import { createStream } from "../../src/random/index.js";

const DATA_SETS = Number(process.env.MCGLMM_CALIBRATION_DATA_SETS ?? 100);
const REFITS = 19;
const GROUPS = 12, PER_GROUP = 5;
const settings = { nitt: 1500, burnin: 300, thin: 3, chains: 1, threads: 1, seed: 3, pr: true };
const spec = {
  fixed: "y ~ x",
  random: "~g",
  family: "poisson" as const,
  prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 1, "alpha.mu": 0, "alpha.V": 1000 } } },
};

function simulateData(seed: number): Record<string, unknown>[] {
  const rng = createStream(seed, 0);
  const normal = () => rng.normal();
  const rows: Record<string, unknown>[] = [];
  for (let j = 0; j < GROUPS; j++) {
    const u = 0.6 * normal();
    for (let i = 0; i < PER_GROUP; i++) {
      const x = normal();
      const l = 0.2 + 0.5 * x + u + 0.5 * normal();
      rows.push({ y: rPoisson(rng, Math.exp(l)), x, g: `g${j}` });
    }
  }
  return rows;
}

const quarters = (ps: readonly number[]): number[] => {
  const counts = [0, 0, 0, 0];
  for (const p of ps) counts[Math.min(3, Math.floor(p * 4))]++;
  return counts;
};

/** Chi-square statistic of counts in four equal bins (3 df; 11.34 is the 1% point). */
function chiSquare(counts: readonly number[]): number {
  const e = counts.reduce((a, b) => a + b, 0) / counts.length;
  return counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
}

describe("calibrated posterior predictive p-values under the true model", () => {
  it(`are close to uniform over ${DATA_SETS} data sets, where the plain ones are not`, async () => {
    const plain: Record<string, number[]> = {}, calibrated: Record<string, number[]> = {};
    for (let d = 0; d < DATA_SETS; d++) {
      const f = await fit(spec, simulateData(1000 + d), settings);
      const r = await calibratedPpc(f, ["prop_zero", "sd"], { nsim: 300, seed: d, marginal: null, calibration: { replicates: REFITS, threads: 1 } });
      for (const c of r.checks) {
        (plain[c.statistic] ??= []).push(c.pValue);
        (calibrated[c.statistic] ??= []).push(c.calibratedPValue);
      }
    }
    for (const stat of Object.keys(plain)) {
      const central = plain[stat].filter((p) => p > 0.25 && p < 0.75).length / DATA_SETS;
      const counts = quarters(calibrated[stat]);
      const x2 = chiSquare(counts);
      console.log(`${stat}: plain p in (0.25, 0.75) for ${(100 * central).toFixed(0)}% of data sets; calibrated p by quarter ${counts.join(", ")}, chi-square ${x2.toFixed(2)} (3 df)`);
      expect(x2).toBeLessThan(11.34);
    }
  });
});
