// Summary of a whole fit: the groups of summary.json (fixed effects, (co)variances, cutpoints,
// derived quantities), settings, timing and completeness.

import type { Fit } from "../fit.js";
import type { ModelSpec } from "../models/types.js";
import { summariseGroup, summariseParameter, timingOf, type Summary } from "./summary.js";
import { computeDic } from "./dic.js";
import { driftWarnings, linkScaleFixedEffects } from "./drift.js";
import { chooseLocationSampler, locationEquations } from "../samplers/kernels/location/choice.js";

export function summariseFit(fit: Fit): Summary {
  const { layout, chainDraws: draws, settings, run } = fit;
  const fixed = summariseGroup(draws, layout.fixed, true);
  const covariances = summariseGroup(draws, layout.covariances, false);
  const cutpoints = summariseGroup(draws, layout.cutpoints, false);
  const derived = Object.entries(fit.derivedDraws()).map(([name, chains]) => summariseParameter(name, chains, false));
  const warnings = [...fit.warnings];
  for (const f of fit.failures) warnings.push(`chain ${f.chain + 1} failed at iteration ${f.iteration} in ${f.component}: ${f.message}`);
  warnings.push(...driftWarnings(draws, linkScaleFixedEffects(fit.model)));
  if (run.stopped) warnings.push("sampling was interrupted: the summary covers the draws made so far");
  const summary: Summary = {
    model: modelInfo(fit.model.spec),
    fixed,
    covariances,
    cutpoints,
    derived,
    dic: computeDic(fit.model, run.deviance, run.sums)?.dic ?? null,
    settings: {
      nitt: settings.nitt, burnin: settings.burnin, thin: settings.thin, chains: settings.chains, seed: settings.seed,
      // which location sampler the chains ran (decided from the model's size when "auto")
      location: chooseLocationSampler(fit.model, locationEquations(fit.model), settings.location),
    },
    timing: timingOf(run.wallSeconds, run.chainSeconds, run.iterations, [...fixed, ...covariances, ...cutpoints]),
    complete: fit.complete,
    kept: { draws_per_chain: draws.chains[0]?.[0]?.length ?? 0, chains: draws.chains.length, iterations_per_chain: [...run.iterations] },
    warnings,
  };
  const sampler = (run.sampler ?? []).filter((s) => s.proposed > 0).map((s) => ({ kernel: s.kernel, acceptance: s.accepted / s.proposed, steps: s.proposed }));
  if (sampler.length > 0) summary.sampler = sampler;
  if (fit.convergence) summary.convergence = fit.convergence;
  return summary;
}

function modelInfo(spec: ModelSpec): NonNullable<Summary["model"]> {
  return {
    fixed: spec.fixed,
    ...(spec.random ? { random: spec.random } : {}),
    ...(spec.rcov ? { rcov: spec.rcov } : {}),
    ...(spec.family ? { family: spec.family } : {}),
  };
}
