// e^x and e^x - 1, ported from fdlibm's e_exp.c and s_expm1.c (FreeBSD msun; Copyright (C) 1993-2004
// Sun Microsystems, Inc.: "Permission to use, copy, modify, and distribute this software is freely
// granted, provided that this notice is preserved."). Basic IEEE operations only, so every JS engine
// returns the same bits; error below 1 ulp (fdlibm's analysis).

import { pow2 } from "./powers-of-two.js";
import { fromWords, highWord } from "./words.js";

const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const U_THRESHOLD = -7.45133219101941108420e2; // 0xC0874910 D52D3051
const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INV_LN2 = 1.44269504088896338700; // 0x3FF71547 652B82FE
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
const TWO_1023 = 8.98846567431158e307; // 2^1023
// exp(r) = 1 + r + r R1(r) / (2 - R1(r)), R1 from a degree-5 Remez fit (error < 2^-59)
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
// expm1's rational approximation, scaled for R(2z) with z = x^2 / 2
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

// fdlibm's tests on the high word of |x|, as comparisons of |x| with doubles (the same branches:
// "high word > H" is |x| >= the double with high word H + 1 and low word 0)
const BIG = fromWords(0x40862e42, 0); // |x| >= 709.78...: overflow, underflow or not finite
const HALF_LN2 = fromWords(0x3fd62e43, 0); // |x| > 0.5 ln2: reduce
const THREE_HALVES_LN2 = fromWords(0x3ff0a2b2, 0); // |x| < 1.5 ln2: k = +-1
const TWO_M28 = fromWords(0x3e300000, 0); // |x| < 2^-28: 1 + x

/** exp at |x| >= 709.78 or NaN: NaN, Infinity, 0, or NaN when x is in range after all. */
function expEdge(x: number): number {
  if (x !== x) return x;
  if (x > O_THRESHOLD) return Infinity; // and +Infinity
  if (x < U_THRESHOLD) return 0; // and -Infinity
  return NaN;
}

/** The argument and result of expKernel (see exp). */
const io = new Float64Array(1);

/**
 * e^x (fdlibm __ieee754_exp): x = k ln2 + r, |r| <= ln2 / 2, then exp(r) scaled by 2^k. The work is
 * in expKernel, which takes its argument from and leaves its result in `io`: a call that V8 does
 * not inline passes and returns no double, so it allocates nothing (a double would be boxed).
 */
export function exp(x: number): number {
  io[0] = x;
  expKernel();
  return io[0];
}

function expKernel(): void {
  let x = io[0];
  const ax = Math.abs(x);
  if (!(ax < BIG)) {
    const edge = expEdge(x);
    if (edge === edge) { io[0] = edge; return; }
  }
  if (x === 1) { io[0] = 2.718281828459045235360; return; } // fdlibm gives e's neighbour; the nearest is preferred
  let hi = 0, lo = 0, k = 0;
  if (ax >= HALF_LN2) {
    if (ax < THREE_HALVES_LN2) {
      if (x > 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INV_LN2 * x + (x > 0 ? 0.5 : -0.5)) | 0; // C's truncating conversion
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TWO_M28) {
    io[0] = 1 + x;
    return;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) { io[0] = 1 - ((x * c) / (c - 2) - x); return; }
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) io[0] = k === 1024 ? y * 2 * TWO_1023 : y * pow2(k);
  else io[0] = y * pow2(k + 1000) * TWO_M1000;
}

/** expm1 at |x| >= 56 ln2 or NaN: its value, or NaN when x is a positive number in range. */
function expm1Edge(x: number): number {
  if (x !== x) return x;
  if (x < 0) return -1; // x < -56 ln2 (and -Infinity): e^x is below half an ulp of 1
  if (x > O_THRESHOLD) return Infinity; // and +Infinity
  return NaN;
}

/** e^x - 1, accurate near 0 (fdlibm s_expm1.c); the edge cases sit apart so that V8 can inline it. */
export function expm1(x: number): number {
  const whole = highWord(x);
  const negative = whole < 0;
  const hx = whole & 0x7fffffff;
  if (hx >= 0x4043687a) { // |x| >= 56 ln2
    const edge = expm1Edge(x);
    if (edge === edge) return edge;
  }
  let k = 0, c = 0;
  if (hx > 0x3fd62e42) { // |x| > ln2 / 2
    let hi: number, lo: number;
    if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2
      if (!negative) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INV_LN2 * x + (negative ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) { // |x| < 2^-54
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  return expm1Scaled(x, e, c, hxs, k);
}

/** expm1 = 2^k (1 + r + ...) - 1 for k != 0 (s_expm1.c's last steps, apart so that V8 inlines both). */
function expm1Scaled(x: number, e: number, c: number, hxs: number, k: number): number {
  let t: number;
  const twopk = k <= 1023 ? pow2(k) : Infinity; // 2^1024 only ever meets the k === 1024 branch
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) { // exp(x) - 1 suffices
    y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_1023 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = 1 - pow2(-k); // exact (fdlibm writes its bits)
    y = t - (e - x);
    return y * twopk;
  }
  t = pow2(-k);
  y = x - (e + t);
  y += 1;
  return y * twopk;
}
