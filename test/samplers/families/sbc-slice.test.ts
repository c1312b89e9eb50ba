// A fast slice of the families' simulation-based calibration (test/validate/sbc-families.test.ts
// runs every family at length): a few families (and zipoisson with latent = "exact", the
// zero part by Polya-Gamma augmentation of the structural zero), 20 replications, 19 ranked draws in 5 bins, each
// parameter's chi-square p-value above 0.01 / (number of histograms) (Bonferroni at 1%). Weak by
// design (20 replications catch only gross miscalibration: a wrong likelihood, a kernel that
// does not leave the posterior invariant); the long run is the real check.

import { describe, expect, it } from "vitest";
import { SBC_CASES, SBC_KERNEL_CASES, histogramCount, rankPValue, sbcRanks } from "../../helpers/sbc-families.js";

const RANK_DRAWS = 19;
const BINS = 5;
const slice = [SBC_CASES.hupoisson, SBC_CASES.cengaussian, SBC_CASES.exponential, SBC_KERNEL_CASES.find((c) => c.family === "zipoisson")!];
const HISTOGRAMS = slice.reduce((s, c) => s + histogramCount(c), 0);

describe.each(slice.map((c) => [c.label ?? c.family, c] as const))("SBC slice: %s", (_name, c) => {
  it("ranks are not grossly non-uniform", async () => {
    const ranks = await sbcRanks(c, { units: 60, groups: 6, replications: 20, rankDraws: RANK_DRAWS, thin: 4, burnin: 200, seed: 77 });
    const failures: string[] = [];
    expect(Object.keys(ranks)).toHaveLength(histogramCount(c));
    for (const [name, r] of Object.entries(ranks)) {
      expect(r).toHaveLength(20);
      const { p } = rankPValue(r, RANK_DRAWS, BINS);
      if (p < 0.01 / HISTOGRAMS) failures.push(`${name} (p = ${p.toExponential(2)})`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
