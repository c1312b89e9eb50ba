// multinomialK: K count columns cbind(k_1, ..., k_K); K-1 latent traits named after the first
// K-1 columns, trait j = log(p_j / p_K) (the last column is the reference). multinomial2 is the
// binomial logit cbind(successes, failures).

import { logFactorial } from "./log-factorial.js";
import { DataError, ModelSpecError } from "../../errors.js";
import { lgamma } from "../../diagnostics/beta.js";
import { binomialCdf } from "../../random/distributions.js";
import { expectNormal1 } from "../../random/quadrature.js";
import { logistic, softplus } from "../../random/logistic.js";
import { counts as countColumn } from "./columns.js";
import { drawMultinomial, logitSamplerLogLikelihood } from "./logit.js";
import { expectSoftmax, integratedLogDensity } from "./predictive.js";
import { multinomialSequential } from "./sequential.js";
import type { FamilyDefinition, LogitCounts } from "./types.js";
import type { FamilyName, Response } from "../types.js";
import { exp, log } from "../../math/deterministic.js";

/** K of multinomialK. */
export function multinomialK(family: FamilyName | string): number {
  const k = Number(/^multinomial(\d+)$/.exec(family)?.[1]);
  if (!(k >= 2)) throw new ModelSpecError(`family "${family}": multinomial needs K >= 2 categories, e.g. multinomial2`);
  return k;
}

function logitCounts(r: Response): LogitCounts {
  const trials = r.trials;
  if (!trials) throw new ModelSpecError(`response ${r.name} (${r.family}) has no trials`);
  if (r.nTraits === 1) {
    const y = r.y;
    return { count: (u) => y[u], trials: (u) => trials[u] };
  }
  const counts = r.counts;
  if (!counts) throw new ModelSpecError(`response ${r.name} (${r.family}) has no count columns`);
  return { count: (u, j) => counts[j][u], trials: (u) => trials[u] };
}

/**
 * log n! - sum log k_j! + sum_{j<K} k_j l_j - n log(1 + sum_{j<K} e^{l_j}) (K columns), or the
 * binomial's y l - n log(1 + e^l) + log C(n, y).
 */
const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  const counts = r.counts;
  if (!counts) {
    const n = r.trials ? r.trials[unit] : 1;
    return y * l[0] - n * softplus(l[0]) + logFactorial(n) - logFactorial(y) - logFactorial(n - y);
  }
  const K = counts.length;
  let m = 0;
  for (let j = 0; j < K - 1; j++) m = Math.max(m, l[j]);
  let sumExp = exp(-m), n = 0, s = 0;
  for (let j = 0; j < K; j++) {
    const k = counts[j][unit];
    n += k;
    s -= lgamma(k + 1);
    if (j < K - 1) {
      s += k * l[j];
      sumExp += exp(l[j] - m);
    }
  }
  return s + lgamma(n + 1) - n * (m + log(sumExp));
};

export const multinomial: FamilyDefinition = {
  key: "multinomial",
  description: "multinomialK (logit against the last count column; multinomial2 = binomial)",
  link: "logit",
  columns: (family) => multinomialK(family),
  build: (family, cols, traitOffset) => {
    const ys = cols.map((c) => countColumn(c, family, cols.length === 2 && c === cols[1] ? "failures (trials - successes)" : "counts"));
    const trials = new Float64Array(ys[0].length);
    for (const y of ys) y.forEach((v, r) => (trials[r] += v));
    const traitNames = cols.slice(0, -1).map((c) => c.name);
    const response: Response = {
      name: cols[0].name,
      family,
      traitOffset,
      nTraits: traitNames.length,
      // a row with any count missing is a missing response (its trials are unknown)
      y: Float64Array.from(ys[0], (v, r) => (Number.isNaN(trials[r]) ? NaN : v)),
      trials,
      ...(cols.length > 2 ? { counts: ys } : {}),
    };
    return { response, traitNames };
  },
  latentKernels: { auto: "logit-tangent", exact: "polya-gamma", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "logit",
  cutpointCount: () => 0,
  cutpointLink: null,
  // the empirical log-odds of each column against the last, shrunk by 1/2
  linkStart: (r, y, trait, unit) => {
    const n = r.trials ? r.trials[unit] : 1;
    if (!r.counts) return log((y + 0.5) / (n - y + 0.5));
    return log((r.counts[trait][unit] + 0.5) / (r.counts[r.counts.length - 1][unit] + 0.5));
  },
  jitterStart: true,
  samplerLogLikelihood: (r) => logitSamplerLogLikelihood(logitCounts(r), r.nTraits),
  logitCounts,
  logLikelihood,
  expectedResponse: (r, mean, cov, _cp, trials, out) => expectSoftmax(mean, cov, r.nTraits, trials, out),
  predictiveCdf: (r, y, m, variance, _cp, trials) => {
    if (r.nTraits !== 1) throw new RangeError(`no predictive CDF for a multinomial response with ${r.nTraits + 1} columns`);
    if (y < 0) return 0;
    if (y >= trials) return 1;
    return expectNormal1(m, Math.sqrt(variance), (x) => binomialCdf(y, trials, logistic(x)), 60);
  },
  // K > 2 columns: y_1 ~ Bin(n, p_1), y_2 | y_1 ~ Bin(n - y_1, p_2 / (1 - p_1)), ... (sequential.ts)
  sequential: multinomialSequential(),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (r, l, _cp, trials, rng, counts) => {
    if (trials === undefined) {
      throw new DataError(`simulating response "${r.name}" (${r.family}) needs its trials: give the new data the response's columns`);
    }
    return drawMultinomial(l, r.nTraits, trials, rng, counts);
  },
  observationPerTrait: (_r, y, trait, counts) => (counts === null ? y : counts[trait]),
  hasCountColumns: (r) => r.nTraits > 1,
  defaultStatistics: ["mean", "sd", "prop_zero", "max"],
};
