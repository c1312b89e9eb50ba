// hubinomial: hurdle binomial, MCMCglmm's "hubinomial" (cbind(successes, failures)); latent traits y (the
// count part) and hu_y (the zero part). Definitions in two-part.ts.

import { twoPartFamily } from "./two-part.js";

export const hubinomial = twoPartFamily("hubinomial", "hu", "binomial");
