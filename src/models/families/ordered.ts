// What threshold and ordinal share: an ordered response with K categories and cutpoints
// g_0 = 0 < g_1 < ... < g_{K-2} (stored without the infinite ends), a probit link, and
// category c observed when g_{c-1} < l + e <= g_c with e ~ N(0, extra): extra = 0 for
// threshold (the latent is pinned in its interval), 1 for ordinal (the probit's own unit
// variance, MCMCglmm's "ordinal").

import { normalCdf } from "../../random/normal-cdf.js";
import { categoryInterval, logNormalInterval, lowerBound, upperBound } from "../likelihood.js";
import { categories, categoryCount } from "./columns.js";
import { expectedCategory } from "./predictive.js";
import type { FamilyDefinition, LatentKernelName } from "./types.js";

export function orderedFamily(key: "threshold" | "ordinal", extra: 0 | 1, exact: LatentKernelName): FamilyDefinition {
  const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l, cutpoints) => {
    const y = r.y[unit];
    if (Number.isNaN(y)) return 0;
    const [lo, hi] = categoryInterval(y, cutpoints, categoryCount(r));
    if (extra === 0) return l[0] > lo && l[0] <= hi ? 0 : -Infinity;
    return logNormalInterval(lo - l[0], hi - l[0]);
  };
  return {
    key,
    description: `${key} (probit with cutpoints${extra === 1 ? " and the probit's unit variance" : ""})`,
    link: "probit",
    columns: () => 1,
    build: (family, [col], traitOffset) => {
      const { labels, y } = categories(col, family);
      return { response: { name: col.name, family, traitOffset, nTraits: 1, y, categories: labels }, traitNames: [col.name] };
    },
    latentKernels: { auto: exact, exact, mh: "random-walk" },
    likelihood: extra === 0 ? "interval" : "latent",
    jointShift: extra === 0 ? "pinned" : "generic",
    cutpointCount: (r) => Math.max(0, (r.categories?.length ?? 0) - 1),
    cutpointLink: extra === 0 ? "pinned" : "probit",
    // category c sits between cutpoints c-1 and c (cutpoints start at 0, 1, 2, ...)
    linkStart: (_r, y) => y - 0.5,
    jitterStart: true,
    samplerLogLikelihood: (r) => {
      const y = r.y;
      if (extra === 0) return (u, x, cp) => (x[0] > lowerBound(y[u], cp) && x[0] <= upperBound(y[u], cp) ? 0 : -Infinity);
      return (u, x, cp) => logNormalInterval(lowerBound(y[u], cp) - x[0], upperBound(y[u], cp) - x[0]);
    },
    logitCounts: () => null,
    logLikelihood,
    expectedResponse: (r, mean, cov, cutpoints, _n, out) => {
      out[0] = expectedCategory(mean[0], cov[0] + extra, cutpoints, categoryCount(r));
    },
    predictiveCdf: (r, y, m, variance, cutpoints) => {
      const K = categoryCount(r);
      if (y < 0) return 0;
      if (y >= K - 1) return 1;
      const [, hi] = categoryInterval(y, cutpoints, K);
      return normalCdf((hi - m) / Math.sqrt(variance + extra));
    },
    continuous: false,
    logPredictiveDensity: (r, unit, mean, cov, cutpoints) => {
      const y = r.y[unit];
      if (Number.isNaN(y)) return 0;
      const sd = Math.sqrt(cov[0] + extra);
      const [lo, hi] = categoryInterval(y, cutpoints, categoryCount(r));
      return logNormalInterval((lo - mean[0]) / sd, (hi - mean[0]) / sd);
    },
    drawObservation: (_r, l, cp, _n, rng) => {
      const v = extra === 1 ? l[0] + rng.normal() : l[0];
      let c = 0;
      while (c < cp.length && v > cp[c]) c++;
      return c;
    },
    observationPerTrait: (_r, y) => y,
    hasCountColumns: () => false,
    defaultStatistics: ["category_proportions"],
  };
}
