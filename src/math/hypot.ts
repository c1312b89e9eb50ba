// sqrt(x^2 + y^2) without undue overflow or underflow, ported from fdlibm / FreeBSD msun's e_hypot.c
// (Copyright (C) 1993 Sun Microsystems, Inc.: "Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice is preserved."): error below 1 ulp. And the
// Euclidean norm of a vector by a scaled sum of squares. Basic IEEE operations and Math.sqrt
// (correctly rounded by the standard) only, so every JS engine returns the same bits.

import { fromWords, highWord, lowWord, withHighWord } from "./words.js";

/** sqrt(x^2 + y^2) as Math.hypot(x, y) (Infinity when either is infinite, even with a NaN). */
export function hypot(x: number, y: number): number {
  let ha = highWord(x) & 0x7fffffff;
  let hb = highWord(y) & 0x7fffffff;
  let a: number, b: number;
  if (hb > ha) { a = y; b = x; const j = ha; ha = hb; hb = j; } else { a = x; b = y; }
  a = Math.abs(a);
  b = Math.abs(b);
  if (ha >= 0x7ff00000 || hb >= 0x7ff00000) return a === Infinity || b === Infinity ? Infinity : NaN;
  if (ha - hb > 0x3c00000) return a + b; // a / b > 2^60
  let k = 0;
  if (ha > 0x5f300000) { // a > 2^500: scale both by 2^-600
    ha -= 0x25800000; hb -= 0x25800000; k += 600;
    a = withHighWord(a, ha);
    b = withHighWord(b, hb);
  }
  if (hb < 0x20b00000) { // b < 2^-500
    if (hb <= 0x000fffff) { // subnormal b or 0
      if ((hb | lowWord(b)) === 0) return a;
      const t1 = fromWords(0x7fd00000, 0); // 2^1022
      b *= t1;
      a *= t1;
      k -= 1022;
      ha = highWord(a);
      hb = highWord(b);
    } else { // scale both by 2^600
      ha += 0x25800000; hb += 0x25800000; k -= 600;
      a = withHighWord(a, ha);
      b = withHighWord(b, hb);
    }
  }
  let w = a - b;
  if (w > b) {
    const t1 = fromWords(ha, 0);
    const t2 = a - t1;
    w = Math.sqrt(t1 * t1 - (b * (-b) - t2 * (a + t1)));
  } else {
    a = a + a;
    const y1 = fromWords(hb, 0);
    const y2 = b - y1;
    const t1 = fromWords(ha + 0x00100000, 0);
    const t2 = a - t1;
    w = Math.sqrt(t1 * y1 - (w * (-w) - (t1 * y2 + t2 * b)));
  }
  return k === 0 ? w : fromWords(0x3ff00000 + (k << 20), 0) * w;
}

/** sqrt(sum of v[i]^2), scaled by the largest |v[i]| so that no square overflows or underflows. */
export function euclideanNorm(v: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a === Infinity) return Infinity;
    if (a > largest || a !== a) largest = a;
  }
  if (largest === 0 || largest !== largest) return largest;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const r = v[i] / largest;
    sum += r * r;
  }
  return largest * Math.sqrt(sum);
}
