// predict's `posterior` and `it` options (MCMCglmm's predict.MCMCglmm): predict from every draw
// ("all", the default), from one parameter vector made of the posterior means ("mean") or modes
// ("mode", posterior.mode), or from one saved draw (`it`, 1-based over the chains in order, as
// draws.csv's .draw). MCMCglmm averages only Sol and VCV and keeps the first draw's cutpoints;
// here cutpoints are averaged too, so every parameter comes from the same summary.

import { ModelSpecError } from "../errors.js";
import type { Draws } from "./draws.js";
import { posteriorModeOf } from "./posterior-mode.js";

export type PosteriorChoice = "all" | "mean" | "mode";

/**
 * The draws predict uses: all of them, or a single draw (one chain of length one).
 *
 * @example
 * ```ts
 * const atMean = pointDraws(result.chainDraws, "mean"); // one draw: the posterior means
 * ```
 */
export function pointDraws(draws: Draws, posterior: PosteriorChoice = "all", it?: number): Draws {
  if (!["all", "mean", "mode"].includes(posterior)) throw new ModelSpecError(`posterior must be "all", "mean" or "mode", got ${JSON.stringify(posterior)}`);
  const perChain = draws.chains[0]?.[0]?.length ?? 0;
  const total = perChain * draws.chains.length;
  if (it !== undefined) {
    if (posterior !== "all") throw new ModelSpecError(`give either it or posterior = "${posterior}", not both`);
    if (!Number.isInteger(it) || it < 1 || it > total) throw new ModelSpecError(`it must be a whole number from 1 to ${total} (the saved draws), got ${it}`);
    const c = Math.floor((it - 1) / perChain);
    const i = (it - 1) % perChain;
    return { names: draws.names, chains: [draws.chains[c].map((x) => Float64Array.of(x[i]))] };
  }
  if (posterior === "all") return draws;
  if (total === 0) throw new ModelSpecError("the fit has no saved draws");
  const single = draws.names.map((_, p) => {
    const pooled = new Float64Array(total);
    draws.chains.forEach((chain, c) => pooled.set(chain[p], c * perChain));
    if (posterior === "mode") return Float64Array.of(posteriorModeOf(pooled));
    let s = 0;
    for (const v of pooled) s += v;
    return Float64Array.of(s / total);
  });
  return { names: draws.names, chains: [single] };
}
