// Convergence diagnostics for one scalar's draws, as the R package posterior 1.4.0.
//
// Convention: where posterior returns NA (a NaN or infinite draw, all draws equal, fewer
// than 3 iterations for an ESS) these functions return NaN; JSON output writes it as null.
export type { Chains } from "./types.js";
export { checkChains } from "./types.js";
export { rhat, rhatBasic, rhatOfChains, rhatFromParts, zScaledSplit } from "./rhat.js";
export { essBasic, essMean, essBulk, essTail, essQuantile } from "./ess.js";
export { essOfChains } from "./ess-core.js";
export { mcseMean, mcseQuantile, mcseQuantileFromEss } from "./mcse.js";
export { autocovariance, autocorrelation, meanAutocovariance } from "./autocovariance.js";
export { splitChains } from "./split.js";
export { zScale, foldDraws, averageRanks } from "./ranks.js";
export { quantile7, quantileSorted, medianSorted, sortedPool } from "./quantile.js";
export { qnorm } from "./normal.js";
export { pbeta, qbeta, lgamma } from "./beta.js";
export { fftInPlace, nextPowerOfTwo } from "./fft.js";
export { summariseDraws, type DrawsSummary, type QuantileSummary, type SummariseOptions } from "./summarise.js";
