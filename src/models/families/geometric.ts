// geometric: counts y >= 0 with P(y | l) = p (1 - p)^y, p = logistic(l) (support from 0; E[y | l]
// = exp(-l)), MCMCglmm's "geometric". Its log-likelihood l - (y + 1) log(1 + e^l) is a binomial
// logit with 1 success in y + 1 trials, so the logit kernels apply exactly: Polya-Gamma
// augmentation ("exact") and tangent rejection ("auto").

import { softplus } from "../../random/logistic.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { counts } from "./columns.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition, LogitCounts } from "./types.js";
import type { Response } from "../types.js";
import { exp, expm1, log } from "../../math/deterministic.js";

const logitView = (r: Response): LogitCounts => {
  const y = r.y;
  return { count: () => 1, trials: (u) => y[u] + 1 };
};

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  return l[0] - (y + 1) * softplus(l[0]);
};

export const geometric: FamilyDefinition = {
  key: "geometric",
  description: "geometric (logit link on the success probability, support from 0)",
  link: "logit",
  columns: () => 1,
  build: (family, [col], traitOffset) => ({
    response: { name: col.name, family, traitOffset, nTraits: 1, y: counts(col, family) },
    traitNames: [col.name],
  }),
  latentKernels: { auto: "logit-tangent", exact: "polya-gamma", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (_r, y) => -log(y + 0.5),
  jitterStart: true,
  samplerLogLikelihood: (r) => {
    const y = r.y;
    return (u, x) => x[0] - (y[u] + 1) * softplus(x[0]);
  },
  logitCounts: logitView,
  logLikelihood,
  expectedResponse: (_r, mean, cov, _cp, _n, out) => {
    out[0] = exp(-mean[0] + 0.5 * cov[0]);
  },
  // P(Y <= y) = 1 - (1 - p)^(y + 1)
  predictiveCdf: (_r, y, m, variance) => (y < 0 ? 0 : expectNormal1(m, Math.sqrt(variance), (x) => -expm1(-(Math.floor(y) + 1) * softplus(x)), 60)),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  // failures before the first success: floor(log U / log(1 - p)), log(1 - p) = -softplus(l)
  drawObservation: (_r, l, _cp, _n, rng) => Math.floor(-log(rng.uniform()) / softplus(l[0])),
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "prop_zero", "max"],
};
