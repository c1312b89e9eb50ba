// Simulation-based calibration of every family added on the family interface (test/helpers/
// sbc-families.ts): fixed effects, the group variance and the free residual variance, rank
// histograms over 10 bins, chi-square p-values with a Bonferroni correction over all parameters
// of all families at 1% (each p must exceed 0.01 / number of parameter histograms).
// Long: run by `npm run validate` (MCGLMM_SBC_REPLICATIONS sets the replications, default 100).

import { describe, expect, it } from "vitest";
import { SBC_CASES, rankPValue, sbcRanks } from "../helpers/sbc-families.js";

const REPLICATIONS = Number(process.env.MCGLMM_SBC_REPLICATIONS ?? 100);
/** MCGLMM_SBC_SEED runs another stream of replications (a long case split over processes; sum their bin counts). */
const SEED = Number(process.env.MCGLMM_SBC_SEED ?? 4242);
const RANK_DRAWS = 99;
const BINS = 10;
const cases = Object.values(SBC_CASES);
/** Parameters per family: 3 fixed effects + 2 variances (two-part), 2 + 2 (one trait). */
const HISTOGRAMS = cases.reduce((s, c) => s + (c!.traits === 2 ? 5 : 4), 0);

describe.each(cases.map((c) => [c!.family, c!] as const))("SBC: %s", (_name, c) => {
  it(`gives uniform ranks over ${REPLICATIONS} replications (Bonferroni over ${HISTOGRAMS} histograms at 1%)`, async () => {
    const ranks = await sbcRanks(c, { units: 200, groups: 20, replications: REPLICATIONS, rankDraws: RANK_DRAWS, thin: 10, burnin: 1000, seed: SEED });
    const failures: string[] = [];
    for (const [name, r] of Object.entries(ranks)) {
      const { counts, chi2, p } = rankPValue(r, RANK_DRAWS, BINS);
      console.log(`${c.family} ${name}: ranks ${counts.join(" ")}, chi2 ${chi2.toFixed(1)}, p ${p.toFixed(3)}`);
      if (p < 0.01 / HISTOGRAMS) failures.push(`${name} (p = ${p.toExponential(2)})`);
    }
    expect(failures).toEqual([]);
  });
});
