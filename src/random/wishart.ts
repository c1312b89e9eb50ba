// Wishart and inverse-Wishart draws by the Bartlett decomposition, allocation-free into
// caller-provided flat row-major k x k Float64Arrays.
//
// Parameterisations (k x k, df real):
//   W ~ Wishart(df, S):          density  |W|^((df-k-1)/2) exp(-tr(S^-1 W)/2),   E[W] = df S,
//                                needs df > k - 1.
//   Sigma ~ InvWishart(df, S):   density  |Sigma|^(-(df+k+1)/2) exp(-tr(S Sigma^-1)/2),
//                                i.e. Sigma^-1 ~ Wishart(df, S^-1); E[Sigma] = S/(df-k-1).
//                                Needs df > k - 1.
// MCMCglmm's prior {V, nu} on a covariance matrix is InvWishart(nu, V*nu); with n levels whose
// effects have cross-product matrix SS, the full conditional is InvWishart(nu + n, V*nu + SS).
//
// Bartlett (1933): if A is lower-triangular with A_ii = sqrt(chi2(df - i)) (i = 0..k-1) and
// A_ij ~ N(0,1) below the diagonal, then A A' ~ Wishart(df, I) for any real df > k - 1, and
// F A A' F' ~ Wishart(df, F F') for any square F.

import { NumericalError } from "../errors.js";
import { chisq } from "./gamma.js";
import { choleskyLower, invertLower, outerSelf } from "./dense.js";
import type { Rng } from "./stream.js";

/** Scratch space for the Wishart generators of dimension up to k; build once per kernel. */
export interface WishartWorkspace {
  readonly k: number;
  /** @internal */ readonly chol: Float64Array;
  /** @internal */ readonly bartlett: Float64Array;
  /** @internal */ readonly inv: Float64Array;
  /** @internal */ readonly factor: Float64Array;
  /** @internal */ readonly chol22: Float64Array;
  /** @internal */ readonly cross: Float64Array;
  /** @internal */ readonly block: Float64Array;
  /** @internal */ readonly sigma112: Float64Array;
  /** @internal */ readonly regression: Float64Array;
  /** @internal */ readonly noise: Float64Array;
}

