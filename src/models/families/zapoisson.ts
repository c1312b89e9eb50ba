// zapoisson: zero-altered (complementary log-log zero part) poisson, MCMCglmm's "zapoisson" (a count y); latent traits y (the
// count part) and za_y (the zero part). Definitions in two-part.ts.

import { twoPartFamily } from "./two-part.js";

export const zapoisson = twoPartFamily("zapoisson", "za", "poisson");
