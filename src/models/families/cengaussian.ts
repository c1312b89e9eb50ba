// cengaussian: a Gaussian response observed as an interval cbind(lower, upper) (left-censored:
// lower = -Inf; right-censored: upper = Inf; exact: lower = upper), MCMCglmm's "cengaussian".
// The latent value is the uncensored observation (identity link, residual variance free), so
// given its conditional prior it is a normal truncated to the interval: the exact kernel draws
// it so (censored.ts); "mh" is MCMCglmm's random walk (proposals outside the interval rejected).

import { logNormalInterval } from "../likelihood.js";
import { normalCdf } from "../../random/normal-cdf.js";
import { censoredInterval, censoredResponse } from "./censored-columns.js";
import type { FamilyDefinition } from "./types.js";
import { log } from "../../math/deterministic.js";

const inside = (x: number, lo: number, hi: number): boolean => (lo === hi ? x === lo : x >= lo && x <= hi);

export const cengaussian: FamilyDefinition = {
  openEnds: true,
  key: "cengaussian",
  description: "cengaussian (identity link, interval-censored: cbind(lower, upper))",
  link: "identity",
  columns: () => 2,
  build: (family, cols, traitOffset) => censoredResponse(family, cols, traitOffset, () => null),
  latentKernels: { auto: "censored-truncated-normal", exact: "censored-truncated-normal", mh: "random-walk" },
  likelihood: "interval",
  jointShift: "pinned",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (r, _y, _trait, unit) => {
    const [lo, hi] = censoredInterval(r, unit);
    if (lo === hi) return lo;
    if (lo === -Infinity) return hi === Infinity ? 0 : hi - 1;
    return hi === Infinity ? lo + 1 : 0.5 * (lo + hi);
  },
  jitterStart: false,
  samplerLogLikelihood: (r) => (u, x) => {
    const [lo, hi] = censoredInterval(r, u);
    return inside(x[0], lo, hi) ? 0 : -Infinity;
  },
  logitCounts: () => null,
  observationInterval: (r, unit) => censoredInterval(r, unit),
  logLikelihood: (r, unit, l) => {
    if (Number.isNaN(r.y[unit])) return 0;
    const [lo, hi] = censoredInterval(r, unit);
    return inside(l[0], lo, hi) ? 0 : -Infinity;
  },
  expectedResponse: (_r, mean, _cov, _cp, _n, out) => {
    out[0] = mean[0];
  },
  predictiveCdf: (_r, y, m, variance) => normalCdf((y - m) / Math.sqrt(variance)),
  continuous: true,
  logPredictiveDensity: (r, unit, mean, cov) => {
    if (Number.isNaN(r.y[unit])) return 0;
    const [lo, hi] = censoredInterval(r, unit);
    const sd = Math.sqrt(cov[0]);
    if (lo === hi) return -0.5 * ((lo - mean[0]) / sd) ** 2 - log(sd) - 0.5 * log(2 * Math.PI);
    return logNormalInterval((lo - mean[0]) / sd, (hi - mean[0]) / sd);
  },
  drawObservation: (_r, l) => l[0],
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "min", "max"],
};
