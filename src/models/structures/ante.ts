// Antedependence structures (MCMCglmm's ante<p>, antec<p>, ante<p>v, antec<p>v; Gabriel 1962,
// Nunez-Anton & Zimmerman 2000): the k coefficients' effects follow, level by level,
//   u_i = sum_{l=1..p} beta_{i,l} u_{i-l} + e_i,   e_i ~ N(0, d_i)   (times A with a ginverse),
// so G = L^-1 D L^-T with L unit lower triangular, L[i, i-l] = -beta_{i,l} (l <= p), D = diag(d).
// `c` holds the coefficients of one lag equal (beta_{i,l} = beta_l); `v` holds the innovation
// variances equal. The stored draws are G itself, named as us (MCMCglmm's VCV); the
// antedependence parameters are read back from G's LDL' factorisation (MCMCglmm's
// posterior.ante). Priors: beta ~ N(beta.mu, beta.V), d_i ~ IG(nu/2, nu V_ii/2) (V a scalar for
// the `v` forms), see priors/ante-prior.ts; the conditional draw is kernels/variance/ante-draw.ts.

import { ModelSpecError } from "../../errors.js";
import type { CovarianceTerm } from "../types.js";
import { resolveAntePrior } from "../../priors/ante-prior.js";
import { matrixVcvNames } from "./matrix-names.js";
import type { StructureDefinition } from "./types.js";

/** Number of antedependence coefficients of order p over k coefficients. */
export function anteBetaCount(k: number, order: number, constant: boolean): number {
  return constant ? order : order * k - (order * (order + 1)) / 2;
}

/**
 * Index of beta for L[i, j] (i > j, lag i - j <= p), -1 elsewhere, row-major k x k. MCMCglmm's
 * order: lag 1 for i = 1..k-1, then lag 2, ... (posterior.ante's columns after the variances).
 */
export function anteBetaIndex(k: number, order: number, constant: boolean): Int32Array {
  const index = new Int32Array(k * k).fill(-1);
  let at = 0;
  for (let l = 1; l <= order; l++) {
    for (let j = 0; j + l < k; j++) index[(j + l) * k + j] = constant ? l - 1 : at++;
  }
  return index;
}

function checkOrder(term: CovarianceTerm, where: string): void {
  const p = term.order ?? 0;
  if (!Number.isInteger(p) || p < 1 || p >= term.dim) {
    throw new ModelSpecError(`${where}: the order of the antedependence structure (${p}) must be at least 1 and less than its dimension (${term.dim} coefficients: ${term.coefNames.join(", ")})`);
  }
}

function anteStructure(key: string, constant: boolean, sharedVariance: boolean, pattern: RegExp, what: string): StructureDefinition {
  return {
    key,
    description: `${key}<p>: antedependence of order p${what}`,
    parameters: "matrix",
    dropEmpty: "per-level",
    correlation: null,
    derivedCorrelations: true,
    expansion: false,
    fix: false,
    varianceDraw: "antedependence",
    scaleMoves: "none",
    vcvNames: matrixVcvNames,
    namePattern: pattern,
    checkTerm: checkOrder,
    resolvePrior: (label, term, spec, warnings) => resolveAntePrior(label, term, spec, warnings, { constant, sharedVariance }),
  };
}

export const ante = anteStructure("ante", false, false, /^ante([0-9]+)$/, "");
export const antec = anteStructure("antec", true, false, /^antec([0-9]+)$/, ", one coefficient per lag");
export const antev = anteStructure("antev", false, true, /^ante([0-9]+)v$/, ", one innovation variance");
export const antecv = anteStructure("antecv", true, true, /^antec([0-9]+)v$/, ", one coefficient per lag and one innovation variance");
