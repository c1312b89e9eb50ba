// Runs that continue in rounds until converged, and the progress callback.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import type { ChainProgress } from "../../src/samplers/run/chain.js";
import { loadReference } from "../helpers/reference.js";

describe("targetEss", () => {
  it("continues until every parameter reaches the target bulk-ESS and R-hat < 1.01", async () => {
    const ref = loadReference("M2_PlodiaPO");
    const events: ChainProgress[] = [];
    const result = await fit(ref.spec, ref.data, {
      nitt: 1500, burnin: 500, thin: 2, chains: 2, threads: 1, seed: 3,
      targetEss: 1500, maxIterations: 30000,
      onProgress: (p) => events.push(p),
    });
    const s = result.summary();
    expect(s.convergence?.reached).toBe(true);
    expect(s.convergence!.iterations).toBeGreaterThan(1500);
    expect(result.run.rounds).toBeGreaterThan(1);
    for (const row of [...s.fixed, ...s.covariances]) {
      expect(row.ess_bulk).toBeGreaterThanOrEqual(1500);
      expect(row.rhat).toBeLessThan(1.01);
    }
    // saved draws cover every round: 500 from the first, 500 per later round (thin 2)
    expect(result.draws["(Intercept)"][0].length).toBe(500 * result.run.rounds);
    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.chain))).toEqual(new Set([0, 1]));
    const last = events[events.length - 1];
    expect(last.rate).toBeGreaterThan(0);
    expect(last.elapsedSeconds).toBeGreaterThan(0);
  });

  it("stops at the cap and says the target was not reached", async () => {
    const ref = loadReference("M2_PlodiaPO");
    const result = await fit(ref.spec, ref.data, { nitt: 1500, burnin: 500, thin: 2, chains: 2, threads: 1, seed: 3, targetEss: 1e6, maxIterations: 4000 });
    const s = result.summary();
    expect(s.convergence).toEqual({ targetEss: 1e6, reached: false, iterations: 3500 });
  });
});
