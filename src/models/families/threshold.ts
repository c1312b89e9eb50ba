// threshold: an ordered response whose latent value is pinned between cutpoints (probit link,
// no extra variance: MCMCglmm's "threshold"); binary responses need R fixed (R = 1).

import { orderedFamily } from "./ordered.js";

export const threshold = orderedFamily("threshold", 0, "threshold-truncated-normal");
