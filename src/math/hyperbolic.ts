// tanh, cosh and atanh, ported from fdlibm / FreeBSD msun's s_tanh.c, e_cosh.c, k_exp.c and
// e_atanh.c (Copyright (C) 1993-2004 Sun Microsystems, Inc.: "Permission to use, copy, modify, and
// distribute this software is freely granted, provided that this notice is preserved."), on this
// module's exp, expm1 and log1p. Basic IEEE operations only, so every JS engine returns the same bits.

import { exp, expm1 } from "./exp.js";
import { log1p } from "./log.js";
import { fromWords, highWord, lowWord } from "./words.js";

const KLN2 = 1246.97177782734161156; // 1799 ln2, chosen so that |exp(KLN2) - 2^1799| is small
const TWO_899 = fromWords((0x3ff + 899) << 20, 0); // 2^899

/** tanh(x) (s_tanh.c): from expm1(2|x|), +-1 beyond |x| = 22. */
export function tanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // +-1, or NaN
  let z: number;
  if (ix < 0x40360000) { // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28
    if (ix >= 0x3ff00000) z = 1 - 2 / (expm1(2 * Math.abs(x)) + 2); // |x| >= 1
    else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else z = 1; // tanh(22) rounds to 1
  return jx >= 0 ? z : -z;
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

/** atanh(x) (e_atanh.c): from log1p. */
export function atanh(x: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const ix = hx & 0x7fffffff;
  if ((ix | ((lx | -lx) >>> 31)) > 0x3ff00000) return NaN; // |x| > 1 or NaN
  if (ix === 0x3ff00000) return x / 0; // +-Infinity
  if (ix < 0x3e300000) return x; // |x| < 2^-28
  const a = Math.abs(x);
  const t = a < 0.5 ? 0.5 * log1p(a + a + (a + a) * a / (1 - a)) : 0.5 * log1p((a + a) / (1 - a));
  return hx >= 0 ? t : -t;
}
