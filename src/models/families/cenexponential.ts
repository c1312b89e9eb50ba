// cenexponential: an exponential time (rate e^l) known to lie in [lower, upper] (cbind(lower,
// upper); upper = Inf for right-censored times; lower = upper an exact time), MCMCglmm's
// "cenexponential": P(y | l) = exp(-lower e^l) - exp(-upper e^l), or the density when exact.

import { exponentialTimes } from "./exponential.js";
import { censoredInterval, censoredResponse } from "./censored-columns.js";
import { log1mExpNeg } from "./counts.js";
import type { FamilyDefinition } from "./types.js";
import { exp, log } from "../../math/deterministic.js";

function logIntervalProbability(lo: number, hi: number, l: number): number {
  const rate = exp(l);
  if (lo === hi) return l - lo * rate;
  if (hi === Infinity) return -lo * rate;
  return -lo * rate + log1mExpNeg((hi - lo) * rate);
}

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  if (Number.isNaN(r.y[unit])) return 0;
  const [lo, hi] = censoredInterval(r, unit);
  return logIntervalProbability(Math.max(lo, 0), hi, l[0]);
};

export const cenexponential: FamilyDefinition = {
  openEnds: true,
  key: "cenexponential",
  description: "cenexponential (log link on the rate, interval-censored times: cbind(lower, upper))",
  link: "log",
  columns: () => 2,
  build: (family, cols, traitOffset) => censoredResponse(family, cols, traitOffset, (v) => (v < 0 ? "cenexponential times must be >= 0" : null)),
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (r, _y, _t, unit) => {
    const [lo, hi] = censoredInterval(r, unit);
    return -log((hi === Infinity ? Math.max(lo, 0) + 1 : 0.5 * (Math.max(lo, 0) + hi)) + 0.1);
  },
  jitterStart: true,
  samplerLogLikelihood: (r) => (u, x) => {
    const [lo, hi] = censoredInterval(r, u);
    return logIntervalProbability(Math.max(lo, 0), hi, x[0]);
  },
  logitCounts: () => null,
  observationInterval: (r, unit) => censoredInterval(r, unit),
  logLikelihood,
  ...exponentialTimes(logLikelihood),
};
