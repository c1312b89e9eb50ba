// A phylogenetic mixed model (M16: ~phylo with MCMCglmm's inverseA of a Newick tree) and a
// meta-analysis with known sampling variances (M17: mev) against MCMCglmm's reference
// posteriors: every mean, 2.5% and 97.5% quantile within 4 x sqrt(mcse_ours^2 + mcse_ref^2).
// M16's variances mix slowly in MCMCglmm (5,164 bulk-ESS from 4 million iterations) and under block
// Gibbs alone; the marginal (co)variance move mixes them about ten times faster per iteration, so
// 10,000 iterations per chain give several hundred. The long M16 check is in test/validate.

import { describe, expect, it } from "vitest";
import { checkAgainstReference } from "./families/reference-check.js";
import { loadReference } from "../helpers/reference.js";

describe("M16_phylo_birds (tree.nwk as the ginverse of phylo) against MCMCglmm", () => {
  it("reads the tree as MCMCglmm's inverseA(tree)$Ainv: 271 nodes, the root dropped", () => {
    const ref = loadReference("M16_phylo_birds");
    expect(ref.relationships.phylo.levels).toHaveLength(271);
  });
  it("agrees on every parameter's mean and 95% quantiles", async () => {
    await checkAgainstReference({ name: "M16_phylo_birds", latent: "auto", nitt: 13000, burnin: 3000, thin: 10, minEss: 150 });
  }, 120_000);
});

describe("M17_meta_mev (mev = vi) against MCMCglmm", () => {
  it("agrees on every parameter's mean and 95% quantiles, with the mev variance held at 1", async () => {
    await checkAgainstReference({ name: "M17_meta_mev", latent: "auto", nitt: 43000, burnin: 3000, thin: 10, minEss: 1000 });
  }, 120_000);
});
