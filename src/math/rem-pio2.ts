// x = n pi/2 + r with |r| <= ~pi/4, r as a double-double (remainder[0] + remainder[1]): the argument
// reduction of fdlibm / FreeBSD msun's e_rem_pio2.c (Copyright (C) 1993 Sun Microsystems, Inc.:
// "Permission to use, copy, modify, and distribute this software is freely granted, provided that
// this notice is preserved.") for |x| < 2^20 pi/2 (Cody & Waite with pi/2 in three 33-bit pieces).
// Larger |x| is reduced exactly with BigInt by the bits of 2/pi (Payne & Hanek 1983) instead of
// fdlibm's k_rem_pio2.c: slower, but only data transforms ever meet such arguments.

import { twoProductError } from "./exact-arithmetic.js";
import { highWord, lowWord } from "./words.js";

const INV_PIO2 = 6.36619772367581382433e-1; // 0x3FE45F30 6DC9C883
const PIO2_1 = 1.57079632673412561417; // 0x3FF921FB 54400000: the first 33 bits of pi/2
const PIO2_1T = 6.07710050650619224932e-11; // pi/2 - PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // the second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // pi/2 - PIO2_1 - PIO2_2
const PIO2_3 = 2.02226624871116645580e-21; // the third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // pi/2 - PIO2_1 - PIO2_2 - PIO2_3
const ROUNDER = 6755399441055744; // 1.5 * 2^52: adding and subtracting it rounds to an integer
const PIO2_HI = 1.5707963267948966; // 0x3FF921FB 54442D18
const PIO2_LO = 6.123233995736766e-17; // pi/2 - PIO2_HI

/** The reduced argument of the last call: r = remainder[0] + remainder[1]. */
export const remainder = new Float64Array(2);

/** n (the quadrant is n mod 4) for x = n pi/2 + r, writing r into `remainder`; x finite, |x| > pi/4. */
export function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x401c463b && (ix & 0xfffff) !== 0x921fb && ix !== 0x4012d97c) { // |x| <= 9pi/4, not near a multiple of pi/2
    const n = ix <= 0x4002d97c ? 1 : ix <= 0x400f6a7a ? 2 : ix <= 0x4015fdbc ? 3 : 4;
    if (hx > 0) {
      const z = x - n * PIO2_1; // one round good to 85 bits
      remainder[0] = z - n * PIO2_1T;
      remainder[1] = (z - remainder[0]) - n * PIO2_1T;
      return n;
    }
    const z = x + n * PIO2_1;
    remainder[0] = z + n * PIO2_1T;
    remainder[1] = (z - remainder[0]) + n * PIO2_1T;
    return -n;
  }
  if (ix < 0x413921fb) return medium(x, ix); // |x| < 2^20 pi/2
  return large(x);
}

/** Cody-Waite reduction in up to three rounds (85, 118, 151 bits of pi/2). */
function medium(x: number, ix: number): number {
  const fn = (x * INV_PIO2 + ROUNDER) - ROUNDER;
  const n = fn | 0;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T;
  const j = ix >> 20;
  remainder[0] = r - w;
  if (j - ((highWord(remainder[0]) >> 20) & 0x7ff) > 16) { // cancellation: a second round
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - ((t - r) - w);
    remainder[0] = r - w;
    if (j - ((highWord(remainder[0]) >> 20) & 0x7ff) > 49) { // and a third
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - ((t - r) - w);
      remainder[0] = r - w;
    }
  }
  remainder[1] = (r - remainder[0]) - w;
  return n;
}

const PRECISION = 1280; // bits of 2/pi kept: covers |x| up to 2^1024 with 200 bits to spare
let twoOverPi: bigint | undefined;

/** floor(2^PRECISION 2/pi), by Machin's formula pi = 16 atan(1/5) - 4 atan(1/239) in fixed point. */
function scaledTwoOverPi(): bigint {
  const W = BigInt(PRECISION + 64);
  const atanInverse = (k: bigint): bigint => {
    let term = (1n << W) / k, sum = term;
    const k2 = k * k;
    for (let i = 1n; term !== 0n; i++) {
      term /= k2;
      sum += (i & 1n ? -term : term) / (2n * i + 1n);
    }
    return sum;
  };
  const pi = 16n * atanInverse(5n) - 4n * atanInverse(239n);
  return (1n << (BigInt(PRECISION + 1) + W)) / pi;
}

/** Exact reduction of |x| >= 2^20 pi/2: x 2/pi = m 2^e (2/pi) from the integer product m T. */
function large(x: number): number {
  twoOverPi ??= scaledTwoOverPi();
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  const e = (ix >> 20) - 1075; // |x| = m 2^e, m the 53-bit integer significand (|x| is normal here)
  const m = (BigInt((ix & 0xfffff) | 0x100000) << 32n) | BigInt(lowWord(x));
  const shift = BigInt(PRECISION - e);
  const product = m * twoOverPi;
  let n = Number((product >> shift) & 3n);
  let fraction = product & ((1n << shift) - 1n); // x 2/pi - integer, times 2^shift
  if (fraction >= 1n << (shift - 1n)) { n += 1; fraction -= 1n << shift; } // round to the nearest quadrant
  // f = fraction / 2^shift as a double-double, from its top 200 bits
  const top = fraction >> (shift - 200n);
  const scale = 6.223015277861142e-61; // 2^-200
  const fHi = Number(top);
  const fLo = Number(top - BigInt(fHi)) * scale;
  const hi = fHi * scale;
  // r = f pi/2 in double-double: Dekker's exact product of hi and PIO2_HI, plus the small terms
  const p = hi * PIO2_HI;
  const err = twoProductError(hi, PIO2_HI, p) + (hi * PIO2_LO + fLo * PIO2_HI);
  const y0 = p + err;
  const y1 = err - (y0 - p);
  const sign = hx < 0 ? -1 : 1;
  remainder[0] = sign * y0;
  remainder[1] = sign * y1;
  return sign * n;
}
