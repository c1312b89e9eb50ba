// Small dense k x k helpers on flat row-major Float64Arrays (covariance blocks: G, R, their
// inverses). Each takes an optional out array (and workspace where one is needed); given them it
// allocates nothing.

import { NumericalError } from "../errors.js";
import { log } from "../math/deterministic.js";

/**
 * Lower Cholesky factor L of symmetric A (A = L L'; only A's lower triangle is read) into `out`,
 * whose strict upper triangle is zeroed; `out` may alias `A`. The one dense Cholesky: returns -1,
 * or the first column whose pivot is not positive and finite (A is not positive-definite; `out`
 * is then complete only before that column).
 */
export function denseCholeskyPivot(A: ArrayLike<number>, k: number, out: Float64Array): number {
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j];
    for (let c = 0; c < j; c++) d -= out[j * k + c] * out[j * k + c];
    if (!(d > 0 && d < Infinity)) return j;
    const ljj = Math.sqrt(d);
    out[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j];
      for (let c = 0; c < j; c++) s -= out[i * k + c] * out[j * k + c];
      out[i * k + j] = s / ljj;
    }
    for (let c = j + 1; c < k; c++) out[j * k + c] = 0;
  }
  return -1;
}

/** denseCholeskyPivot that throws NumericalError naming the failing pivot when A is not positive-definite. */
export function denseCholesky(A: ArrayLike<number>, k: number, out: Float64Array = new Float64Array(k * k)): Float64Array {
  const j = denseCholeskyPivot(A, k, out);
  if (j >= 0) {
    let d = A[j * k + j];
    for (let c = 0; c < j; c++) d -= out[j * k + c] * out[j * k + c];
    throw new NumericalError(`dense matrix is not positive-definite (pivot ${j} = ${d})`, { column: j });
  }
  return out;
}

/** Whether symmetric A is positive-definite (a Cholesky factorisation into `work`, length k*k). */
export function denseIsPositiveDefinite(A: ArrayLike<number>, k: number, work: Float64Array = new Float64Array(k * k)): boolean {
  return denseCholeskyPivot(A, k, work) < 0;
}

/** log det A for SPD A (via Cholesky into `work`, length k*k). */
export function denseLogDetSpd(A: ArrayLike<number>, k: number, work: Float64Array = new Float64Array(k * k)): number {
  denseCholesky(A, k, work);
  let s = 0;
  for (let j = 0; j < k; j++) s += log(work[j * k + j]);
  return 2 * s;
}

/** log det from an existing lower Cholesky factor. */
export function denseLogDetFromCholesky(L: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += log(L[j * k + j]);
  return 2 * s;
}

/** Solves L L' x = b given the lower Cholesky factor L; x may alias b. */
export function denseCholeskySolve(L: ArrayLike<number>, k: number, b: ArrayLike<number>, x: Float64Array): Float64Array {
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let c = 0; c < i; c++) s -= L[i * k + c] * x[c];
    x[i] = s / L[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let r = i + 1; r < k; r++) s -= L[r * k + i] * x[r];
    x[i] = s / L[i * k + i];
  }
  return x;
}

/**
 * One draw from N(A^-1 b, A^-1) given A's lower Cholesky factor L and z ~ N(0, I):
 * x = L'^-1 (L^-1 b + z). x may alias b; z is read from its first k entries.
 */
export function denseCholeskyMeanPlusNoise(L: ArrayLike<number>, k: number, b: ArrayLike<number>, z: ArrayLike<number>, x: Float64Array): Float64Array {
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let c = 0; c < i; c++) s -= L[i * k + c] * x[c];
    x[i] = s / L[i * k + i];
  }
  for (let i = 0; i < k; i++) x[i] += z[i];
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let r = i + 1; r < k; r++) s -= L[r * k + i] * x[r];
    x[i] = s / L[i * k + i];
  }
  return x;
}

/** Solves A x = b for SPD A; `work` (length k*k) receives the Cholesky factor. x may alias b. */
export function denseSolveSpd(
  A: ArrayLike<number>,
  k: number,
  b: ArrayLike<number>,
  x: Float64Array = new Float64Array(k),
  work: Float64Array = new Float64Array(k * k),
): Float64Array {
  denseCholesky(A, k, work);
  return denseCholeskySolve(work, k, b, x);
}

