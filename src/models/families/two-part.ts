// What the two-part count families share (MCMCglmm's zipoisson, hupoisson, zapoisson, zibinomial,
// hubinomial): two latent traits per response, the count trait `y` (Poisson log link or binomial
// logit) and the zero trait `<prefix>_y`, with MCMCglmm's meanings (Hadfield, MCMCglmm course
// notes, sec. 5; the C source's likelihoods):
//   zi  zero-inflated: a structural zero with probability p = logistic(l_zi), else the count
//       law: P(0) = p + (1 - p) f(0), P(y) = (1 - p) f(y);
//   hu  hurdle: P(0) = logistic(l_hu), P(y) = (1 - P(0)) f(y) / (1 - f(0)) for y > 0;
//   za  zero-altered: as hurdle with a complementary log-log zero part, P(y > 0) = 1 -
//       exp(-exp(l_za)) (so za with l_za = l_count is the plain Poisson).
// Models write `trait`, `at.level(trait, 1)` and `idh(trait):units` with the zero trait's
// residual variance fixed (prior R fix = 2). Per trait ("observation per trait"): the count
// trait sees the count, the zero trait the indicator of a zero, whose expectation is P(y = 0).

import { denseCholesky } from "../../linalg/dense.js";
import { logistic, softplus } from "../../random/logistic.js";
import { expectNormalVector } from "../../random/quadrature.js";
import { counts } from "./columns.js";
import { binomialPart, drawTruncated, log1mExpNeg, log1mExpNegDerivatives, poissonPart, truncatedDerivatives, truncatedLogPmf, truncatedMean, type CountPart } from "./counts.js";
import { integratedLogDensity } from "./predictive.js";
import type { FamilyDefinition, TraitLikelihoodKind } from "./types.js";
import type { Response } from "../types.js";
import { exp, log } from "../../math/deterministic.js";

export type ZeroKind = "zi" | "hu" | "za";

/**
 * Derivatives of a zero-inflated zero's log P(0) = log(p + (1 - p) f0) in one trait, the other
 * fixed (p = logistic(l_zi), f0 = P(count = 0 | l_count)): for the count trait (j = 0) with
 * g = (1 - p) f0, g' = -m g and g'' = (m^2 - v) g (m, v the count's mean and d m / d l);
 * for the zero trait (j = 1) P(0) = f0 + (1 - f0) p, p' = p (1 - p), p'' = p' (1 - 2 p).
 */
function ziZeroDerivatives(part: CountPart, j: number, x: Float64Array, t: number, n: number, out: Float64Array): void {
  if (j === 0) {
    const p = logistic(x[1]);
    const g = (1 - p) * exp(part.logZero(t, n));
    const m = part.mean(t, n);
    const v = part === poissonPart ? m : m * (1 - m / n); // d m / d l: lambda, or n p (1 - p)
    const D = p + g;
    out[0] = (-m * g) / D;
    out[1] = ((m * m - v) * g) / D - out[0] * out[0];
    return;
  }
  const f0 = exp(part.logZero(x[0], n));
  const p = logistic(t);
  const dp = p * (1 - p);
  const D = f0 + (1 - f0) * p;
  out[0] = ((1 - f0) * dp) / D;
  out[1] = ((1 - f0) * dp * (1 - 2 * p)) / D - out[0] * out[0];
}

/** log P(zero event | l) of the zero trait. */
function logZeroEvent(kind: ZeroKind, l: number): number {
  return kind === "za" ? -exp(l) : -softplus(-l);
}

/** log P(no zero event | l) of the zero trait. */
function logOtherEvent(kind: ZeroKind, l: number): number {
  return kind === "za" ? log1mExpNeg(exp(l)) : -softplus(l);
}

function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return m === -Infinity ? m : m + log(exp(a - m) + exp(b - m));
}

