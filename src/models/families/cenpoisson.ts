// cenpoisson: a Poisson count (log link) known to lie in [lower, upper] (cbind(lower, upper);
// upper = Inf for "at least lower"; lower = upper an exact count), MCMCglmm's "cenpoisson":
// P(y | l) = P(lower <= Y <= upper), Y ~ Poisson(e^l). "auto": Laplace independence sampler.

import { lgamma } from "../../diagnostics/beta.js";
import { poissonCdf, rPoisson } from "../../random/distributions.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { censoredInterval, censoredResponse } from "./censored-columns.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition } from "./types.js";
import { exp, log, log1p } from "../../math/deterministic.js";

/** log P(lo <= Y <= hi), Y ~ Poisson(e^l), from whichever tail is accurate. */
function logIntervalProbability(lo: number, hi: number, l: number, constants: boolean): number {
  if (lo === hi) return lo * l - exp(l) - (constants ? lgamma(lo + 1) : 0);
  const lambda = exp(l);
  const below = lo > 0 ? poissonCdf(lo - 1, lambda) : 0; // P(Y < lo)
  if (hi === Infinity) return log1p(-below);
  return log(poissonCdf(hi, lambda) - below);
}

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  if (Number.isNaN(r.y[unit])) return 0;
  const [lo, hi] = censoredInterval(r, unit);
  return logIntervalProbability(lo, hi, l[0], true);
};

export const cenpoisson: FamilyDefinition = {
  openEnds: true,
  key: "cenpoisson",
  description: "cenpoisson (log link, interval-censored counts: cbind(lower, upper))",
  link: "log",
  columns: () => 2,
  build: (family, cols, traitOffset) =>
    censoredResponse(family, cols, traitOffset, (v) => (v < 0 || !Number.isInteger(v) ? "cenpoisson bounds must be whole numbers >= 0 (or Inf)" : null)),
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (r, _y, _t, unit) => {
    const [lo, hi] = censoredInterval(r, unit);
    return log((hi === Infinity ? lo + 1 : 0.5 * (lo + hi)) + 0.5);
  },
  jitterStart: true,
  samplerLogLikelihood: (r) => (u, x) => {
    const [lo, hi] = censoredInterval(r, u);
    return logIntervalProbability(lo, hi, x[0], false);
  },
  logitCounts: () => null,
  observationInterval: (r, unit) => censoredInterval(r, unit),
  logLikelihood,
  expectedResponse: (_r, mean, cov, _cp, _n, out) => {
    out[0] = exp(mean[0] + 0.5 * cov[0]);
  },
  predictiveCdf: (_r, y, m, variance) => (y < 0 ? 0 : y === Infinity ? 1 : expectNormal1(m, Math.sqrt(variance), (x) => poissonCdf(y, exp(x)), 60)),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (_r, l, _cp, _n, rng) => rPoisson(rng, exp(l[0])),
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "prop_zero", "max"],
};
