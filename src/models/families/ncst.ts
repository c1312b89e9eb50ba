// ncst: MCMCglmm's noncentral scaled t. The response is cbind(y, scale, df); with s = scale and
// nu = df of the row, y / s is a noncentral t with nu degrees of freedom and noncentrality l / s:
//   log p(y | l) = log dt(y / s, nu, ncp = l / s) - log s,
// i.e. y = (s Z + l) / sqrt(V / nu), Z ~ N(0, 1), V ~ chi-square(nu). Given l ~ N(m, v) this is
// exactly w T' with w = sqrt(s^2 + v) and T' a noncentral t with noncentrality m / w, which gives
// the predictive CDF and density in closed form; E[y] = m sqrt(nu/2) Gamma((nu-1)/2) / Gamma(nu/2)
// for nu > 1 and does not exist for nu <= 1 (NaN; predict warns by name).
// Latent kernel: the Laplace-proposal independence sampler with analytic derivatives in l.

import { chisq } from "../../random/gamma.js";
import { noncentralT, noncentralTCdf, noncentralTConstant, noncentralTMeanFactor, logNoncentralT, type NoncentralTDensity, type TiltedMoments } from "../../random/noncentral-t.js";
import { scaledTCommon, scaledTRow } from "./scaled-t.js";
import type { FamilyDefinition } from "./types.js";
import type { Response } from "../types.js";
import { log } from "../../math/deterministic.js";

/** Per-unit evaluation of the ncst log-likelihood and its l-derivatives, allocation-free after construction. */
function ncstEvaluator(r: Response) {
  const y = r.y, s = r.scale!, df = r.df!;
  const constant = Float64Array.from(df, (nu) => (nu > 0 ? noncentralTConstant(nu) : NaN));
  const logScale = Float64Array.from(s, (v) => log(v));
  const moments: TiltedMoments = { logMass: 0, mean: 0, variance: 0 };
  const out: NoncentralTDensity = { logDensity: 0, dMu: 0, d2Mu: 0 };
  return (u: number, l: number): NoncentralTDensity => {
    noncentralT(y[u] / s[u], df[u], l / s[u], constant[u], moments, out);
    out.logDensity -= logScale[u];
    out.dMu /= s[u];
    out.d2Mu /= s[u] * s[u];
    return out;
  };
}

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  const { s, nu } = scaledTRow(r, unit);
  return logNoncentralT(y / s, nu, l[0] / s) - log(s);
};

export const ncst: FamilyDefinition = {
  ...scaledTCommon,
  key: "ncst",
  description: "ncst (noncentral scaled t: cbind(y, scale, df), y / scale ~ t(df, ncp = l / scale); identity link)",
  samplerLogLikelihood: (r) => {
    const at = ncstEvaluator(r);
    return (u, x) => at(u, x[0]).logDensity;
  },
  traitDerivatives: (r) => {
    const at = ncstEvaluator(r);
    return (u, _j, _x, t, out) => {
      const d = at(u, t);
      out[0] = d.dMu;
      out[1] = d.d2Mu;
      return true;
    };
  },
  logLikelihood,
  expectedResponse: (r, mean, _cov, _cp, _n, out, unit) => {
    out[0] = mean[0] * noncentralTMeanFactor(r.df![unit]);
  },
  predictiveCdf: (r, y, m, variance, _cp, _n, unit) => {
    const { s, nu } = scaledTRow(r, unit);
    const w = Math.sqrt(s * s + variance);
    return noncentralTCdf(y / w, nu, m / w);
  },
  logPredictiveDensity: (r, unit, mean, cov) => {
    const y = r.y[unit];
    if (Number.isNaN(y)) return 0;
    const { s, nu } = scaledTRow(r, unit);
    const w = Math.sqrt(s * s + cov[0]);
    return logNoncentralT(y / w, nu, mean[0] / w) - log(w);
  },
  drawObservation: (r, l, _cp, _n, rng, _counts, unit) => {
    const { s, nu } = scaledTRow(r, unit);
    const z = rng.normal();
    return (s * z + l[0]) / Math.sqrt(chisq(rng, nu) / nu);
  },
};
