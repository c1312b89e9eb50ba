// In-place iterative radix-2 complex FFT (Cooley-Tukey, decimation in time) on separate
// real and imaginary Float64Arrays whose length is a power of two. Twiddle factors are
// computed once per size with cos/sin of the exact angle (no recurrence), so the transform is
// accurate to a few ulps of the largest coefficient; src/math's cos/sin give them the same bits in
// every JS engine.

import { cos as cosine, sin as sine } from "../math/deterministic.js";

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array; rev: Uint32Array }>();

function tables(n: number): { cos: Float64Array; sin: Float64Array; rev: Uint32Array } {
  let t = twiddleCache.get(n);
  if (t === undefined) {
    const half = n >>> 1;
    const cos = new Float64Array(half);
    const sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      const angle = (-2 * Math.PI * k) / n;
      cos[k] = cosine(angle);
      sin[k] = sine(angle);
    }
    const rev = new Uint32Array(n);
    let bits = 0;
    while (1 << bits < n) bits++; // log2(n): n is a power of two
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0, v = i; b < bits; b++, v >>>= 1) r = (r << 1) | (v & 1);
      rev[i] = r >>> 0;
    }
    t = { cos, sin, rev };
    twiddleCache.set(n, t);
  }
  return t;
}

/** Smallest power of two >= n. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Forward DFT X_k = sum_j x_j exp(-2 pi i jk / n), in place. `re.length` must be a power
 * of two and equal `im.length`.
 */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n !== im.length || (n & (n - 1)) !== 0) {
    throw new RangeError(`fft: length ${n} is not a power of two (or re/im lengths differ)`);
  }
  if (n <= 1) return;
  const { cos, sin, rev } = tables(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size >>> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, tw = 0; k < half; k++, tw += step) {
        const a = start + k;
        const b = a + half;
        const wr = cos[tw];
        const wi = sin[tw];
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}
