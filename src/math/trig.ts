// sin, cos and tan, ported from fdlibm / FreeBSD msun's s_sin.c, s_cos.c, s_tan.c, k_sin.c, k_cos.c
// and k_tan.c (Copyright (C) 1993-2004 Sun Microsystems, Inc.: "Permission to use, copy, modify, and
// distribute this software is freely granted, provided that this notice is preserved."): reduce to
// |r| <= pi/4 (rem-pio2.ts), then minimax polynomials. Basic IEEE operations only, so every JS
// engine returns the same bits; error below 1 ulp (fdlibm's analysis).

import { remainder, remPio2 } from "./rem-pio2.js";
import { highWord, withLowWord } from "./words.js";

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
const T = [
  3.33333333333334091986e-1, 1.33333333333201242699e-1, 5.39682539762260521377e-2, 2.18694882948595424599e-2,
  8.86323982359930005737e-3, 3.59207910759131235356e-3, 1.45620945432529025516e-3, 5.88041240820264096874e-4,
  2.46463134818469906812e-4, 7.81794442939557092300e-5, 7.14072491382608190305e-5, -1.85586374855275456654e-5,
  2.59073051863633712884e-5,
];
const [T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12] = T;
const PIO4 = 7.85398163397448278999e-1; // 0x3FE921FB 54442D18
const PIO4_LO = 3.06161699786838301793e-17; // 0x3C81A626 33145C07

/** sin(x + y) for |x| <= pi/4, y the tail of x (k_sin.c); `tail` false when y is 0. */
function kernelSin(x: number, y: number, tail: boolean): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!tail) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/** cos(x + y) for |x| <= pi/4 (k_cos.c). */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1 - hz;
  return w + (((1 - w) - hz) + (z * r - x * y));
}

/** tan(x + y) for |x| <= pi/4 when odd is 1, -1/tan(x + y) when it is -1 (k_tan.c). */
function kernelTan(x: number, y: number, odd: number): number {
  const hx = highWord(x);
  const big = (hx & 0x7fffffff) >= 0x3fe59428; // |x| >= 0.6744: tan(pi/4 - x) is more accurate
  if (big) {
    if (hx < 0) { x = -x; y = -y; }
    x = (PIO4 - x) + (PIO4_LO - y);
    y = 0;
  }
  const z = x * x;
  let w = z * z;
  // x^5 (T1 + x^2 T2 + ...) split into its odd and even powers of x^2
  let r = T1 + w * (T3 + w * (T5 + w * (T7 + w * (T9 + w * T11))));
  let v = z * (T2 + w * (T4 + w * (T6 + w * (T8 + w * (T10 + w * T12)))));
  const s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T0 * s;
  w = x + r;
  if (big) {
    v = odd;
    return (1 - ((hx >> 30) & 2)) * (v - 2 * (x - (w * w / (w + v) - r)));
  }
  if (odd === 1) return w;
  // -1/(x + r) accurately
  const zz = withLowWord(w, 0);
  v = r - (zz - x); // zz + v = r + x
  const a = -1 / w;
  const t = withLowWord(a, 0);
  const q = 1 + t * zz;
  return t + a * (q + t * v);
}

/** sin(x). */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return ix < 0x3e500000 ? x : kernelSin(x, 0, false); // |x| <= pi/4 (x itself below 2^-26)
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelSin(remainder[0], remainder[1], true);
    case 1: return kernelCos(remainder[0], remainder[1]);
    case 2: return -kernelSin(remainder[0], remainder[1], true);
    default: return -kernelCos(remainder[0], remainder[1]);
  }
}

/** cos(x). */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return ix < 0x3e46a09e ? 1 : kernelCos(x, 0); // |x| <= pi/4 (1 below 2^-27 sqrt 2)
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  switch (n & 3) {
    case 0: return kernelCos(remainder[0], remainder[1]);
    case 1: return -kernelSin(remainder[0], remainder[1], true);
    case 2: return -kernelCos(remainder[0], remainder[1]);
    default: return kernelSin(remainder[0], remainder[1], true);
  }
}

/** tan(x). */
export function tan(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return ix < 0x3e400000 ? x : kernelTan(x, 0, 1); // |x| <= pi/4 (x itself below 2^-27)
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  return kernelTan(remainder[0], remainder[1], 1 - ((n & 1) << 1));
}
