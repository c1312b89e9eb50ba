// The families added on the family interface against MCMCglmm's reference posteriors: M11
// Salamanders hurdle Poisson (hupoisson, spp levels fixed by the spec, the non-estimable
// at.level(trait, 1):sppDF dropped), M12 left- and right-censored Gaussian (cengaussian), M14
// exponential times with a random cluster intercept (exponential, the units variance free):
// every mean, 2.5% and 97.5% quantile within 4 x sqrt(mcse_ours^2 + mcse_ref^2), default latent
// kernel (M11 also with latent = "exact": the hurdle's zero part by Polya-Gamma augmentation). Lengths give our own bulk-ESS the floor `minEss` on every free parameter so that our
// MCSE is comparable to the reference's; longer runs (and latent = "mh") in
// test/validate/reference-new-families-long.test.ts. Measured at seed 2024: max z 2.18, 1.64, 1.30;
// min bulk-ESS 497, 1488, 589.

import { describe, it } from "vitest";
import { checkAgainstReference, type ReferenceCase } from "./reference-check.js";

const cases: ReferenceCase[] = [
  { name: "M11_Salamanders_hurdle", latent: "auto", nitt: 4500, burnin: 500, thin: 2, minEss: 400 },
  { name: "M11_Salamanders_hurdle", latent: "exact", nitt: 5000, burnin: 500, thin: 2, minEss: 400 },
  { name: "M12_cengaussian_detection", latent: "auto", nitt: 2500, burnin: 500, thin: 1, minEss: 1000 },
  { name: "M14_exponential_frailty", latent: "auto", nitt: 5000, burnin: 1000, thin: 2, minEss: 450 },
];

describe.each(cases)("$name (latent = $latent) against MCMCglmm", (c) => {
  it("agrees on every parameter's mean and 95% quantiles", async () => {
    await checkAgainstReference(c);
  }, 300_000);
});
