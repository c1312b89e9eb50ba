// x^y as ECMAScript's Math.pow and ** define it, computed by fdlibm / FreeBSD msun's e_pow.c
// (Copyright (C) 2004 Sun Microsystems, Inc.: "Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice is preserved."): log2(x) in extra
// precision, times y split in two, then 2^(y log2 x). Basic IEEE operations only, so every JS
// engine returns the same bits; error below 1 ulp (fdlibm's analysis: about 0.8 ulp).

import { fromWords, highWord, lowWord, withHighWord, withLowWord } from "./words.js";

const BP = [1, 1.5];
const DP_H = [0, 5.84962487220764160156e-1]; // 0x3FE2B803 40000000: log2(1.5) high
const DP_L = [0, 1.35003920212974897128e-8]; // 0x3E4CFDEB 43CFD006: its tail
const TWO53 = 9007199254740992;
// (3/2) (log(x) - 2s - (2/3) s^3) as a polynomial in s^2
const L1 = 5.99999999999994648725e-1;
const L2 = 4.28571428578550184252e-1;
const L3 = 3.33333329818377432918e-1;
const L4 = 2.72728123808534006489e-1;
const L5 = 2.30660745775561754067e-1;
const L6 = 2.06975017800338417784e-1;
// exp's polynomial (e_exp.c)
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const LG2 = 6.93147180559945286227e-1; // 0x3FE62E42 FEFA39EF
const LG2_H = 6.93147182464599609375e-1; // 0x3FE62E43 00000000
const LG2_L = -1.90465429995776804525e-9; // 0xBE205C61 0CA86C39
const OVT = 8.0085662595372944372e-17; // -(1024 - log2(overflow + 0.5 ulp))
const CP = 9.61796693925975554329e-1; // 2 / (3 ln2)
const CP_H = 9.61796700954437255859e-1; // (float) CP
const CP_L = -7.02846165095275826516e-9; // CP - CP_H
const IVLN2 = 1.44269504088896338700; // 1 / ln2
const IVLN2_H = 1.44269502162933349609; // 24 bits of 1 / ln2
const IVLN2_L = 1.92596299112661746887e-8; // its tail

const TWO_M969 = fromWords((0x3ff - 969) << 20, 0);

/** z 2^n for z near 1 and a subnormal result: one rounding (FreeBSD s_scalbn.c's steps). */
function scaleDown(z: number, n: number): number {
  // z 2^-969 stays normal (n >= -1076 here), so only the last product rounds
  return z * TWO_M969 * fromWords((0x3ff + n + 969) << 20, 0);
}

/** x^y with ECMAScript's special cases (NaN for 1^NaN and (+-1)^(+-Infinity), unlike C). */
export function pow(x: number, y: number): number {
  const hx = highWord(x), lx = lowWord(x);
  const hy = highWord(y), ly = lowWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  if ((iy | ly) === 0) return 1; // x^0 = 1, even for NaN x
  if (y !== y || x !== x) return NaN;
  if (iy === 0x7ff00000 && ly === 0 && ix === 0x3ff00000 && lx === 0) return NaN; // (+-1)^(+-Infinity)
  if (hx === 0x3ff00000 && lx === 0) return 1;

  // when x < 0: yIsInt 0: y is not an integer, 1: an odd integer, 2: an even integer
  let yIsInt = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yIsInt = 2; // |y| >= 2^53: even
    else if (iy >= 0x3ff00000) {
      const e = (iy >> 20) - 0x3ff;
      if (e > 20) {
        const j = ly >>> (52 - e);
        if (((j << (52 - e)) >>> 0) === ly) yIsInt = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - e);
        if (j << (20 - e) === iy) yIsInt = 2 - (j & 1);
      }
    }
  }
  if (ly === 0) {
    if (iy === 0x7ff00000) { // y = +-Infinity
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = +-1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x >= +0
  }
  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) { // x = +-0, +-Infinity, +-1
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yIsInt) === 0) z = NaN; // (-1)^non-integer
      else if (yIsInt === 1) z = -z; // (x < 0)^odd = -(|x|^odd)
    }
    return z;
  }
  let n = (hx >>> 31) - 1; // 0 when x < 0, -1 otherwise
  if ((n | yIsInt) === 0) return NaN; // (x < 0)^non-integer
  const s = (n | (yIsInt - 1)) === 0 ? -1 : 1; // sign of the result: (x < 0)^odd

  let t1: number, t2: number;
  if (iy > 0x41e00000) { // |y| > 2^31
    if (iy > 0x43f00000) { // |y| > 2^64: over- or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * Infinity : s * 0;
    if (ix > 0x3ff00000) return hy > 0 ? s * Infinity : s * 0;
    // |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1; // 20 trailing zeros
    const w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t; // IVLN2_H has 21 significant bits
    const v = t * IVLN2_L - w * IVLN2;
    t1 = withLowWord(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    if (ix < 0x00100000) { ax *= TWO53; n -= 53; ix = highWord(ax); } // subnormal x
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    let k: number;
    ix = j | 0x3ff00000; // normalise
    if (j <= 0x3988e) k = 0; // |x| < sqrt(3/2)
    else if (j < 0xbb67a) k = 1; // |x| < sqrt(3)
    else { k = 0; n += 1; ix -= 0x00100000; }
    ax = withHighWord(ax, ix);
    // ss = sH + sL = (x - 1) / (x + 1) or (x - 1.5) / (x + 1.5)
    let u = ax - BP[k];
    let v = 1 / (ax + BP[k]);
    const ss = u * v;
    const sH = withLowWord(ss, 0);
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0); // ax + BP[k], high part
    let tL = ax - (tH - BP[k]);
    const sL = v * ((u - sH * tH) - sH * tL);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = withLowWord(3 + s2 + r, 0);
    tL = r - ((tH - 3) - s2);
    // u + v = ss (1 + ...)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2 / (3 log 2) (ss + ...)
    const pH = withLowWord(u + v, 0);
    const pL = v - (pH - u);
    const zH = CP_H * pH;
    const zL = CP_L * pH + pL * CP + DP_L[k];
    // log2(ax) = (ss + ...) 2 / (3 log 2) = n + DP_H + zH + zL
    const t = n;
    t1 = withLowWord(((zH + zL) + DP_H[k]) + t, 0);
    t2 = zL - (((t1 - t) - DP_H[k]) - zH);
  }

  // (y1 + y2) (t1 + t2), y split in two
  const y1 = withLowWord(y, 0);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = highWord(z);
  const i = lowWord(z);
  if (j >= 0x40900000) { // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * Infinity;
    if (pL + OVT > z - pH) return s * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) { // z <= -1075
    if (((j - 0xc090cc00) | i) !== 0) return s * 0;
    if (pL <= z - pH) return s * 0;
  }
  // 2^(pH + pL)
  const a = j & 0x7fffffff;
  let k = (a >> 20) - 0x3ff;
  n = 0;
  if (a > 0x3fe00000) { // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = withLowWord(pL + pH, 0);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const c = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * c) / (c - 2) - (w + z * w);
  z = 1 - (r - z);
  j = highWord(z) + (n << 20);
  z = (j >> 20) <= 0 ? scaleDown(z, n) : withHighWord(z, j);
  return s * z;
}
