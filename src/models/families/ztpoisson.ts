// ztpoisson: zero-truncated Poisson counts y >= 1 (log link), MCMCglmm's "ztpoisson":
// P(y | l) = Pois(y; e^l) / (1 - exp(-e^l)). No exact augmentation: "auto" is the Laplace
// independence sampler (the truncated Poisson is an exponential family in l, so its
// log-likelihood is concave), "mh" MCMCglmm's random walk.

import { poissonCdf } from "../../random/distributions.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { positiveCounts } from "./columns.js";
import { drawTruncated, poissonPart, truncatedDerivatives, truncatedLogPmf, truncatedMean } from "./counts.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition } from "./types.js";
import { exp, expm1, log } from "../../math/deterministic.js";

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  return truncatedLogPmf(poissonPart, y, l[0], 1, true);
};

export const ztpoisson: FamilyDefinition = {
  key: "ztpoisson",
  description: "ztpoisson (zero-truncated poisson, log link)",
  link: "log",
  columns: () => 1,
  build: (family, [col], traitOffset) => ({
    response: { name: col.name, family, traitOffset, nTraits: 1, y: positiveCounts(col, family) },
    traitNames: [col.name],
  }),
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (_r, y) => log(y),
  jitterStart: true,
  samplerLogLikelihood: (r) => {
    const y = r.y;
    return (u, x) => truncatedLogPmf(poissonPart, y[u], x[0], 1, false);
  },
  traitDerivatives: (r) => (u, _j, _x, t, out) => {
    truncatedDerivatives(poissonPart, r.y[u], t, 1, out);
    return true;
  },
  logitCounts: () => null,
  logLikelihood,
  expectedResponse: (_r, mean, cov, _cp, _n, out) => {
    out[0] = expectNormal1(mean[0], Math.sqrt(cov[0]), (x) => truncatedMean(poissonPart, x, 1), 60);
  },
  predictiveCdf: (_r, y, m, variance) => {
    if (y < 1) return 0;
    return expectNormal1(m, Math.sqrt(variance), (x) => {
      const lambda = exp(x), p0 = exp(-lambda);
      return Math.min(1, Math.max(0, (poissonCdf(y, lambda) - p0) / -expm1(-lambda)));
    }, 60);
  },
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (_r, l, _cp, _n, rng) => drawTruncated(poissonPart, rng, l[0], 1),
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "max"],
};
