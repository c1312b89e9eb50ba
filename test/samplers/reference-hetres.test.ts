// Heterogeneous residual variances (rcov ~idh(sex):units, one variance per sex level, data in
// their own unsorted row order) against MCMCglmm's reference posterior M15_BTdata_hetres: every
// mean, 2.5% and 97.5% quantile within 4 x sqrt(mcse_ours^2 + mcse_ref^2).

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { compareWithReference, loadReference } from "../helpers/reference.js";

describe("M15_BTdata_hetres against MCMCglmm", () => {
  it("agrees on every parameter's mean and 95% quantiles, with one residual variance per sex", async () => {
    const ref = loadReference("M15_BTdata_hetres");
    const result = await fit(ref.spec, ref.data, { nitt: 23000, burnin: 3000, thin: 10, chains: 4, threads: 2, seed: 2024, relationships: ref.relationships });
    const s = result.summary();
    expect(s.covariances.map((r) => r.name)).toEqual(["fosternest", "sexFem.units", "sexMale.units", "sexUNK.units"]);
    const { disagreements, compared, missing } = compareWithReference([...s.fixed, ...s.covariances], ref.parameters);
    expect(missing).toEqual([]);
    expect(compared).toBe(21);
    expect(disagreements).toEqual([]);
    // the check is sharp only if our own MCSEs are small: at least 2,000 bulk-ESS for each parameter
    for (const row of [...s.fixed, ...s.covariances]) expect(row.ess_bulk).toBeGreaterThan(2000);
  });
});
