// The console header says what the draws hold, not what was planned: with --target-ess the run
// continues in rounds and keeps more draws than nitt gives; summary.json's `kept` says the same.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { formatSummaryTable } from "../../src/report/table.js";
import { loadReference } from "../helpers/reference.js";

describe("the table's header", () => {
  it("states the draws kept after --target-ess rounds", async () => {
    const ref = loadReference("M2_PlodiaPO");
    const result = await fit(ref.spec, ref.data, { nitt: 1500, burnin: 500, thin: 2, chains: 2, threads: 1, seed: 3, targetEss: 1500, maxIterations: 30000 });
    expect(result.run.rounds).toBeGreaterThan(1);
    const perChain = result.draws["(Intercept)"][0].length;
    expect(perChain).toBe(500 * result.run.rounds);
    const summary = result.summary();
    expect(summary.kept).toEqual({ draws_per_chain: perChain, chains: 2, iterations_per_chain: result.run.iterations });
    const table = formatSummaryTable(summary, result.model);
    expect(table).toContain(` Iterations = 501:${500 + perChain * 2}`);
    expect(table).toContain(` Sample size  = ${perChain} per chain x 2 chains (planned 500 x 2)`);
  });
});
