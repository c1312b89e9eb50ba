// Simulation-based calibration of every family of the registry (test/helpers/sbc-families.ts:
// one case per family, and the zero-inflated/hurdle families once more with latent = "exact"):
// fixed effects, the group variance and the free residual variance, rank histograms over 10
// bins, chi-square p-values with a Bonferroni correction over all parameter histograms of all
// cases at 1% (each p must exceed 0.01 / number of histograms; the count is in the test's name).
// Long: run by `npm run validate` (MCGLMM_SBC_REPLICATIONS sets the replications, default 100;
// vitest's -t picks cases, e.g. -t "SBC: zipoisson"; MCGLMM_SBC_PROGRESS=file appends each
// replication's ranks to that file as a JSON line, so a long run's progress can be read;
// MCGLMM_SBC_FIRST=k fits only replications k, k+1, ... of the same stream: a case split over
// processes, whose logs are merged by replication).

import { appendFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SBC_CASES, SBC_KERNEL_CASES, histogramCount, rankPValue, sbcRanks } from "../helpers/sbc-families.js";

const REPLICATIONS = Number(process.env.MCGLMM_SBC_REPLICATIONS ?? 100);
/** MCGLMM_SBC_SEED runs another stream of replications (a long case split over processes; sum their bin counts). */
const SEED = Number(process.env.MCGLMM_SBC_SEED ?? 4242);
const RANK_DRAWS = 99;
const BINS = 10;
const cases = [...Object.values(SBC_CASES), ...SBC_KERNEL_CASES];
const HISTOGRAMS = cases.reduce((s, c) => s + histogramCount(c), 0);
const PROGRESS = process.env.MCGLMM_SBC_PROGRESS;
const FIRST = Number(process.env.MCGLMM_SBC_FIRST ?? 0);

describe.each(cases.map((c) => [c.label ?? c.family, c] as const))("SBC: %s", (name, c) => {
  it(`gives uniform ranks over ${REPLICATIONS} replications (Bonferroni over ${HISTOGRAMS} histograms at 1%)`, async () => {
    const skipped: number[] = [];
    const ranks = await sbcRanks(c, { units: 200, groups: 20, replications: REPLICATIONS, rankDraws: RANK_DRAWS, thin: 10, burnin: 1000, seed: SEED, firstReplication: FIRST,
      onReplication: PROGRESS ? (rep, ranks) => appendFileSync(PROGRESS, `${JSON.stringify({ case: name, rep, ranks })}\n`) : undefined,
      onSkipped: (rep, reason) => {
        skipped.push(rep);
        console.log(`${name}: replication ${rep} dropped (${reason})`);
      },
    });
    const failures: string[] = [];
    for (const [parameter, r] of Object.entries(ranks)) {
      const { counts, chi2, p } = rankPValue(r, RANK_DRAWS, BINS);
      console.log(`${name} ${parameter}: ranks ${counts.join(" ")}, chi2 ${chi2.toFixed(1)}, p ${p.toFixed(4)}`);
      if (p < 0.01 / HISTOGRAMS) failures.push(`${parameter} (p = ${p.toExponential(2)})`);
    }
    expect(Object.keys(ranks)).toHaveLength(histogramCount(c));
    // a few data sets the model refuses are fine (e.g. one category in 200 binary draws); many are not
    expect(skipped.length).toBeLessThanOrEqual(0.05 * REPLICATIONS);
    expect(failures).toEqual([]);
  }, 4 * 3_600_000); // a two-part case takes about an hour of wall time on a loaded 2-core machine
});
