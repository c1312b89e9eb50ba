// hupoisson: hurdle poisson, MCMCglmm's "hupoisson" (a count y); latent traits y (the
// count part) and hu_y (the zero part). Definitions in two-part.ts.

import { twoPartFamily } from "./two-part.js";

export const hupoisson = twoPartFamily("hupoisson", "hu", "poisson");
