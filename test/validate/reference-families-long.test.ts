// Long version of the M9 SShorns check with latent = "mh" (MCMCglmm's random-walk scheme): its
// traithorn.polled:sexmale mixes as slowly as in MCMCglmm (which needed 1.2 million iterations
// per chain), so the sharp check runs here, under `npm run validate`, not in the default suite.

import { describe, it } from "vitest";
import { checkAgainstReference } from "../samplers/families/reference-check.js";

describe("M9_SShorns (latent = mh), long run, against MCMCglmm", () => {
  it("agrees on every parameter's mean and 95% quantiles", async () => {
    await checkAgainstReference({ name: "M9_SShorns", latent: "mh", nitt: 1203000, burnin: 3000, thin: 600, minEss: 300 });
  });
});
