// zipoisson: zero-inflated poisson, MCMCglmm's "zipoisson" (a count y); latent traits y (the
// count part) and zi_y (the zero part). Definitions in two-part.ts.

import { twoPartFamily } from "./two-part.js";

export const zipoisson = twoPartFamily("zipoisson", "zi", "poisson");
