// ztmultinomialK: MCMCglmm 2.36's zero-truncated multinomial logit (family "ztmultinomial3" for
// cbind(a, b, c)): K count columns, K-1 latent traits named after the first K-1 columns, trait j
// the log-odds of column j against the last, as multinomialK. MCMCglmm's density (MCMCglmm.cc,
// case 27, and pkk.c) treats the categories with a zero count at a row as absent: with S the
// row's present categories (y_j > 0), n = sum_j y_j, l_K = 0 and q_j = e^l_j / sum_{i in S} e^l_i,
//   p(y | l) = n! / prod_{j in S} y_j! * prod_{j in S} q_j^y_j / pkk(q_S, n),
// pkk(q_S, n) = P(every category of S gets at least one of n draws) (all-present.ts). That is the
// multinomial conditioned on the row's zero pattern: P(y | y_j > 0 for j in S, y_j = 0 otherwise).
// So a trait whose category is absent at a row does not enter that row's likelihood (its latent
// value is drawn from its conditional prior), and a row with one present category carries no
// information. The zero pattern is part of the data, not of the model: predict, simulate and the
// quantile residuals of a row use that row's own pattern (absent categories 0, the present ones
// drawn under the conditioned law); new rows take it from newdata's count columns, or take
// every category as present under a named warning (posterior/predict.ts) when it has none.

import { DataError, ModelSpecError } from "../../errors.js";
import { lgamma } from "../../diagnostics/beta.js";
import { expectNormalVector } from "../../random/quadrature.js";
import { denseCholesky } from "../../linalg/dense.js";
import { allPresentEvaluator, type AllPresent } from "./all-present.js";
import { counts as countColumn } from "./columns.js";
import { integratedLogDensity } from "./predictive.js";
import { drawZeroTruncatedMultinomial, expectedCounts } from "./ztmultinomial-law.js";
import { isPresent, ztmultinomialSequential } from "./ztmultinomial-sequential.js";

export { drawZeroTruncatedMultinomial } from "./ztmultinomial-law.js";
import type { FamilyDefinition, TraitLikelihoodKind } from "./types.js";
import type { FamilyName, Response } from "../types.js";
import { exp, log } from "../../math/deterministic.js";

/** K of ztmultinomialK. */
export function ztmultinomialK(family: FamilyName | string): number {
  const k = Number(/^ztmultinomial(\d+)$/.exec(family)?.[1]);
  if (!(k >= 2)) throw new ModelSpecError(`family "${family}": ztmultinomial needs K >= 2 categories, written ztmultinomialK (e.g. ztmultinomial3 for cbind(a, b, c))`);
  return k;
}

function columnsOf(r: Response): readonly Float64Array[] {
  if (!r.counts) throw new ModelSpecError(`response ${r.name} (${r.family}) has no count columns`);
  return r.counts;
}

/**
 * log p(y_u | l) (constants with `constants`) for counts ys at unit u, q and the evaluator's
 * scratch given; l holds the K-1 traits (the last column's latent value is 0).
 */
function logLik(ys: readonly Float64Array[], u: number, l: ArrayLike<number>, q: Float64Array, pkk: AllPresent, constants: boolean): number {
  const K = ys.length;
  let m = -Infinity;
  for (let j = 0; j < K; j++) if (ys[j][u] > 0) m = Math.max(m, j < K - 1 ? l[j] : 0);
  let Z = 0, s = 0, n = 0, k = 0;
  for (let j = 0; j < K; j++) {
    const y = ys[j][u];
    if (!(y > 0)) continue;
    const lj = j < K - 1 ? l[j] : 0;
    q[k++] = exp(lj - m);
    Z += q[k - 1];
    s += y * lj;
    n += y;
    if (constants) s -= lgamma(y + 1);
  }
  for (let i = 0; i < k; i++) q[i] /= Z;
  const logP = pkk.log(q, k, n);
  // pkk underflowing to 0 (latent values hundreds apart) must not read as an infinite likelihood
  if (!(logP > -Infinity)) return -Infinity;
  return s - n * (m + log(Z)) - logP + (constants ? lgamma(n + 1) : 0);
}

/** Non-negative whole counts; rows all observed or all missing, and not all zero. */
function countColumns(cols: Parameters<FamilyDefinition["build"]>[1], family: string): Float64Array[] {
  const ys = cols.map((c) => countColumn(c, family));
  const label = `cbind(${cols.map((c) => c.text).join(", ")})`;
  for (let u = 0; u < ys[0].length; u++) {
    const missing = ys.filter((y) => Number.isNaN(y[u])).length;
    if (missing > 0 && missing < ys.length) throw new DataError(`row ${u + 1} of the ${family} response ${label} is partly missing: its counts must be all observed or all missing (as MCMCglmm requires)`);
    if (missing === 0 && ys.every((y) => y[u] === 0)) throw new DataError(`row ${u + 1} of the ${family} response ${label} has no counts (all zero): a zero-truncated multinomial row needs at least one`);
  }
  return ys;
}

/** The row's zero pattern as 0/1 flags (a row without counts: every category present), in `out`. */
function patternOf(r: Response, unit: number, out: Float64Array): Float64Array {
  for (let j = 0; j < out.length; j++) out[j] = isPresent(r, unit, j) ? 1 : 0;
  return out;
}

