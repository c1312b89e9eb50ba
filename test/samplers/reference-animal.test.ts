// The bivariate Gaussian animal model (M7 BTdata: pedigree, foster nest, us(trait) residuals)
// against MCMCglmm: every fixed effect and (co)variance, the heritabilities and the genetic
// correlation within 4 x sqrt(mcse_ours^2 + mcse_ref^2). 10,000 iterations after burn-in suffice
// since the marginal (co)variance move mixes the (co)variances (about twice block Gibbs' ESS).

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { compareWithReference, loadReference } from "../helpers/reference.js";

describe("M7_BTdata against MCMCglmm", () => {
  it("agrees on fixed effects, (co)variances, heritabilities and the genetic correlation", async () => {
    const ref = loadReference("M7_BTdata");
    const result = await fit(ref.spec, ref.data, { nitt: 13000, burnin: 3000, thin: 10, chains: 4, threads: 2, seed: 77, relationships: ref.relationships });
    const s = result.summary();
    const { disagreements, compared, missing } = compareWithReference([...s.fixed, ...s.covariances], ref.parameters);
    expect(missing).toEqual([]);
    expect(compared).toBe(3 * 20);
    expect(disagreements).toEqual([]);
    const derivedNames: Record<string, string> = { h2_tarsus: "h2.tarsus", h2_back: "h2.back", rg_tarsus_back: "cor.animal.tarsus.back" };
    const derivedRows = s.derived.filter((r) => Object.values(derivedNames).includes(r.name)).map((r) => ({ ...r, name: Object.keys(derivedNames).find((k) => derivedNames[k] === r.name)! }));
    const derived = compareWithReference(derivedRows, ref.derived!);
    expect(derived.missing).toEqual([]);
    expect(derived.disagreements).toEqual([]);
    for (const row of [...s.fixed, ...s.covariances]) expect(row.ess_bulk).toBeGreaterThan(700);
    expect(s.dic).not.toBeNull();
  });
});
