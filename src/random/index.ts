// Random variates: seeded per-chain streams and the generators the samplers use.
export { createStream, restoreStream, streamState, deriveStreamSeed, Stream, fillNormal } from "./stream.js";
export type { Rng, StreamState } from "./stream.js";
export { gamma, logGamma, chisq, invGamma, beta } from "./gamma.js";
export { createWishartWorkspace, rWishart, rInvWishart, rInvWishartConditional } from "./wishart.js";
export type { WishartWorkspace } from "./wishart.js";
export { rTruncNormal } from "./truncnormal.js";
export { rPolyaGamma, rPolyaGammaOne, PG_EXACT_MAX_B } from "./polyagamma.js";
export { pgMean, pgVariance, pgThirdCumulant, pgLaplace } from "./polyagamma-moments.js";
export { logistic, softplus } from "./logistic.js";
export { normalCdf, logNormalCdf, normalUpperTail, logNormalUpperTail, millsRatio } from "./normal-cdf.js";
export { mhAccept } from "./mh.js";
