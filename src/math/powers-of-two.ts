// Exact powers of two, looked up: scaling by one is exact (no rounding while the result stays
// normal), so fdlibm's "set the exponent bits" steps become one multiplication, with no trip of a
// double through memory as 32-bit words.

import { fromWords } from "./words.js";

const LOWEST = -1074;
const TABLE = new Float64Array(1023 - LOWEST + 1);
for (let j = LOWEST; j <= 1023; j++) {
  TABLE[j - LOWEST] = j >= -1022 ? fromWords((0x3ff + j) << 20, 0) : j > -1043 ? fromWords(0x00080000 >>> (-1023 - j), 0) : fromWords(0, 1 << (j + 1074));
}

/** 2^j for an integer j in [-1074, 1023]. */
export function pow2(j: number): number {
  return TABLE[j - LOWEST];
}
