// Long reference runs of the families added on the family interface (npm run validate): M11
// hurdle Poisson, M12 censored Gaussian and M14 exponential against MCMCglmm, with the default
// kernel at a bulk-ESS near the reference's own and with MCMCglmm's random-walk scheme (not for
// M14, whose units variance needs MCMCglmm's 3.2 million iterations under that scheme: bulk-ESS
// about 0.0002 per iteration in bench/families.ts).

import { describe, it } from "vitest";
import { checkAgainstReference, type ReferenceCase } from "../samplers/families/reference-check.js";

const cases: ReferenceCase[] = [
  { name: "M11_Salamanders_hurdle", latent: "auto", nitt: 16000, burnin: 1000, thin: 5, minEss: 1200 },
  { name: "M11_Salamanders_hurdle", latent: "exact", nitt: 18000, burnin: 1000, thin: 5, minEss: 1200 },
  { name: "M11_Salamanders_hurdle", latent: "mh", nitt: 60000, burnin: 5000, thin: 20, minEss: 400 },
  { name: "M12_cengaussian_detection", latent: "auto", nitt: 8000, burnin: 1000, thin: 2, minEss: 3000 },
  { name: "M12_cengaussian_detection", latent: "mh", nitt: 20000, burnin: 2000, thin: 5, minEss: 1000 },
  { name: "M14_exponential_frailty", latent: "auto", nitt: 20000, burnin: 2000, thin: 5, minEss: 800 },
];

describe.each(cases)("$name (latent = $latent) against MCMCglmm, long", (c) => {
  it("agrees on every parameter's mean and 95% quantiles", async () => {
    await checkAgainstReference(c);
  });
});
