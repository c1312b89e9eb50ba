// Turning the JSON forms of prior matrices (a scalar, or nested arrays) into flat k x k arrays,
// and the checks priors need (symmetry, positive-definiteness by Cholesky).

import { PriorError } from "../errors.js";
import { denseIsPositiveDefinite } from "../linalg/dense.js";

/** A scalar means that value times the identity; nested arrays must be k x k. */
export function toSquare(value: number | number[][] | number[], k: number, what: string): Float64Array {
  const out = new Float64Array(k * k);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new PriorError(`${what} is not a finite number`);
    for (let i = 0; i < k; i++) out[i * k + i] = value;
    return out;
  }
  if (!Array.isArray(value)) throw new PriorError(`${what} must be a number or a ${k} x ${k} matrix`);
  // A flat array of length 1 is a scalar written as [x].
  if (value.length === 1 && typeof value[0] === "number") return toSquare(value[0], k, what);
  if (value.length !== k) throw new PriorError(`${what} has ${value.length} rows, expected ${k}`);
  for (let i = 0; i < k; i++) {
    const row = value[i];
    if (!Array.isArray(row) || row.length !== k) {
      throw new PriorError(`${what} must be ${k} x ${k}; row ${i + 1} has ${Array.isArray(row) ? row.length : 0} entries`);
    }
    for (let j = 0; j < k; j++) {
      const x = row[j];
      if (typeof x !== "number" || !Number.isFinite(x)) throw new PriorError(`${what}[${i + 1},${j + 1}] is not a finite number`);
      out[i * k + j] = x;
    }
  }
  return out;
}

export function isSymmetric(A: Float64Array, k: number): boolean {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const a = A[i * k + j], b = A[j * k + i];
      if (Math.abs(a - b) > 1e-10 * Math.max(1, Math.abs(a), Math.abs(b))) return false;
    }
  }
  return true;
}

export function isPositiveDefinite(A: Float64Array, k: number): boolean {
  return denseIsPositiveDefinite(A, k);
}