let scratchQ = new Float64Array(8);
let scratchPkk = allPresentEvaluator(8, 64);

function scratchFor(K: number): void {
  if (scratchQ.length < K) {
    scratchQ = new Float64Array(2 * K);
    scratchPkk = allPresentEvaluator(2 * K, 64);
  }
}

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => {
  if (Number.isNaN(r.y[unit])) return 0;
  const ys = columnsOf(r);
  scratchFor(ys.length);
  return logLik(ys, unit, l, scratchQ, scratchPkk, true);
};

export const ztmultinomial: FamilyDefinition = {
  key: "ztmultinomial",
  description: "ztmultinomialK (multinomial logit against the last column, conditioned on each row's present categories)",
  link: "logit",
  columns: (family) => ztmultinomialK(family),
  build: (family, cols, traitOffset) => {
    const ys = countColumns(cols, family);
    const trials = new Float64Array(ys[0].length);
    for (const y of ys) y.forEach((v, u) => (trials[u] += v));
    const traitNames = cols.slice(0, -1).map((c) => c.name);
    const response: Response = { name: cols[0].name, family, traitOffset, nTraits: traitNames.length, y: ys[0], trials, counts: ys };
    return { response, traitNames };
  },
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  // the empirical log-odds against the last column, shrunk by 1/2
  linkStart: (r, _y, trait, unit) => {
    const ys = columnsOf(r);
    return log((ys[trait][unit] + 0.5) / (ys[ys.length - 1][unit] + 0.5));
  },
  jitterStart: true,
  samplerLogLikelihood: (r) => {
    const ys = columnsOf(r);
    const maxN = r.trials ? r.trials.reduce((m, v) => (v > m ? v : m), 1) : 1;
    const q = new Float64Array(ys.length);
    const pkk = allPresentEvaluator(ys.length, maxN);
    return (u, x) => logLik(ys, u, x, q, pkk, false);
  },
  // y_j - n q_j and -n q_j (1 - q_j) from the multinomial part, less the derivatives of log pkk (all-present.ts)
  traitDerivatives: (r) => {
    const ys = columnsOf(r);
    const K = ys.length;
    const maxN = r.trials ? r.trials.reduce((m, v) => (v > m ? v : m), 1) : 1;
    const q = new Float64Array(K);
    const pkk = allPresentEvaluator(K, maxN);
    const d = new Float64Array(2);
    return (u, j, x, t, out) => {
      const yj = ys[j][u];
      if (!(yj > 0)) {
        out[0] = out[1] = 0;
        return true;
      }
      const old = x[j];
      x[j] = t;
      logLik(ys, u, x, q, pkk, false); // fills q over the present categories
      x[j] = old;
      let at = 0, k = 0, n = 0;
      for (let i = 0; i < K; i++) {
        if (!(ys[i][u] > 0)) continue;
        if (i === j) at = k;
        k++;
        n += ys[i][u];
      }
      if (!pkk.logDerivatives(q, k, n, at, d)) return false;
      const qj = q[at];
      out[0] = yj - n * qj - d[0];
      out[1] = -n * qj * (1 - qj) - d[1];
      return true;
    };
  },
  // an absent category's trait (and every trait of a row with one present category) is not in the row's likelihood
  traitView: (r) => {
    const ys = columnsOf(r);
    const K = ys.length;
    return (u, j): TraitLikelihoodKind => {
      if (!(ys[j][u] > 0)) return "none";
      let present = 0;
      for (let i = 0; i < K; i++) if (ys[i][u] > 0) present++;
      return present > 1 ? "general" : "none";
    };
  },
  logitCounts: () => null,
  logLikelihood,
  // at the row's own zero pattern (training rows, or newdata's count columns)
  expectedResponse: (r, mean, cov, _cp, trials, out, unit) => {
    const d = r.nTraits;
    const present = patternOf(r, unit, new Float64Array(d + 1));
    expectNormalVector(mean, denseCholesky(cov, d), d, (x, val) => expectedCounts(x, d + 1, trials, val, present), d, out);
  },
  // quantile residuals come from the chain-rule decomposition at the row's pattern (one step for K = 2)
  predictiveCdf: null,
  sequential: ztmultinomialSequential(),
  rowPattern: true,
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (r, l, _cp, trials, rng, counts, unit) => {
    if (trials === undefined) {
      throw new DataError(`simulating response "${r.name}" (${r.family}) needs its trials: give the new data the response's columns`);
    }
    const K = r.nTraits + 1;
    const out = counts ?? new Float64Array(K);
    // a row whose number of draws is unknown (missing counts) has no draw
    if (Number.isNaN(trials)) {
      out.fill(NaN);
      return NaN;
    }
    drawZeroTruncatedMultinomial(l, K, trials, patternOf(r, unit, new Float64Array(K)), rng, out);
    return out[0];
  },
  observationPerTrait: (_r, y, trait, counts) => (counts === null ? (trait === 0 ? y : NaN) : counts[trait]),
  hasCountColumns: () => true,
  // MCMCglmm: ztmultinomialK with K >= 3 (several traits)
  needsTraitResidual: (r) => r.nTraits > 1,
  defaultStatistics: ["mean", "sd", "max"],
};
