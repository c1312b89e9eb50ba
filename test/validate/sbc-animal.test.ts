// Simulation-based calibration (Talts et al. 2018) of the Gaussian + threshold animal model:
// parameters drawn from the (proper) prior, data simulated on a pedigree, the model fitted, and
// the rank of each true value among thinned posterior draws recorded. Over many replications the
// ranks must be uniform (chi-square test per parameter). Long: run by `npm run validate`.

import { describe, expect, it } from "vitest";
import { createStream, createWishartWorkspace, rInvWishart, rInvWishartConditional } from "../../src/random/index.js";
import { fitAnimalThreshold, simulateAnimalModel } from "../helpers/simulate-animal.js";

const REPLICATIONS = Number(process.env.MCGLMM_SBC_REPLICATIONS ?? 100);
const RANK_DRAWS = 99;
const BINS = 10;
const NU = 5;
const V = [0.5, 0, 0, 0.5];
const B_VAR = 1;

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 is accurate to 1e-7: enough for a p-value threshold
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

describe("SBC: Gaussian + threshold bivariate animal model", () => {
  it(`gives uniform ranks over ${REPLICATIONS} replications`, async () => {
    const rng = createStream(777, 0);
    const ws = createWishartWorkspace(2);
    const names = ["traitsize", "traitbinary", "traitsize:traitsize.animal", "traitbinary:traitsize.animal", "traitbinary:traitbinary.animal", "traitsize:traitsize.units", "traitbinary:traitsize.units"];
    const ranks: number[][] = names.map(() => []);
    for (let r = 0; r < REPLICATIONS; r++) {
      const scale = Float64Array.from(V, (v) => v * NU);
      const G = new Float64Array(4);
      rInvWishart(rng, NU, scale, G, ws);
      const R = new Float64Array([0, 0, 0, 1]);
      rInvWishartConditional(rng, NU, Float64Array.from([1, 0, 0, 1], (v) => v * NU), 1, R, ws);
      const beta = [Math.sqrt(B_VAR) * rng.normal(), Math.sqrt(B_VAR) * rng.normal()];
      const g = [[G[0], G[1]], [G[2], G[3]]], rr = [[R[0], R[1]], [R[2], R[3]]];
      const sim = simulateAnimalModel(1000 + r, 600, 200, g, rr, beta);
      const result = await fitAnimalThreshold(
        sim,
        { B: { mu: 0, V: B_VAR }, R: { V: [[1, 0], [0, 1]], nu: NU, fix: 2 }, G: { G1: { V: [[0.5, 0], [0, 0.5]], nu: NU } } },
        { nitt: 2000 + RANK_DRAWS * 100, burnin: 2000, thin: 100, chains: 1, threads: 1, seed: r + 1 },
      );
      const truth = [beta[0], beta[1], G[0], G[2], G[3], R[0], R[2]];
      names.forEach((name, p) => {
        const draws = result.draws[name][0].subarray(0, RANK_DRAWS);
        let rank = 0;
        for (const d of draws) if (d < truth[p]) rank++;
        ranks[p].push(rank);
      });
    }
    const failures: string[] = [];
    names.forEach((name, p) => {
      const counts = new Array<number>(BINS).fill(0);
      for (const rank of ranks[p]) counts[Math.min(BINS - 1, Math.floor((rank * BINS) / (RANK_DRAWS + 1)))]++;
      const expected = REPLICATIONS / BINS;
      const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      const pValue = 1 - normalCdf((Math.cbrt(chi2 / (BINS - 1)) - (1 - 2 / (9 * (BINS - 1)))) / Math.sqrt(2 / (9 * (BINS - 1))));
      console.log(`${name}: rank histogram ${counts.join(" ")}, chi2 ${chi2.toFixed(1)}, p ${pValue.toFixed(3)}`);
      // Bonferroni over the 7 parameters at 1%
      if (pValue < 0.01 / names.length) failures.push(`${name} (p = ${pValue.toExponential(2)})`);
    });
    expect(failures).toEqual([]);
  });
});
