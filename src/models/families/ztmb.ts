// ztmbJ: zero-truncated multivariate binary, MCMCglmm 2.36's "ztmb" (family "ztmb3" for
// cbind(a, b, c)): J binary columns per row, each with its own logit latent trait (traits named
// after the columns, as MCMCglmm keeps the response names), observed only when at least one is 1:
//   log p(y | l) = sum_j [y_j l_j - log(1 + e^l_j)] - log(1 - prod_j 1 / (1 + e^l_j))
// (MCMCglmm.cc, case 26: the Bernoulli terms, less log(1 - P(all zero)) once per row). An
// all-zero row is impossible under the model. No exact augmentation: "auto" is the trait-wise
// Laplace kernel with analytic derivatives, "mh" MCMCglmm's random walk.

import { DataError, ModelSpecError } from "../../errors.js";
import { denseCholesky } from "../../linalg/dense.js";
import { logistic, softplus } from "../../random/logistic.js";
import { expectNormalVector } from "../../random/quadrature.js";
import { numbers } from "./columns.js";
import { log1mExpNeg, log1mExpNegDerivatives } from "./counts.js";
import { integratedLogDensity } from "./predictive.js";
import { ztmbSequential } from "./sequential.js";
import type { FamilyDefinition, ResponseColumn } from "./types.js";
import type { Rng } from "../../random/stream.js";
import type { FamilyName, Response } from "../types.js";
import { expm1 } from "../../math/deterministic.js";

/** J of ztmbJ. */
export function ztmbJ(family: FamilyName | string): number {
  const j = Number(/^ztmb(\d+)$/.exec(family)?.[1]);
  if (!(j >= 2)) throw new ModelSpecError(`family "${family}": ztmb needs at least 2 binary columns, written ztmbJ with J the number of columns (e.g. ztmb3 for cbind(a, b, c))`);
  return j;
}

function columnsOf(r: Response): readonly Float64Array[] {
  if (!r.counts) throw new ModelSpecError(`response ${r.name} (${r.family}) has no binary columns`);
  return r.counts;
}

/** 0/1 columns; a row with some columns missing is an error, all missing a missing response; an all-zero row is impossible. */
function binaryColumns(cols: readonly ResponseColumn[], family: string): Float64Array[] {
  const ys = cols.map((c) => {
    const y = numbers(c, family);
    const bad = y.findIndex((v) => !Number.isNaN(v) && v !== 0 && v !== 1);
    if (bad >= 0) throw new DataError(`response "${c.text}" row ${bad + 1} is ${y[bad]}: ${family} data must be 0 or 1`);
    return y;
  });
  for (let u = 0; u < ys[0].length; u++) {
    const missing = ys.filter((y) => Number.isNaN(y[u])).length;
    if (missing > 0 && missing < ys.length) {
      throw new DataError(`row ${u + 1} of the ${family} response cbind(${cols.map((c) => c.text).join(", ")}) is partly missing: its columns must be all observed or all missing`);
    }
    if (missing === 0 && ys.every((y) => y[u] === 0)) {
      throw new DataError(`row ${u + 1} of the ${family} response cbind(${cols.map((c) => c.text).join(", ")}) is all zeros, which a zero-truncated multivariate binary response cannot be (at least one column must be 1)`);
    }
  }
  return ys;
}

/** log p(y | l): the J Bernoulli terms less log P(not all zero) = log(1 - e^-A), A = sum_j log(1 + e^l_j). */
function logLik(ys: readonly Float64Array[], u: number, l: ArrayLike<number>): number {
  let s = 0, A = 0;
  for (let j = 0; j < ys.length; j++) {
    const sp = softplus(l[j]);
    A += sp;
    s += ys[j][u] * l[j] - sp;
  }
  return s - log1mExpNeg(A);
}

/**
 * One row given l: column by column, P(y_j = 1 | no 1 among columns before j, not all zero) =
 * p_j / P(some 1 among columns j..J) until the first 1, then independent Bernoullis (exact).
 */
function drawRow(l: ArrayLike<number>, J: number, rng: Rng, out: Float64Array): void {
  let seen = false;
  for (let j = 0; j < J; j++) {
    const p = logistic(l[j]);
    if (seen) {
      out[j] = rng.uniform() < p ? 1 : 0;
      continue;
    }
    let A = 0;
    for (let i = j; i < J; i++) A += softplus(l[i]);
    // P(y_j = 1 | some 1 among j..J-1) = p_j / (1 - e^-A)
    const q = j === J - 1 ? 1 : p / -expm1(-A);
    out[j] = rng.uniform() < q ? 1 : 0;
    if (out[j] === 1) seen = true;
  }
}

const logLikelihood: FamilyDefinition["logLikelihood"] = (r, unit, l) => (Number.isNaN(r.y[unit]) ? 0 : logLik(columnsOf(r), unit, l));

export const ztmb: FamilyDefinition = {
  key: "ztmb",
  description: "ztmbJ (zero-truncated multivariate binary: J 0/1 columns, a logit trait each, at least one 1 per row)",
  link: "logit",
  columns: (family) => ztmbJ(family),
  build: (family, cols, traitOffset) => {
    const ys = binaryColumns(cols, family);
    const traitNames = cols.map((c) => c.name);
    const response: Response = { name: cols[0].name, family, traitOffset, nTraits: cols.length, y: ys[0], counts: ys };
    return { response, traitNames };
  },
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  // the observed column's sign on the logit scale
  linkStart: (r, _y, trait, unit) => (columnsOf(r)[trait][unit] === 1 ? 1 : -1),
  jitterStart: true,
  samplerLogLikelihood: (r) => {
    const ys = columnsOf(r);
    return (u, x) => logLik(ys, u, x);
  },
  // trait j with the others fixed: y_j t - log(1 + e^t) - log(1 - e^-(C + log(1 + e^t)))
  traitDerivatives: (r) => {
    const ys = columnsOf(r);
    return (u, j, x, t, out) => {
      let C = 0;
      for (let i = 0; i < ys.length; i++) if (i !== j) C += softplus(x[i]);
      const p = logistic(t);
      log1mExpNegDerivatives(C + softplus(t), p, p * (1 - p), out);
      out[0] = ys[j][u] - p - out[0];
      out[1] = -p * (1 - p) - out[1];
      return true;
    };
  },
  logitCounts: () => null,
  logLikelihood,
  // E[y_j | l, not all zero] = p_j / (1 - prod_i (1 - p_i)), integrated over l
  expectedResponse: (r, mean, cov, _cp, _n, out) => {
    const J = r.nTraits;
    expectNormalVector(mean, denseCholesky(cov, J), J, (x, val) => {
      let A = 0;
      for (let i = 0; i < J; i++) A += softplus(x[i]);
      const some = -expm1(-A);
      for (let i = 0; i < J; i++) val[i] = logistic(x[i]) / some;
    }, J, out);
  },
  // no scalar CDF for J columns: quantile residuals come column by column under the conditioned law
  predictiveCdf: null,
  sequential: ztmbSequential(),
  continuous: false,
  logPredictiveDensity: (r, unit, mean, cov, cp) => integratedLogDensity(logLikelihood, r, unit, mean, cov, cp),
  drawObservation: (r, l, _cp, _n, rng, counts) => {
    const J = r.nTraits;
    const out = counts ?? new Float64Array(J);
    drawRow(l, J, rng, out);
    return out[0];
  },
  observationPerTrait: (_r, y, trait, counts) => (counts === null ? (trait === 0 ? y : NaN) : counts[trait]),
  hasCountColumns: () => true,
  needsTraitResidual: () => true,
  defaultStatistics: ["mean", "sd"],
};
