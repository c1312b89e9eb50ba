// Tuning of Metropolis-Hastings proposal scales during burn-in (state.adapting), for every tuned
// proposal. After burn-in the scales are frozen, so each kernel is a fixed MH kernel then.

/**
 * One Robbins-Monro step on a log proposal scale towards a target acceptance rate:
 *   x <- x + t^-0.6 (accepted - target), clamped to [lo, hi]
 * (diminishing adaptation, Andrieu & Thoms 2008, Stat. Comput. 18:343, sec. 5; targets 0.44 for
 * one dimension and 0.234 or 0.3 for several, Roberts & Rosenthal 2001).
 */
export function robbinsMonroLogScale(logScale: number, iteration: number, accepted: boolean, target: number, lo: number, hi: number): number {
  const gamma = Math.pow(Math.max(iteration, 1), -0.6);
  const next = logScale + gamma * ((accepted ? 1 : 0) - target);
  return next < lo ? lo : next > hi ? hi : next;
}

/** The same recursion on the scale itself with gain (t + 10)^-1/2: s <- s exp((accepted - target) / sqrt(t + 10)). */
export function robbinsMonroScale(scale: number, iteration: number, accepted: boolean, target: number): number {
  return scale * Math.exp(((accepted ? 1 : 0) - target) / Math.sqrt(iteration + 10));
}
