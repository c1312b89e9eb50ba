// poisson: y ~ Poisson(exp(l)) (log link; MCMCglmm's overdispersed Poisson through the units
// residual). No exact augmentation exists: "auto" draws each latent by tangent rejection or a
// Laplace independence MH step, "mh" is MCMCglmm's random walk.

import { logFactorial } from "./log-factorial.js";
import { poissonCdf, rPoisson } from "../../random/distributions.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { counts } from "./columns.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition } from "./types.js";
import { exp, log } from "../../math/deterministic.js";

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  return y * l[0] - exp(l[0]) - logFactorial(y);
};

export const poisson: FamilyDefinition = {
  key: "poisson",
  description: "poisson (log link)",
  link: "log",
  columns: () => 1,
  build: (family, [col], traitOffset) => ({
    response: { name: col.name, family, traitOffset, nTraits: 1, y: counts(col, family) },
    traitNames: [col.name],
  }),
  latentKernels: { auto: "poisson-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "poisson",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (_r, y) => log(y + 0.5),
  jitterStart: true,
  samplerLogLikelihood: (r) => {
    const y = r.y;
    return (u, x) => y[u] * x[0] - exp(x[0]);
  },
  logitCounts: () => null,
  logLikelihood,
  expectedResponse: (_r, mean, cov, _cp, _n, out) => {
    out[0] = exp(mean[0] + 0.5 * cov[0]);
  },
  predictiveCdf: (_r, y, m, variance) => (y < 0 ? 0 : expectNormal1(m, Math.sqrt(variance), (x) => poissonCdf(y, exp(x)), 60)),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (_r, l, _cp, _n, rng) => rPoisson(rng, exp(l[0])),
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "prop_zero", "max"],
};
