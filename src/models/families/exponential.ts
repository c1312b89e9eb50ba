// exponential: waiting times y >= 0 with rate exp(l) (log link on the rate: E[y | l] = exp(-l)),
// MCMCglmm's "exponential" (its C code's dexp with mean exp(-l)). No exact augmentation: "auto"
// is the Laplace-proposal independence sampler (trait-laplace.ts), "mh" MCMCglmm's random walk.

import { expectNormal1 } from "../../random/quadrature.js";
import { nonNegative } from "./columns.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition } from "./types.js";
import { exp, expm1, log } from "../../math/deterministic.js";

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  return l[0] - y * exp(l[0]);
};

export const exponential: FamilyDefinition = {
  key: "exponential",
  description: "exponential (log link on the rate)",
  link: "log",
  columns: () => 1,
  build: (family, [col], traitOffset) => ({
    response: { name: col.name, family, traitOffset, nTraits: 1, y: nonNegative(col, family, "times") },
    traitNames: [col.name],
  }),
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (_r, y) => -log(y + 0.1),
  jitterStart: true,
  samplerLogLikelihood: (r) => {
    const y = r.y;
    return (u, x) => x[0] - y[u] * exp(x[0]);
  },
  traitDerivatives: (r) => (u, _j, _x, t, out) => {
    const rate = r.y[u] * exp(t);
    out[0] = 1 - rate;
    out[1] = -rate;
    return true;
  },
  logitCounts: () => null,
  logLikelihood,
  ...exponentialTimes(logLikelihood),
};

/**
 * What an exponential time with rate exp(l) is on the data scale, shared with cenexponential:
 * mean exp(-l) (integrated over l ~ N(m, v): exp(-m + v/2)), CDF 1 - exp(-y e^l), draws.
 */
export function exponentialTimes(logLikelihood: FamilyDefinition["logLikelihood"]): Pick<
  FamilyDefinition,
  "expectedResponse" | "predictiveCdf" | "continuous" | "logPredictiveDensity" | "drawObservation" | "observationPerTrait" | "hasCountColumns" | "defaultStatistics"
> {
  return {
    expectedResponse: (_r, mean, cov, _cp, _n, out) => {
      out[0] = exp(-mean[0] + 0.5 * cov[0]);
    },
    predictiveCdf: (_r, y, m, variance) => (y <= 0 ? 0 : expectNormal1(m, Math.sqrt(variance), (x) => -expm1(-y * exp(x)), 60)),
    continuous: true,
    logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
    drawObservation: (_r, l, _cp, _n, rng) => -log(rng.uniform()) * exp(-l[0]),
    observationPerTrait: (_r, y) => y,
    hasCountColumns: () => false,
    defaultStatistics: ["mean", "sd", "min", "max"],
  };
}
