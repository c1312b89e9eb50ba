// gaussian: the observation is the latent value (identity link); missing values are drawn
// from their conditional normal. Its density comes from the residual distribution (deviance.ts).

import { normalCdf } from "../../random/normal-cdf.js";
import { numbers } from "./columns.js";
import type { FamilyDefinition } from "./types.js";
import { log } from "../../math/deterministic.js";

const notLatent = (): never => {
  throw new Error("gaussian observations are their latent values: their density is the residual normal");
};

export const gaussian: FamilyDefinition = {
  key: "gaussian",
  description: "gaussian (identity link)",
  link: "identity",
  columns: () => 1,
  build: (family, [col], traitOffset) => ({
    response: { name: col.name, family, traitOffset, nTraits: 1, y: numbers(col, family) },
    traitNames: [col.name],
  }),
  latentKernels: { auto: "gaussian-missing", exact: "gaussian-missing", mh: "gaussian-missing" },
  likelihood: "gaussian",
  jointShift: "pinned",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (_r, y) => y,
  jitterStart: false,
  samplerLogLikelihood: notLatent,
  logitCounts: () => null,
  logLikelihood: notLatent,
  expectedResponse: (_r, mean, _cov, _cp, _n, out) => {
    out[0] = mean[0];
  },
  predictiveCdf: (_r, y, m, variance) => normalCdf((y - m) / Math.sqrt(variance)),
  continuous: true,
  logPredictiveDensity: (r, unit, mean, cov) => {
    const y = r.y[unit];
    if (Number.isNaN(y)) return 0;
    const d = y - mean[0];
    return -0.5 * (d * d) / cov[0] - 0.5 * log(2 * Math.PI * cov[0]);
  },
  drawObservation: (_r, l) => l[0],
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "min", "max"],
};
