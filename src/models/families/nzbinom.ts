// nzbinom: whether a binomial count is non-zero, cbind(y, size) with y in {0, 1} and size the
// number of trials (MCMCglmm's "nzbinom"): P(y = 1 | l) = 1 - (1 - p)^size, p = logistic(l).
// At y = 0 the likelihood -size log(1 + e^l) is a binomial logit (no successes in size trials):
// exact tangent / Laplace draws; at y = 1 the Laplace independence sampler (trait-laplace.ts).

import { DataError } from "../../errors.js";
import { rBinomial } from "../../random/distributions.js";
import { logistic, softplus } from "../../random/logistic.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { formatRNumber } from "../formula/print.js";
import { counts } from "./columns.js";
import { log1mExpNeg } from "./counts.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition } from "./types.js";
import { exp, expm1, log } from "../../math/deterministic.js";

const logLik = (y: number, l: number, size: number): number => (y === 0 ? -size * softplus(l) : log1mExpNeg(size * softplus(l)));

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  return logLik(y, l[0], r.trials![unit]);
};

export const nzbinom: FamilyDefinition = {
  key: "nzbinom",
  description: "nzbinom (whether a binomial count is non-zero, logit link: cbind(y, size))",
  link: "logit",
  columns: () => 2,
  build: (family, [yCol, sizeCol], traitOffset) => {
    const y = counts(yCol, family, "indicators");
    const size = counts(sizeCol, family, "trial numbers");
    y.forEach((v, u) => {
      if (!Number.isNaN(v) && v > 1) throw new DataError(`response "${yCol.text}" row ${u + 1} is ${formatRNumber(v)}: nzbinom responses are 0 or 1`);
      if (Number.isNaN(v) !== Number.isNaN(size[u]) || size[u] === 0) {
        throw new DataError(`response "${sizeCol.text}" row ${u + 1}: nzbinom needs a positive trial number wherever "${yCol.text}" is observed (and both missing together)`);
      }
    });
    return { response: { name: yCol.name, family, traitOffset, nTraits: 1, y, trials: size }, traitNames: [yCol.name] };
  },
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (r, y, _t, u) => (y === 0 ? -1 - log(r.trials![u]) : 0),
  jitterStart: true,
  samplerLogLikelihood: (r) => (u, x) => logLik(r.y[u], x[0], r.trials![u]),
  traitView: (r) => (u, _j, _x, out) => {
    if (r.y[u] !== 0) return "general";
    out[0] = 0;
    out[1] = r.trials![u];
    return "logit";
  },
  logitCounts: () => null,
  logLikelihood,
  expectedResponse: (_r, mean, cov, _cp, trials, out) => {
    out[0] = expectNormal1(mean[0], Math.sqrt(cov[0]), (x) => -expm1(-trials * softplus(x)), 60);
  },
  predictiveCdf: (_r, y, m, variance, _cp, trials) => (y < 0 ? 0 : y >= 1 ? 1 : expectNormal1(m, Math.sqrt(variance), (x) => exp(-trials * softplus(x)), 60)),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (_r, l, _cp, trials, rng) => (rBinomial(rng, trials ?? 1, logistic(l[0])) > 0 ? 1 : 0),
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean"],
};
