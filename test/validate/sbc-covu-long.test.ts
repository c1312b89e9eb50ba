// Simulation-based calibration (Talts et al. 2018) of MCMCglmm's main covu use on long-format
// data (family = null): y1 three times per id, y2 once per id (every 6th id without it: MCMCglmm's
// dummy row), the id effect on y1 and the y2
// residual jointly Sigma ~ IW(nu, nu V) (prior R1 with covu = true), the y1 residual variance
// ~ IG (prior R2), the trait means ~ N(0, 1). Parameters drawn from the prior, data simulated,
// the model fitted, the rank of each true value among 99 thinned draws recorded; the ranks must
// be uniform: chi-square test on 10 bins per parameter, p > 0.01 / 6 (Bonferroni over the six
// parameters). Long: run by `npm run validate` (MCGLMM_SBC_REPLICATIONS sets the replications).

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import type { ModelSpec } from "../../src/models/types.js";
import { createStream, createWishartWorkspace, gamma, rInvWishart } from "../../src/random/index.js";
import { simulateCovuLong } from "../helpers/simulate-covu-long.js";

const REPLICATIONS = Number(process.env.MCGLMM_SBC_REPLICATIONS ?? 100);
const RANK_DRAWS = 99, THIN = 20, BINS = 10, NU = 5;

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 (accurate to 1e-7)
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Chi-square (Wilson-Hilferty) p-value of one rank histogram. */
function rankPValue(ranks: readonly number[]): { counts: number[]; p: number } {
  const counts = new Array<number>(BINS).fill(0);
  for (const rank of ranks) counts[Math.min(BINS - 1, Math.floor((rank * BINS) / (RANK_DRAWS + 1)))]++;
  const expected = ranks.length / BINS, df = BINS - 1;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  return { counts, p: 1 - normalCdf((Math.cbrt(chi2 / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df))) };
}

describe("SBC: covu on long data (family = null)", () => {
  it(`us(at.level(trait, 1)):id joined with us(at.level(trait, 2)):id, plus idh(at.level(trait, 1)):units, ${REPLICATIONS} replications`, async () => {
    const rng = createStream(906, 0);
    const ws = createWishartWorkspace(2);
    const G = "at.level(trait, 1).id", R = "at.level(trait, 2).id";
    const names = ["traity1", "traity2", `${G}:${G}`, `${R}:${G}`, `${R}:${R}`, "at.level(trait, 1).units"];
    const ranks: number[][] = names.map(() => []);
    const prior = { B: { mu: 0, V: 1 }, R: { R1: { V: [[0.5, 0], [0, 0.5]], nu: NU, covu: true }, R2: { V: 0.5, nu: NU } } };
    const spec = { fixed: "y ~ trait - 1", random: "~us(at.level(trait, 1)):id", rcov: "~us(at.level(trait, 2)):id + idh(at.level(trait, 1)):units", family: null, prior } as ModelSpec;
    for (let r = 0; r < REPLICATIONS; r++) {
      const S = new Float64Array(4);
      rInvWishart(rng, NU, Float64Array.of(0.5 * NU, 0, 0, 0.5 * NU), S, ws);
      const s2 = (NU * 0.5) / 2 / gamma(rng, NU / 2, 1);
      const mu: [number, number] = [rng.normal(), rng.normal()];
      const data = simulateCovuLong(60, 3, { mu, Sigma: [S[0], S[2], S[3]], s2 }, 7000 + r, 6);
      const result = await fit(spec, data, { nitt: 2000 + RANK_DRAWS * THIN, burnin: 2000, thin: THIN, chains: 1, threads: 1, seed: r + 1 });
      const truth = [mu[0], mu[1], S[0], S[2], S[3], s2];
      names.forEach((name, p) => {
        const draws = result.draws[name][0];
        let rank = 0;
        for (let i = 0; i < RANK_DRAWS; i++) if (draws[i] < truth[p]) rank++;
        ranks[p].push(rank);
      });
    }
    const failures: string[] = [];
    names.forEach((name, p) => {
      const { counts, p: pValue } = rankPValue(ranks[p]);
      console.log(`covu-long ${name}: rank histogram ${counts.join(" ")}, p ${pValue.toFixed(3)}`);
      if (pValue < 0.01 / names.length) failures.push(`${name} (p = ${pValue.toExponential(2)})`);
    });
    expect(failures).toEqual([]);
  }, 3_600_000);
});
