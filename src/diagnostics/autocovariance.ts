// Autocovariances by FFT, as posterior's autocovariance(): centre the draws, zero-pad to at
// least twice their length (so the circular correlation equals the linear one), take
// |FFT|^2 and transform back, then rescale so lag 0 equals var(x) (N - 1) / N, the "biased"
// estimate recommended by Geyer (1992). posterior pads to 2 * nextn(N) (a 2,3,5-smooth
// length); any length >= 2N - 1 gives the same numbers up to rounding, and a power of two
// lets a plain radix-2 transform do the work.
import { fftInPlace, nextPowerOfTwo } from "./fft.js";
import { meanOf, sumSquaredDeviations } from "./moments.js";
import type { Chains } from "./types.js";

/** Scratch space for transforms of length `len`, reused across chain pairs. */
interface Scratch {
  re: Float64Array;
  im: Float64Array;
}

function scratchFor(n: number): Scratch {
  const len = nextPowerOfTwo(2 * n);
  return { re: new Float64Array(len), im: new Float64Array(len) };
}

/** Writes the first N lags of the autocorrelation sums of two real series (b may be null). */
function rawAutocorrelationPair(
  a: Float64Array,
  b: Float64Array | null,
  outA: Float64Array,
  outB: Float64Array | null,
  { re, im }: Scratch,
): void {
  const n = a.length;
  const len = re.length;
  const ma = meanOf(a);
  for (let i = 0; i < n; i++) re[i] = a[i] - ma;
  re.fill(0, n);
  if (b !== null) {
    const mb = meanOf(b);
    for (let i = 0; i < n; i++) im[i] = b[i] - mb;
    im.fill(0, n);
  } else im.fill(0);
  // Two real series packed as z = a + i b: A_k = (Z_k + conj Z_{-k}) / 2 and
  // B_k = (Z_k - conj Z_{-k}) / 2i, so |A_k|^2 and |B_k|^2 come from one transform.
  // Both are even in k, so each pair (k, len - k) is read once and written in place.
  fftInPlace(re, im);
  for (let k = 0; k <= len >>> 1; k++) {
    const j = k === 0 ? 0 : len - k;
    const sr = re[k] + re[j];
    const di = im[k] - im[j];
    const dr = re[k] - re[j];
    const si = im[k] + im[j];
    const powerA = 0.25 * (sr * sr + di * di);
    const powerB = 0.25 * (dr * dr + si * si);
    re[k] = powerA;
    re[j] = powerA;
    // conjugated, so that a forward transform acts as the inverse (see below)
    im[k] = -powerB;
    im[j] = -powerB;
  }
  // Both power spectra are real and even, so their transforms are real: with P = |A|^2 +
  // i |B|^2, ifft(P) = conj(fft(conj P)) / len; the 1 / len cancels in the rescaling below.
  fftInPlace(re, im);
  for (let t = 0; t < n; t++) outA[t] = re[t];
  if (outB !== null) for (let t = 0; t < n; t++) outB[t] = -im[t];
}

/** Rescales raw lag sums so that lag 0 is var(x) (N - 1) / N; zeros for constant x. */
function rescale(x: Float64Array, ac: Float64Array): void {
  const n = x.length;
  const ss = sumSquaredDeviations(x, meanOf(x));
  const varx = n > 1 ? ss / (n - 1) : NaN;
  if (varx === 0) {
    ac.fill(0);
    return;
  }
  const scale = (varx * (n - 1)) / n / ac[0];
  for (let t = 0; t < n; t++) ac[t] *= scale;
}

/**
 * Autocovariance of x at lags 0..N-1, each lag's sum divided by N (not N - lag), as
 * posterior::autocovariance(). All zeros when x is constant.
 */
export function autocovariance(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  if (x.length === 0) return out;
  rawAutocorrelationPair(x, null, out, null, scratchFor(x.length));
  rescale(x, out);
  return out;
}

/** Autocorrelation of x at lags 0..N-1 (autocovariance / lag-0 autocovariance). */
export function autocorrelation(x: Float64Array): Float64Array {
  const ac = autocovariance(x);
  const a0 = ac[0];
  for (let t = 0; t < ac.length; t++) ac[t] /= a0;
  return ac;
}

/**
 * Mean over chains of their autocovariances, lag by lag (posterior's
 * rowMeans(apply(x, 2, autocovariance))). Chains are transformed two at a time.
 */
export function meanAutocovariance(chains: Chains): Float64Array {
  const m = chains.length;
  const n = chains[0].length;
  const sum = new Float64Array(n);
  const acA = new Float64Array(n);
  const acB = new Float64Array(n);
  const scratch = scratchFor(n);
  for (let c = 0; c < m; c += 2) {
    const a = chains[c];
    const b = c + 1 < m ? chains[c + 1] : null;
    rawAutocorrelationPair(a, b, acA, b === null ? null : acB, scratch);
    rescale(a, acA);
    for (let t = 0; t < n; t++) sum[t] += acA[t];
    if (b !== null) {
      rescale(b, acB);
      for (let t = 0; t < n; t++) sum[t] += acB[t];
    }
  }
  for (let t = 0; t < n; t++) sum[t] /= m;
  return sum;
}
