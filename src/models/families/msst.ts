// msst: MCMCglmm's mean-shifted scaled t. The response is cbind(y, scale, df); with s = scale and
// nu = df of the row, y = l + s T, T a central t with nu degrees of freedom:
//   log p(y | l) = log dt((y - l) / s, nu) - log s.
// Given l ~ N(m, v), y is a normal scale mixture: y | V ~ N(m, v + s^2 nu / V), V ~ chi-square(nu),
// one smooth integral for the predictive CDF and density. E[y] = m for nu > 1; for nu <= 1 the
// mean does not exist (NaN; predict warns by name).
// Latent kernel: the Laplace-proposal independence sampler with analytic derivatives in l.

import { chisq } from "../../random/gamma.js";
import { logCentralT, logExpectChiSquare } from "../../random/noncentral-t.js";
import { logNormalCdf } from "../../random/normal-cdf.js";
import { scaledTCommon, scaledTRow } from "./scaled-t.js";
import type { FamilyDefinition } from "./types.js";
import { exp, log, log1p } from "../../math/deterministic.js";

const HALF_LOG_2PI = 0.5 * log(2 * Math.PI);

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  const { s, nu } = scaledTRow(r, unit);
  return logCentralT((y - l[0]) / s, nu) - log(s);
};

export const msst: FamilyDefinition = {
  ...scaledTCommon,
  key: "msst",
  description: "msst (mean-shifted scaled t: cbind(y, scale, df), y = l + scale * t(df); identity link)",
  samplerLogLikelihood: (r) => {
    const y = r.y, s = r.scale!, df = r.df!;
    // -(nu + 1)/2 log(1 + x^2 / nu), x = (y - l) / s: the part that depends on l
    return (u, x) => {
      const z = (y[u] - x[0]) / s[u];
      return -0.5 * (df[u] + 1) * log1p((z * z) / df[u]);
    };
  },
  traitDerivatives: (r) => {
    const y = r.y, s = r.scale!, df = r.df!;
    return (u, _j, _x, t, out) => {
      const nu = df[u], z = (y[u] - t) / s[u], q = nu + z * z;
      out[0] = ((nu + 1) * z) / (q * s[u]);
      out[1] = (-(nu + 1) * (nu - z * z)) / (q * q * s[u] * s[u]);
      return true;
    };
  },
  logLikelihood,
  expectedResponse: (r, mean, _cov, _cp, _n, out, unit) => {
    out[0] = r.df![unit] > 1 ? mean[0] : NaN;
  },
  predictiveCdf: (r, y, m, variance, _cp, _n, unit) => {
    const { s, nu } = scaledTRow(r, unit);
    return exp(logExpectChiSquare(nu, (v) => logNormalCdf((y - m) / Math.sqrt(variance + (s * s * nu) / v))));
  },
  logPredictiveDensity: (r, unit, mean, cov) => {
    const y = r.y[unit];
    if (Number.isNaN(y)) return 0;
    const { s, nu } = scaledTRow(r, unit);
    const d = y - mean[0];
    return logExpectChiSquare(nu, (v) => {
      const w = cov[0] + (s * s * nu) / v;
      return -0.5 * (d * d) / w - 0.5 * log(w) - HALF_LOG_2PI;
    });
  },
  drawObservation: (r, l, _cp, _n, rng, _counts, unit) => {
    const { s, nu } = scaledTRow(r, unit);
    const z = rng.normal();
    return l[0] + (s * z) / Math.sqrt(chisq(rng, nu) / nu);
  },
};

