// A Fit made of draws from the prior alone (spec `prior_only: true`): the same summary, derived
// quantities (correlations, heritabilities) and report as a posterior fit, so users can see what
// their priors imply. No DIC (there is no likelihood).

import { ModelSpecError } from "../errors.js";
import { Fit, type FitOptions } from "../fit.js";
import type { Model } from "../models/types.js";
import type { Prior } from "../priors/prior.js";
import { samplePrior } from "../samplers/prior-sampler.js";
import type { ResolvedSettings } from "../settings.js";
import { defaultDerived } from "./derived.js";

export function priorOnlyFit(model: Model, prior: Prior, settings: ResolvedSettings, options: FitOptions): Fit {
  if (settings.pr) throw new ModelSpecError("prior_only draws no random effects: remove pr");
  if (settings.pl) throw new ModelSpecError("prior_only draws no latent variables: remove pl");
  if (model.spec.start !== undefined) throw new ModelSpecError("prior_only draws are independent: start does not apply");
  if (options.targetEss !== undefined) throw new ModelSpecError("prior_only draws are independent: targetEss does not apply");
  const start = performance.now();
  const saved = Math.floor((settings.nitt - settings.burnin) / settings.thin);
  const { layout, chains, seconds } = samplePrior(model, prior, { chains: settings.chains, seed: settings.seed, saved, thin: settings.thin });
  const run = {
    chainSeconds: seconds,
    iterations: chains.map(() => settings.nitt),
    failures: [],
    stopped: false,
    rounds: 1,
    wallSeconds: (performance.now() - start) / 1000,
    deviance: chains.map(() => new Float64Array(0)),
    sums: undefined,
    chainIds: chains.map((_, c) => c),
    chainSums: chains.map(() => undefined),
  };
  const warnings = [...model.warnings, ...prior.warnings, "prior_only: these are draws from the prior, not a posterior"];
  return new Fit(model, prior, settings, layout, { names: layout.names, chains }, run, warnings, undefined, { ...defaultDerived(model), ...(options.derived ?? {}) });
}
