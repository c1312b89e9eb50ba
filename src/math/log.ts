// Natural, base-2 and base-10 logarithms and log(1 + x), ported from fdlibm / FreeBSD msun's e_log.c,
// s_log1p.c, e_log2.c, e_log10.c and k_log.h (Copyright (C) 1993-2004 Sun Microsystems, Inc.:
// "Permission to use, copy, modify, and distribute this software is freely granted, provided that
// this notice is preserved."). Basic IEEE operations only, so every JS engine returns the same bits;
// error below 1 ulp (fdlibm's analysis).

import { pow2 } from "./powers-of-two.js";
import { highWord, lowWord, withLowWord } from "./words.js";

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.80143985094819840000e16;
const IVLN2_HI = 1.44269504072144627571; // 0x3FF71547 65200000
const IVLN2_LO = 1.67517131648865118353e-10; // 0x3DE705FC 2EEFA200
const IVLN10_HI = 4.34294481878168880939e-1; // 0x3FDBCB7B 15200000
const IVLN10_LO = 2.50829467116452752298e-11; // 0x3DBB9438 CA9AADD5
const LOG10_2_HI = 3.01029995663611771306e-1; // 0x3FD34413 509F6000
const LOG10_2_LO = 3.69423907715893078616e-13; // 0x3D59FEF3 11F12B36
// log(1 + f) = 2s + s R(s^2), s = f / (2 + f): a degree-14 Remez fit of R (error < 2^-58.45)
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

const MIN_NORMAL = 2.2250738585072014e-308; // 2^-1022

/** The argument and result of logKernel (see log). */
const io = new Float64Array(1);

/**
 * log(x) (fdlibm __ieee754_log): x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2). The work is in
 * logKernel, which takes its argument from and leaves its result in `io`: a call that V8 does not
 * inline (its budget runs out in large kernels) passes and returns no double, so it allocates
 * nothing, where a double argument or result would be boxed on the heap.
 */
export function log(x: number): number {
  io[0] = x;
  logKernel();
  return io[0];
}

function logKernel(): void {
  let x = io[0];
  let k = 0;
  if (!(x >= MIN_NORMAL && x < Infinity)) {
    if (!(x > 0) || x === Infinity) { io[0] = logEdge(x); return; }
    k = -54;
    x *= TWO54; // subnormal: scale up
  }
  let hx = highWord(x);
  const e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x *= pow2(-e - (i >> 20)); // normalise x or x/2 (fdlibm sets the exponent bits: the same, exactly)
  k += e + (i >> 20);
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) { io[0] = logNearOne(f, k); return; } // -2^-20 <= f < 2^-20
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  // fdlibm's k = 0 forms (f - ...) give the same bits as these (0 - (... - f)), so they are not kept apart
  if ((i | j) > 0) {
    const hfsq = 0.5 * f * f;
    io[0] = k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
  } else {
    io[0] = k * LN2_HI - ((s * (f - R) - k * LN2_LO) - f);
  }
}

/** log(x) for zeros, negative and non-finite x. */
function logEdge(x: number): number {
  if (x === 0) return -Infinity; // log(+-0)
  if (x === Infinity) return x;
  return NaN; // log(negative), log(NaN)
}

/** log(1 + f) + k ln2 for |f| < 2^-20. */
function logNearOne(f: number, k: number): number {
  if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
  const R = f * f * (0.5 - 0.33333333333333333 * f);
  return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
}

/** log(1 + x), accurate near 0 (fdlibm s_log1p.c). */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  if (hx >= 0x7ff00000 || (hx < 0x3fda827a && (ax >= 0x3ff00000 || ax < 0x3e200000))) return log1pEdge(x, hx, ax);
  let k = 1, f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a && (hx > 0 || hx <= (0xbfd2bec4 | 0))) { k = 0; f = x; hu = 1; } // sqrt(2)/2- <= 1 + x < sqrt(2)+
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding error of 1 + x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) { // u < sqrt(2) (roughly): normalise u
      u *= pow2(-k);
    } else { // normalise u/2
      k += 1;
      u *= pow2(-k);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  return log1pTail(f, k, c, hu);
}

/** log(1 + f) + k ln2 + c for the reduced f (s_log1p.c's second half, apart so that V8 inlines both). */
function log1pTail(f: number, k: number, c: number, hu: number): number {
  const hfsq = 0.5 * f * f;
  if (hu === 0) return log1pNearZero(f, k, c, hfsq); // |f| < 2^-20
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - ((hfsq - (s * (hfsq + R) + (k * LN2_LO + c))) - f);
}

/** log1p at x <= -1, |x| < 2^-29, Infinity and NaN (kept out of log1p so that V8 inlines it). */
function log1pEdge(x: number, hx: number, ax: number): number {
  if (hx >= 0x7ff00000) return x + x; // +Infinity, NaN
  if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x <= -1
  return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2^-29
}

/** log1p's |f| < 2^-20 case: log(1 + f) + k ln2 + c. */
function log1pNearZero(f: number, k: number, c: number, hfsq: number): number {
  if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
  const R = hfsq * (1 - 0.66666666666666666 * f);
  return k === 0 ? f - R : k * LN2_HI - ((R - (k * LN2_LO + c)) - f);
}

/** k_log1p of k_log.h: log(1 + f) - (f - f^2/2) for sqrt(2)/2 - 1 < f < sqrt(2) - 1. */
function logTail(f: number): number {
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  return s * (0.5 * f * f + t2 + t1);
}

/** log2 or log10 of x (e_log2.c, e_log10.c): the same reduction, f - f^2/2 split in hi + lo for extra precision. */
function scaledLog(x: number, base10: boolean): number {
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) { // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0; // log(1) = +0
  const e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x *= pow2(-e - (i >> 20)); // normalise x or x/2
  k += e + (i >> 20);
  const y = k;
  const f = x - 1;
  const hfsq = 0.5 * f * f;
  const r = logTail(f);
  const hi = withLowWord(f - hfsq, 0);
  const lo = (f - hi) - hfsq + r;
  let valHi: number, valLo: number, w: number;
  if (base10) {
    valHi = hi * IVLN10_HI;
    const y2 = y * LOG10_2_HI;
    valLo = y * LOG10_2_LO + (lo + hi) * IVLN10_LO + lo * IVLN10_HI;
    w = y2 + valHi;
    valLo += (y2 - w) + valHi;
  } else {
    valHi = hi * IVLN2_HI;
    valLo = (lo + hi) * IVLN2_LO + lo * IVLN2_HI;
    w = y + valHi;
    valLo += (y - w) + valHi;
  }
  return valLo + w;
}

/** log2(x) (FreeBSD e_log2.c). */
export function log2(x: number): number {
  return scaledLog(x, false);
}

/** log10(x) (FreeBSD e_log10.c). */
export function log10(x: number): number {
  return scaledLog(x, true);
}
