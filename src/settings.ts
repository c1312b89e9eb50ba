// Run settings: the spec's values, overridden by explicit options, with MCMCglmm's defaults
// (nitt 13000, burnin 3000, thin 10), checked before anything is sampled.

import { ModelSpecError } from "./errors.js";
import { currentPlatform } from "./platform/platform.js";
import type { LatentKernelChoice, ModelSpec } from "./models/types.js";
import type { LocationSamplerChoice } from "./samplers/kernels/location/choice.js";

export interface RunOptions {
  nitt?: number;
  burnin?: number;
  thin?: number;
  chains?: number;
  threads?: number;
  seed?: number;
  pr?: boolean;
  latent?: LatentKernelChoice;
  /** Save the latent variables (MCMCglmm's pl). */
  pl?: boolean;
  /** Location sampler (samplers/kernels/location/choice.ts); default "auto". */
  location?: LocationSamplerChoice;
}

export interface ResolvedSettings {
  readonly nitt: number;
  readonly burnin: number;
  readonly thin: number;
  readonly chains: number;
  readonly threads: number;
  readonly seed: number;
  readonly pr: boolean;
  readonly latent: LatentKernelChoice;
  readonly pl: boolean;
  readonly location: LocationSamplerChoice;
}

export const DEFAULTS = { nitt: 13000, burnin: 3000, thin: 10, chains: 4, seed: 1 } as const;

/**
 * The run settings (nitt, burnin, thin, chains, seed, ...) from a spec, overridden by options, checked.
 *
 * @example
 * ```ts
 * const { spec } = loadSpec("examples/btdata/spec.json");
 * const settings = resolveSettings(spec, { chains: 2, seed: 7 }); // options override the spec
 * settings.nitt; // from the spec (or MCMCglmm's default 13000)
 * ```
 */
export function resolveSettings(spec: ModelSpec, options: RunOptions = {}): ResolvedSettings {
  const nitt = options.nitt ?? spec.nitt ?? DEFAULTS.nitt;
  const burnin = options.burnin ?? spec.burnin ?? DEFAULTS.burnin;
  const thin = options.thin ?? spec.thin ?? DEFAULTS.thin;
  const chains = options.chains ?? spec.chains ?? DEFAULTS.chains;
  const seed = options.seed ?? spec.seed ?? DEFAULTS.seed;
  const threads = options.threads ?? spec.threads ?? Math.min(chains, currentPlatform().availableParallelism());
  const latent = options.latent ?? spec.latent ?? "auto";
  requireInteger("nitt", nitt, 1);
  requireInteger("burnin", burnin, 0);
  requireInteger("thin", thin, 1);
  requireInteger("chains", chains, 1);
  requireInteger("threads", threads, 1);
  if (!Number.isInteger(seed)) throw new ModelSpecError(`seed must be an integer, got ${seed}`);
  if (burnin >= nitt) throw new ModelSpecError(`burnin (${burnin}) must be smaller than nitt (${nitt})`);
  if (thin > nitt - burnin) throw new ModelSpecError(`thin (${thin}) is larger than nitt - burnin (${nitt - burnin}): no iteration would be saved`);
  if (!["mh", "exact", "auto"].includes(latent)) throw new ModelSpecError(`latent must be "mh", "exact" or "auto", got "${latent}"`);
  const pl = options.pl ?? spec.pl ?? false;
  if (typeof pl !== "boolean") throw new ModelSpecError(`pl must be true or false, got ${JSON.stringify(pl)}`);
  const location = options.location ?? spec.location ?? "auto";
  if (!["auto", "cholesky", "pcg", "gibbs", "crossed"].includes(location)) throw new ModelSpecError(`location must be "auto", "cholesky", "pcg", "gibbs" or "crossed", got "${location}"`);
  return { nitt, burnin, thin, chains, threads, seed, pr: options.pr ?? spec.pr ?? false, latent, pl, location };
}

function requireInteger(name: string, value: number, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ModelSpecError(`${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
}