export function twoPartFamily(key: string, kind: ZeroKind, count: "poisson" | "binomial"): FamilyDefinition {
  const part: CountPart = count === "poisson" ? poissonPart : binomialPart;
  const trialsOf = (r: Response, u: number): number => r.trials?.[u] ?? 1;

  // only the terms the observation needs: this runs in the latent kernels' inner loop
  function logLik(y: number, l0: number, l1: number, n: number, constants: boolean): number {
    if (y === 0) return kind === "zi" ? logAddExp(logZeroEvent(kind, l1), logOtherEvent(kind, l1) + part.logZero(l0, n)) : logZeroEvent(kind, l1);
    return logOtherEvent(kind, l1) + (kind === "zi" ? part.logPmf(y, l0, n, constants) : truncatedLogPmf(part, y, l0, n, constants));
  }

  /** P(y = 0 | l) and E[y | l]. */
  function zeroAndMean(l0: number, l1: number, n: number, out: Float64Array): void {
    const logZero = logZeroEvent(kind, l1), logOther = logOtherEvent(kind, l1);
    if (kind === "zi") {
      out[0] = exp(logOther) * part.mean(l0, n);
      out[1] = exp(logAddExp(logZero, logOther + part.logZero(l0, n)));
    } else {
      out[0] = exp(logOther) * truncatedMean(part, l0, n);
      out[1] = exp(logZero);
    }
  }

  /** P(Y <= y | l): zi p + (1 - p) F(y); hu/za P0 + (1 - P0) (F(y) - F(0)) / (1 - F(0)). */
  function cdf(y: number, l0: number, l1: number, n: number): number {
    if (y < 0) return 0;
    const logZero = logZeroEvent(kind, l1), logOther = logOtherEvent(kind, l1);
    const F = part.cdf(y, l0, n);
    if (kind === "zi") return exp(logZero) + exp(logOther) * F;
    const f0 = exp(part.logZero(l0, n));
    return exp(logZero) + exp(logOther) * Math.max(0, F - f0) / (1 - f0);
  }

  const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
    const y = r.y[unit];
    if (Number.isNaN(y)) return 0;
    return logLik(y, l[0], l[1], trialsOf(r, unit), true);
  };

  return {
    key,
    description: `${key} (${kind === "zi" ? "zero-inflated" : kind === "hu" ? "hurdle" : "zero-altered"} ${count}: traits y and ${kind}_y)`,
    link: "two-part",
    columns: () => (count === "poisson" ? 1 : 2),
    build: (family, cols, traitOffset) => {
      const name = cols[0].name;
      const y = counts(cols[0], family);
      let response: Response = { name, family, traitOffset, nTraits: 2, y };
      if (count === "binomial") {
        const failures = counts(cols[1], family, "failures");
        response = { ...response, trials: Float64Array.from(y, (s, u) => s + failures[u]) };
      }
      return { response, traitNames: [name, `${kind}_${name}`] };
    },
    // the zero part of zi and hu is a logit: exact Polya-Gamma augmentation (za's is a cloglog);
    // auto stays the Laplace kernel: exact gives about 0.7x its min bulk-ESS per second (bench/zero-part.ts)
    latentKernels: kind === "za" ? { auto: "trait-laplace", mh: "random-walk" } : { auto: "trait-laplace", exact: "trait-polya-gamma", mh: "random-walk" },
    likelihood: "latent",
    // the hurdle Poisson's log-likelihood separates by trait: a cached fast path (moves/hurdle-shift-likelihood.ts)
    jointShift: kind === "hu" && count === "poisson" ? "hurdle-poisson" : "generic",
    cutpointCount: () => 0,
    cutpointLink: null,
    linkStart: (r, y, trait, unit) => {
      if (trait === 0) return part.start(y, trialsOf(r, unit));
      const zero = y === 0 ? 0.6 : 0.4; // a start probability of the zero event
      return kind === "za" ? log(-log(zero)) : log(zero / (1 - zero));
    },
    jitterStart: true,
    samplerLogLikelihood: (r) => (u, x) => logLik(r.y[u], x[0], x[1], trialsOf(r, u), false),
    // every term but a zero-inflated zero's involves one trait only
    traitLogLikelihood: (r) => (u, j, x) => {
      const y = r.y[u], n = trialsOf(r, u);
      if (kind === "zi" && y === 0) return logLik(y, x[0], x[1], n, false);
      if (j === 1) return y === 0 ? logZeroEvent(kind, x[1]) : logOtherEvent(kind, x[1]);
      if (y === 0) return 0;
      return kind === "zi" ? part.logPmf(y, x[0], n, false) : truncatedLogPmf(part, y, x[0], n, false);
    },
    traitView: (r) => (u, j, x, out): TraitLikelihoodKind => {
      const y = r.y[u];
      if (j === 0) {
        if (y === 0) return kind === "zi" ? "general" : "none";
        if (kind === "zi" && count === "binomial") {
          out[0] = y;
          out[1] = trialsOf(r, u);
          return "logit";
        }
        return "general";
      }
      if (kind === "hu" || (kind === "zi" && y > 0)) {
        out[0] = y === 0 ? 1 : 0;
        out[1] = 1;
        return "logit";
      }
      if (kind === "zi") {
        // a zero: structural with probability logistic(l_zi), else a count zero
        out[0] = part.logZero(x[0], trialsOf(r, u));
        return "inflated-logit";
      }
      return "general";
    },
    // analytic derivatives of the truncated count part and of the zero-altered zero part
    traitDerivatives: (r) => (u, j, x, t, out) => {
      const y = r.y[u];
      if (kind === "zi" && y === 0) {
        ziZeroDerivatives(part, j, x, t, trialsOf(r, u), out);
        return true;
      }
      if (j === 0) {
        if (kind === "zi" || y === 0) return false;
        truncatedDerivatives(part, y, t, trialsOf(r, u), out);
        return true;
      }
      if (kind !== "za") return false;
      const e = exp(t);
      if (y === 0) {
        out[0] = out[1] = -e;
        return true;
      }
      log1mExpNegDerivatives(e, e, e, out);
      return true;
    },
    logitCounts: () => null,
    logLikelihood,
    expectedResponse: (_r, mean, cov, _cp, trials, out) => {
      expectNormalVector(mean, denseCholesky(cov, 2), 2, (x, val) => zeroAndMean(x[0], x[1], trials, val), 2, out);
    },
    predictiveCdf: null,
    jointPredictiveCdf: (_r, y, mean, cov, _cp, trials) => {
      const out = new Float64Array(1);
      expectNormalVector(mean, denseCholesky(cov, 2), 2, (x, val) => {
        val[0] = cdf(y, x[0], x[1], trials);
      }, 1, out);
      return Math.min(1, Math.max(0, out[0]));
    },
    continuous: false,
    logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
    drawObservation: (_r, l, _cp, trials, rng) => {
      const n = trials ?? 1;
      const logZero = logZeroEvent(kind, l[1]);
      if (rng.uniform() < exp(logZero)) return 0;
      return kind === "zi" ? part.draw(rng, l[0], n) : drawTruncated(part, rng, l[0], n);
    },
    observationPerTrait: (_r, y, trait) => (trait === 0 ? y : y === 0 ? 1 : 0),
    hasCountColumns: () => false,
    defaultStatistics: ["mean", "sd", "prop_zero", "max"],
  };
}