/** Inverse of SPD A into `out` (symmetric to the last bit); `work` (length k*k) holds the factor. */
export function denseInverseSpd(
  A: ArrayLike<number>,
  k: number,
  out: Float64Array = new Float64Array(k * k),
  work: Float64Array = new Float64Array(k * k),
): Float64Array {
  if (out === work) throw new RangeError("denseInverseSpd: out and work must differ");
  const L = denseCholesky(A, k, work);
  // inv(L) into the lower triangle of out, column by column (forward substitution on unit vectors).
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) out[i * k + j] = 0;
    out[j * k + j] = 1 / L[j * k + j];
    for (let i = j + 1; i < k; i++) {
      let s = 0;
      for (let c = j; c < i; c++) s -= L[i * k + c] * out[c * k + j];
      out[i * k + j] = s / L[i * k + i];
    }
  }
  // A^-1 = inv(L)' inv(L): entry (i, j), i >= j, = sum_{r >= i} M[r,i] M[r,j]; fill lower, mirror.
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let r = i; r < k; r++) s += out[r * k + i] * out[r * k + j];
      work[i * k + j] = s;
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      out[i * k + j] = work[i * k + j];
      out[j * k + i] = work[i * k + j];
    }
  }
  return out;
}

/** (A + A') / 2 into out (may alias A). */
export function denseSymmetrize(A: ArrayLike<number>, k: number, out: Float64Array = new Float64Array(k * k)): Float64Array {
  for (let i = 0; i < k; i++) {
    out[i * k + i] = A[i * k + i];
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (A[i * k + j] + A[j * k + i]);
      out[i * k + j] = s;
      out[j * k + i] = s;
    }
  }
  return out;
}

/** out = A B for A (m x p) and B (p x n), row-major. out must not alias A or B. */
export function denseMultiply(
  A: ArrayLike<number>,
  B: ArrayLike<number>,
  m: number,
  p: number,
  n: number,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < p; c++) {
      const a = A[i * p + c];
      if (a === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += a * B[c * n + j];
    }
  }
  return out;
}

/** out = A' B for A (p x m) and B (p x n), row-major. out must not alias A or B. */
export function denseMultiplyTransposed(
  A: ArrayLike<number>,
  B: ArrayLike<number>,
  p: number,
  m: number,
  n: number,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  out.fill(0, 0, m * n);
  for (let c = 0; c < p; c++) {
    for (let i = 0; i < m; i++) {
      const a = A[c * m + i];
      if (a === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += a * B[c * n + j];
    }
  }
  return out;
}

/** out = L x for lower-triangular L (k x k), e.g. to draw N(0, A) as chol(A) z. out must not alias x. */
export function denseLowerTimes(L: ArrayLike<number>, k: number, x: ArrayLike<number>, out: Float64Array = new Float64Array(k)): Float64Array {
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let c = 0; c <= i; c++) s += L[i * k + c] * x[c];
    out[i] = s;
  }
  return out;
}

/**
 * The conditional normal of x_T given x_O for x ~ N(0, S) (S k x k, symmetric): regression
 * S_TO S_OO^-1 (|T| x |O|, row-major) and covariance S_TT - S_TO S_OO^-1 S_OT (|T| x |T|).
 * sOO and sOOinv have length |O|^2, work k^2; nothing is allocated. An empty O gives S_TT.
 */
export function denseConditionalNormal(
  S: ArrayLike<number>,
  k: number,
  T: Int32Array,
  O: Int32Array,
  regression: Float64Array,
  cov: Float64Array,
  sOO: Float64Array,
  sOOinv: Float64Array,
  work: Float64Array,
): void {
  const K = T.length, o = O.length;
  if (o > 0) {
    for (let i = 0; i < o; i++) for (let j = 0; j < o; j++) sOO[i * o + j] = S[O[i] * k + O[j]];
    denseInverseSpd(sOO, o, sOOinv, work);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < o; j++) {
        let s = 0;
        for (let m = 0; m < o; m++) s += S[T[i] * k + O[m]] * sOOinv[m * o + j];
        regression[i * o + j] = s;
      }
    }
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let s = S[T[i] * k + T[j]];
      for (let m = 0; m < o; m++) s -= regression[i * o + m] * S[O[m] * k + T[j]];
      cov[i * K + j] = s;
    }
  }
}
