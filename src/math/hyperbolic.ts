// tanh, cosh and atanh, ported from fdlibm / FreeBSD msun's s_tanh.c, e_cosh.c, k_exp.c and
// e_atanh.c (Copyright (C) 1993-2004 Sun Microsystems, Inc.: "Permission to use, copy, modify, and
// distribute this software is freely granted, provided that this notice is preserved."), on this
// module's exp, expm1 and log1p. Basic IEEE operations only, so every JS engine returns the same bits.

import { exp, expm1 } from "./exp.js";
import { twoProductError } from "./exact-arithmetic.js";
import { log1p } from "./log.js";
import { fromWords, highWord, lowWord } from "./words.js";

const KLN2 = 1246.97177782734161156; // 1799 ln2, chosen so that |exp(KLN2) - 2^1799| is small
const TWO_899 = fromWords((0x3ff + 899) << 20, 0); // 2^899

/** tanh(x) to within 1 ulp: Lambert's continued fraction below 0.6, 1 - 2/(e^2|x| + 1) in double-double above (s_tanh.c's own formulas err by up to 2 ulps). */
export function tanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // +-1, or NaN
  if (ix < 0x3e300000) return x; // |x| < 2^-28
  if (ix >= 0x40360000) return jx >= 0 ? 1 : -1; // |x| >= 22: tanh rounds to 1
  const a = Math.abs(x);
  const z = a < 0.6 ? tanhContinuedFraction(a) : tanhFromExpm1(a);
  return jx >= 0 ? z : -z;
}

/**
 * tanh(a) = a / (1 + y), y = a^2 / (3 + a^2 / (5 + ...)) (Lambert 1768), written a - a y / (1 + y)
 * so that the correction's rounding is damped by y / (1 + y) < 0.11 (a < 0.6; 8 levels: truncation < 1e-20).
 */
function tanhContinuedFraction(a: number): number {
  const z = a * a;
  let d = 17;
  for (let k = 7; k >= 1; k--) d = 2 * k + 1 + z / d;
  const y = z / d;
  return a - (a * y) / (1 + y);
}

/** 1 - 2/(t + 2), t = expm1(2a) > 2.3, with t + 2, the quotient and 1 - q carried in double-double. */
function tanhFromExpm1(a: number): number {
  const t = expm1(2 * a);
  const s = t + 2;
  const e = 2 - (s - t); // s + e = t + 2 exactly (|t| >= 2)
  const q = 2 / s;
  const p = q * s;
  const remainder = (2 - p) - twoProductError(q, s, p); // 2 - q s, exactly up to a last rounding
  const d = (remainder - q * e) / s; // 2/(s + e) = q + d
  const hi = 1 - q;
  const lo = (1 - hi) - q; // hi + lo = 1 - q exactly
  return hi + (lo - d);
}

/** cosh(x) (e_cosh.c; near overflow, k_exp.c's exp(x - 1799 ln2) 2^1799). */
export function cosh(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix >= 0x7ff00000) return x * x; // Infinity or NaN
  const ax = Math.abs(x);
  if (ix < 0x3fd62e43) { // |x| < ln2 / 2: 1 + expm1(|x|)^2 / (2 exp(|x|))
    const t = expm1(ax);
    const w = 1 + t;
    if (ix < 0x3c800000) return w; // cosh(tiny) = 1
    return 1 + (t * t) / (w + w);
  }
  if (ix < 0x40360000) { // |x| < 22
    const t = exp(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862e42) return 0.5 * exp(ax); // |x| < log(largest double)
  if (ix <= 0x408633ce) return exp(ax - KLN2) * TWO_899 * TWO_899; // exp(|x|) / 2 without overflowing first
  return Infinity;
}

/** 1/3, 1/5, 1/7, ...: atanh(a) = a + a z (1/3 + z/5 + z^2/7 + ...), z = a^2. */
const ATANH_SERIES = Float64Array.from({ length: 28 }, (_, k) => 1 / (2 * k + 3));

/**
 * atanh(x): below |x| = 1/2 its Taylor series (28 terms: truncation below 2^-60 relative, and the
 * tail's rounding damped by z/3 < 1/12); above, e_atanh.c's log1p(2|x| / (1 - |x|)) / 2 with the
 * quotient carried in double-double, log1p(a + b) = log1p(a) + b / (1 + a). e_atanh.c's own
 * formulas err by up to 1.5 ulps.
 */
export function atanh(x: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const ix = hx & 0x7fffffff;
  if ((ix | ((lx | -lx) >>> 31)) > 0x3ff00000) return NaN; // |x| > 1 or NaN
  if (ix === 0x3ff00000) return x / 0; // +-Infinity
  if (ix < 0x3e300000) return x; // |x| < 2^-28
  const a = Math.abs(x);
  let t: number;
  if (a < 0.5) {
    const z = a * a;
    let sum = ATANH_SERIES[27];
    for (let k = 26; k >= 0; k--) sum = ATANH_SERIES[k] + z * sum;
    t = a + a * z * sum;
  } else {
    const d = 1 - a; // exact (Sterbenz)
    const q = (a + a) / d;
    const p = q * d;
    const b = (((a + a) - p) - twoProductError(q, d, p)) / d; // 2a / (1 - a) = q + b
    t = 0.5 * (log1p(q) + b / (1 + q));
  }
  return hx >= 0 ? t : -t;
}