export function createWishartWorkspace(k: number): WishartWorkspace {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Wishart dimension must be a positive integer, got ${k}`);
  const m = () => new Float64Array(k * k);
  return {
    k,
    chol: m(),
    bartlett: m(),
    inv: m(),
    factor: m(),
    chol22: m(),
    cross: m(),
    block: m(),
    sigma112: m(),
    regression: m(),
    noise: m(),
  };
}

function checkArgs(df: number, k: number, scale: Float64Array, out: Float64Array, ws: WishartWorkspace, what: string): void {
  if (ws.k < k) throw new RangeError(`${what}: workspace is for dimension ${ws.k}, need ${k}`);
  if (scale.length < k * k || out.length < k * k) throw new RangeError(`${what}: scale and out must hold ${k}x${k} = ${k * k} values`);
  if (!(df > k - 1) || !Number.isFinite(df)) throw new RangeError(`${what}: degrees of freedom must exceed k - 1 = ${k - 1}, got ${df}`);
}

/** Bartlett factor A (n x n lower) of Wishart(df, I_n) into `a`. */
function fillBartlett(rng: Rng, df: number, n: number, a: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) a[i * n + j] = rng.normal();
    a[i * n + i] = Math.sqrt(chisq(rng, df - i));
    for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  }
}

/**
 * Sigma ~ InvWishart_n(df, L L') given the lower Cholesky factor `l` of the scale, into `out`;
 * leaves in `factor` an n x n matrix M with M M' = Sigma. With T = A^-1:
 * Sigma^-1 = L^-T A A' L^-1 ~ Wishart(df, S^-1), so Sigma = (L T')(L T')'.
 */
function invWishartFromCholesky(rng: Rng, df: number, l: Float64Array, n: number, out: Float64Array, ws: WishartWorkspace): void {
  const a = ws.bartlett;
  const t = ws.inv;
  const m = ws.factor;
  fillBartlett(rng, df, n, a);
  invertLower(a, n, t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // (L T')_ij = sum_p L_ip T_jp over p <= min(i, j).
      const top = i < j ? i : j;
      let s = 0;
      for (let p = 0; p <= top; p++) s += l[i * n + p] * t[j * n + p];
      m[i * n + j] = s;
    }
  }
  outerSelf(m, n, n, out);
}

function choleskyOrThrow(a: Float64Array, n: number, l: Float64Array, what: string): void {
  if (!choleskyLower(a, n, l)) {
    throw new NumericalError(`${what}: the scale matrix is not positive-definite`, { component: what });
  }
}

/**
 * W ~ Wishart(df, S) (E[W] = df S) into `out`. `scale` is the k x k row-major S (lower triangle
 * read); `out` is k x k and receives the full symmetric draw. Any real df > k - 1.
 */
export function rWishart(rng: Rng, df: number, scale: Float64Array, out: Float64Array, ws: WishartWorkspace, k: number = ws.k): void {
  checkArgs(df, k, scale, out, ws, "rWishart");
  const l = ws.chol;
  const a = ws.bartlett;
  const m = ws.factor;
  choleskyOrThrow(scale, k, l, "rWishart");
  fillBartlett(rng, df, k, a);
  // M = L A is lower-triangular; W = M M'.
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = j; p <= i; p++) s += l[i * k + p] * a[p * k + j];
      m[i * k + j] = s;
    }
    for (let j = i + 1; j < k; j++) m[i * k + j] = 0;
  }
  outerSelf(m, k, k, out);
}

/**
 * Sigma ~ InvWishart(df, S), E[Sigma] = S/(df-k-1), into `out` (full symmetric k x k).
 * `scale` is the row-major S (lower triangle read). Any real df > k - 1.
 * MCMCglmm's prior {V, nu} is rInvWishart(rng, nu, V*nu, ...).
 */
export function rInvWishart(rng: Rng, df: number, scale: Float64Array, out: Float64Array, ws: WishartWorkspace, k: number = ws.k): void {
  checkArgs(df, k, scale, out, ws, "rInvWishart");
  choleskyOrThrow(scale, k, ws.chol, "rInvWishart");
  invWishartFromCholesky(rng, df, ws.chol, k, out, ws);
}

/**
 * The conditional inverse-Wishart draw for a covariance matrix whose trailing block is fixed
 * (MCMCglmm's `fix`; Korsgaard, Andersen & Sorensen 1999, Genet. Sel. Evol. 31:177).
 *
 * Model: Sigma ~ InvWishart_k(df, S) (the full conditional, e.g. df = nu + n, S = V*nu + SS),
 * partitioned at index f into the free leading block 1 (0..f-1, size p = f) and the fixed
 * trailing block 2 (f..k-1, size q = k - f). Write Sigma11.2 = Sigma11 - Sigma12 Sigma22^-1 Sigma21,
 * B = Sigma12 Sigma22^-1, and likewise S11.2 = S11 - S12 S22^-1 S21. Then (from the partition
 * theorem for Sigma^-1 ~ Wishart(df, S^-1)):
 *   Sigma11.2 ~ InvWishart_p(df, S11.2)                       (E = S11.2/(df - p - 1)),
 *   B | Sigma11.2 ~ MatrixNormal_{p x q}(S12 S22^-1, rows Sigma11.2, columns S22^-1),
 *   and (Sigma11.2, B) are independent of Sigma22 ~ InvWishart_q(df - p, S22).
 * So conditional on the fixed Sigma22 we draw (Sigma11.2, B) and set
 *   Sigma12 = B Sigma22,  Sigma11 = Sigma11.2 + B Sigma22 B'.
 *
 * `sigma` (k x k row-major) is read for its fixed block Sigma22 and receives the new Sigma11,
 * Sigma12 and Sigma21 in place; Sigma22 is left untouched. `df` is the full-matrix df; it must
 * exceed p - 1. `fixFrom` = f in 0..k (f = k: no block fixed, an ordinary rInvWishart; f = 0:
 * everything fixed, nothing is drawn).
 */
export function rInvWishartConditional(
  rng: Rng,
  df: number,
  scale: Float64Array,
  fixFrom: number,
  sigma: Float64Array,
  ws: WishartWorkspace,
  k: number = ws.k,
): void {
  const what = "rInvWishartConditional";
  if (!Number.isInteger(fixFrom) || fixFrom < 0 || fixFrom > k) throw new RangeError(`${what}: fixFrom must be an integer in 0..${k}, got ${fixFrom}`);
  const p = fixFrom;
  const q = k - p;
  if (p === 0) return;
  if (q === 0) {
    rInvWishart(rng, df, scale, sigma, ws, k);
    return;
  }
  if (ws.k < k) throw new RangeError(`${what}: workspace is for dimension ${ws.k}, need ${k}`);
  if (scale.length < k * k || sigma.length < k * k) throw new RangeError(`${what}: scale and sigma must hold ${k}x${k} = ${k * k} values`);
  if (!(df > p - 1) || !Number.isFinite(df)) throw new RangeError(`${what}: degrees of freedom must exceed ${p - 1} (the free block's size - 1), got ${df}`);

  // L2 = chol(S22), q x q.
  const l2 = ws.chol22;
  const s22 = ws.block; // temporarily S22 packed
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) s22[i * q + j] = scale[(p + i) * k + p + j];
  choleskyOrThrow(s22, q, l2, `${what} (fixed block of the scale)`);

  // Y = L2^-1 S21 (q x p), by forward substitution column by column.
  const y = ws.cross;
  for (let c = 0; c < p; c++) {
    for (let i = 0; i < q; i++) {
      let s = scale[(p + i) * k + c];
      for (let j = 0; j < i; j++) s -= l2[i * q + j] * y[j * p + c];
      y[i * p + c] = s / l2[i * q + i];
    }
  }
  // S11.2 = S11 - Y'Y (p x p), into `block`.
  const s112 = ws.block;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = scale[i * k + j];
      for (let r = 0; r < q; r++) s -= y[r * p + i] * y[r * p + j];
      s112[i * p + j] = s;
      s112[j * p + i] = s;
    }
  }
  // Regression mean, transposed: (S12 S22^-1)' = S22^-1 S21 = L2^-T Y (q x p), back substitution.
  const meanT = ws.regression;
  for (let c = 0; c < p; c++) {
    for (let i = q - 1; i >= 0; i--) {
      let s = y[i * p + c];
      for (let j = i + 1; j < q; j++) s -= l2[j * q + i] * meanT[j * p + c];
      meanT[i * p + c] = s / l2[i * q + i];
    }
  }

  // Sigma11.2 ~ InvWishart_p(df, S11.2); ws.factor then holds M (p x p) with M M' = Sigma11.2.
  choleskyOrThrow(s112, p, ws.chol, `${what} (free block of the scale given the fixed block)`);
  const sig112 = ws.sigma112;
  invWishartFromCholesky(rng, df, ws.chol, p, sig112, ws);
  const m = ws.factor;

  // B = mean + M Z L2^-1 has row covariance M M' = Sigma11.2 and column covariance
  // L2^-T L2^-1 = S22^-1. W = Z L2^-1 (p x q): each row solves L2' w' = z'.
  const w = ws.noise;
  for (let r = 0; r < p; r++) {
    for (let j = q - 1; j >= 0; j--) {
      let s = rng.normal();
      for (let l = j + 1; l < q; l++) s -= w[r * q + l] * l2[l * q + j];
      w[r * q + j] = s / l2[j * q + j];
    }
  }
  // B into `cross` (p x q; Y is no longer needed).
  const b = ws.cross;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      let s = meanT[j * p + i];
      for (let l = 0; l < p; l++) s += m[i * p + l] * w[l * q + j];
      b[i * q + j] = s;
    }
  }
  // Sigma12 = B Sigma22 (p x q) into `noise`, then written to sigma with its transpose.
  const s12 = ws.noise;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let l = 0; l < q; l++) s += b[i * q + l] * sigma[(p + l) * k + p + j];
      s12[i * q + j] = s;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      sigma[i * k + p + j] = s12[i * q + j];
      sigma[(p + j) * k + i] = s12[i * q + j];
    }
  }
  // Sigma11 = Sigma11.2 + Sigma12 B'.
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = sig112[i * p + j];
      for (let l = 0; l < q; l++) s += s12[i * q + l] * b[j * q + l];
      sigma[i * k + j] = s;
      sigma[j * k + i] = s;
    }
  }
}
