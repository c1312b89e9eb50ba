// The 32-bit halves of an IEEE 754 double, as fdlibm's GET_HIGH_WORD / INSERT_WORDS macros read
// and write them, through one shared 8-byte buffer (no allocation per call). Typed arrays use the
// platform's byte order, so the high word's index is found once.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const i32 = new Int32Array(f64.buffer);
f64[0] = 1; // 0x3ff00000 00000000
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** The high word of x (sign, exponent and top 20 mantissa bits) as a signed 32-bit integer. */
export function highWord(x: number): number {
  f64[0] = x;
  return i32[HI];
}

/** The low word of x (bottom 32 mantissa bits) as an unsigned 32-bit integer. */
export function lowWord(x: number): number {
  f64[0] = x;
  return u32[LO];
}

/** The double whose high and low words are `hi` and `lo`. */
export function fromWords(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0];
}

/** x with its high word replaced by `hi`. */
export function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  u32[HI] = hi >>> 0;
  return f64[0];
}

/** x with its low word replaced by `lo`. */
export function withLowWord(x: number, lo: number): number {
  f64[0] = x;
  u32[LO] = lo >>> 0;
  return f64[0];
}

