// categorical: a nominal response with K categories has K-1 latent traits, trait j the log-odds
// of category j+1 against the first (the baseline), named "<response>.<level>" as MCMCglmm's
// traits. Two categories are a binary logit (whose residual variance is not identified: fix it).

import { categories, categoryCount } from "./columns.js";
import { drawCategory, logitSamplerLogLikelihood } from "./logit.js";
import { expectSoftmax, integratedLogDensity } from "./predictive.js";
import { categoricalSequential } from "./sequential.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { logistic } from "../../random/logistic.js";
import type { FamilyDefinition, LogitCounts } from "./types.js";
import type { Response } from "../types.js";
import { exp, log } from "../../math/deterministic.js";

const counts = (r: Response): LogitCounts => {
  const y = r.y;
  return { count: (u, j) => (y[u] === j + 1 ? 1 : 0), trials: () => 1 };
};

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  let m = 0;
  for (let j = 0; j < r.nTraits; j++) m = Math.max(m, l[j]);
  let s = exp(-m);
  for (let j = 0; j < r.nTraits; j++) s += exp(l[j] - m);
  const top = y === 0 ? 0 : l[y - 1];
  return top - m - log(s);
};

export const categorical: FamilyDefinition = {
  key: "categorical",
  description: "categorical (multinomial logit against the first category)",
  link: "logit",
  columns: () => 1,
  build: (family, [col], traitOffset) => {
    const { labels, y } = categories(col, family);
    const traitNames = labels.slice(1).map((l) => `${col.name}.${l}`);
    return { response: { name: col.name, family, traitOffset, nTraits: traitNames.length, y, categories: labels }, traitNames };
  },
  latentKernels: { auto: "logit-tangent", exact: "polya-gamma", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "logit",
  cutpointCount: () => 0,
  cutpointLink: null,
  // category y (0 = baseline) against the baseline: trait j is category j+1
  linkStart: (_r, y, trait) => (y === trait + 1 ? 1 : -1),
  jitterStart: true,
  samplerLogLikelihood: (r) => logitSamplerLogLikelihood(counts(r), r.nTraits),
  logitCounts: counts,
  logLikelihood,
  expectedResponse: (r, mean, cov, _cp, trials, out) => expectSoftmax(mean, cov, r.nTraits, trials, out),
  predictiveCdf: (r, y, m, variance) => {
    if (r.nTraits !== 1) throw new RangeError(`no predictive CDF for a categorical response with ${categoryCount(r)} categories`);
    if (y < 0) return 0;
    if (y >= 1) return 1;
    return 1 - expectNormal1(m, Math.sqrt(variance), logistic, 60);
  },
  // K > 2 levels: the indicator of each level in turn given the earlier ones (sequential.ts)
  sequential: categoricalSequential(),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (r, l, _cp, _n, rng) => drawCategory(l, r.nTraits, rng),
  observationPerTrait: (r, y, trait) => (r.nTraits > 1 ? (y === trait + 1 ? 1 : 0) : y),
  hasCountColumns: () => false,
  defaultStatistics: ["category_proportions"],
};
