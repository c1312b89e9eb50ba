// Long version of the M16 phylogenetic check: its variances mix slowly (MCMCglmm needed 4 million
// iterations for 5,164 bulk-ESS), so the check with our MCSEs comparable to the reference's runs
// here, under `npm run validate`, not in the default suite.

import { describe, it } from "vitest";
import { checkAgainstReference } from "../samplers/families/reference-check.js";

describe("M16_phylo_birds, long run, against MCMCglmm", () => {
  it("agrees on every parameter's mean and 95% quantiles", async () => {
    await checkAgainstReference({ name: "M16_phylo_birds", latent: "auto", nitt: 403000, burnin: 3000, thin: 100, minEss: 1500 });
  });
});
