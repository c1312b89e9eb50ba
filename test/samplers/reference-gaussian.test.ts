// Gaussian mixed models against MCMCglmm's reference posteriors (M1 sleepstudy, M2 PlodiaPO):
// every mean, 2.5% and 97.5% quantile within 4 x sqrt(mcse_ours^2 + mcse_ref^2).

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { compareWithReference, loadReference } from "../helpers/reference.js";

const cases = [
  { name: "M1_sleepstudy", nitt: 103000, burnin: 3000, thin: 50 },
  { name: "M2_PlodiaPO", nitt: 23000, burnin: 3000, thin: 10 },
];

describe.each(cases)("$name against MCMCglmm", ({ name, nitt, burnin, thin }) => {
  it("agrees on every parameter's mean and 95% quantiles", async () => {
    const ref = loadReference(name);
    const result = await fit(ref.spec, ref.data, { nitt, burnin, thin, chains: 4, threads: 2, seed: 2024, relationships: ref.relationships });
    const s = result.summary();
    const { disagreements, compared, missing } = compareWithReference([...s.fixed, ...s.covariances], ref.parameters);
    expect(missing).toEqual([]);
    expect(compared).toBeGreaterThan(0);
    expect(disagreements).toEqual([]);
    // the check is sharp only if our own MCSEs are small: at least 2,000 bulk-ESS for each parameter
    for (const row of [...s.fixed, ...s.covariances]) expect(row.ess_bulk).toBeGreaterThan(2000);
  });
});
