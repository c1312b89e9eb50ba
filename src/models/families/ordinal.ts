// ordinal: MCMCglmm's "ordinal": P(y = c | l) = Phi(g_c - l) - Phi(g_{c-1} - l), a probit with
// its own unit variance on top of the residual.

import { orderedFamily } from "./ordered.js";

export const ordinal = orderedFamily("ordinal", 1, "ordinal-truncated-normal");
