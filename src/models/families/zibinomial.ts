// zibinomial: zero-inflated binomial, MCMCglmm's "zibinomial" (cbind(successes, failures)); latent traits y (the
// count part) and zi_y (the zero part). Definitions in two-part.ts.

import { twoPartFamily } from "./two-part.js";

export const zibinomial = twoPartFamily("zibinomial", "zi", "binomial");
