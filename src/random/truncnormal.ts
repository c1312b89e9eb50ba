// Truncated normal draws, exact (rejection) and robust far in the tails.
//
// After standardising to [a, b] (a = (lower-mean)/sd, b = (upper-mean)/sd):
//   * a < 0 < b: plain normal rejection when b - a >= sqrt(2 pi) (acceptance >= 0.49), otherwise
//     uniform proposals on [a, b] accepted with probability exp(-z^2/2).
//   * a >= 0 (b <= 0 is its mirror image): uniform proposals accepted with exp((a^2 - z^2)/2)
//     when the interval is narrow, otherwise Robert's (1995) translated-exponential proposal
//     a + E/alpha with the optimal rate alpha = (a + sqrt(a^2 + 4))/2, accepted with
//     exp(-(z - alpha)^2/2) and rejected beyond b. The switch is Robert's (1995, Statist.
//     Comput. 5:121, Prop. 2.3) comparison of the two acceptance rates:
//     uniform when b - a < 2 sqrt(e) / (a + sqrt(a^2+4)) * exp((a^2 - a sqrt(a^2+4))/4).
// Every acceptance test is written in differences (z - a, z - alpha) so that it stays accurate
// for a in the thousands or beyond, where a^2 - z^2 would cancel catastrophically.

import type { Rng } from "./stream.js";
import { exp, log, hypot } from "../math/deterministic.js";

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT_E = Math.sqrt(Math.E);

/** A draw from N(0,1) truncated to [a, b] with 0 <= a < b <= Infinity. */
function rightTail(rng: Rng, a: number, b: number): number {
  const root = hypot(a, 2); // sqrt(a^2 + 4) without overflow
  const width = b - a;
  if (width < ((2 * SQRT_E) / (a + root)) * exp((a - root) * a * 0.25)) {
    // Uniform on [a, b]: accept with exp((a^2 - z^2)/2) = exp(-d (d/2 + a)), d = z - a.
    for (;;) {
      const d = width * rng.uniform();
      if (rng.uniform() <= exp(-d * (0.5 * d + a))) return a + d;
    }
  }
  if (a === 0 && b === Infinity) {
    // Half-normal: exact.
    return Math.abs(rng.normal());
  }
  const alpha = a + 2 / (root + a); // (a + sqrt(a^2+4))/2, computed without cancellation
  const aMinusAlpha = -2 / (root + a);
  for (;;) {
    const e = -log(rng.uniform()) / alpha; // z - a
    if (e > width) continue;
    const dz = aMinusAlpha + e; // z - alpha
    if (rng.uniform() <= exp(-0.5 * dz * dz)) return a + e;
  }
}

/** A draw from N(0,1) truncated to [a, b] with a < 0 < b. */
function straddle(rng: Rng, a: number, b: number): number {
  const width = b - a;
  if (width >= SQRT_2PI) {
    for (;;) {
      const z = rng.normal();
      if (z >= a && z <= b) return z;
    }
  }
  for (;;) {
    const z = a + width * rng.uniform();
    if (rng.uniform() <= exp(-0.5 * z * z)) return z;
  }
}

/**
 * A draw from N(mean, sd^2) truncated to [lower, upper] (either bound may be infinite).
 * The result always lies in [lower, upper], and is finite whenever a bound is finite.
 * lower === upper returns that value; lower > upper, sd < 0 or a NaN argument throws.
 * sd === 0 returns mean clamped to the interval.
 */
export function rTruncNormal(rng: Rng, mean: number, sd: number, lower: number, upper: number): number {
  if (!(lower <= upper)) throw new RangeError(`rTruncNormal: need lower <= upper, got [${lower}, ${upper}]`);
  if (!(sd >= 0) || Number.isNaN(mean) || !Number.isFinite(sd) || !Number.isFinite(mean)) {
    throw new RangeError(`rTruncNormal: need finite mean and sd >= 0, got mean ${mean}, sd ${sd}`);
  }
  if (lower === upper) return lower;
  if (sd === 0) return mean < lower ? lower : mean > upper ? upper : mean;
  const a = (lower - mean) / sd;
  const b = (upper - mean) / sd;
  let z: number;
  if (a >= 0) z = rightTail(rng, a, b);
  else if (b <= 0) z = -rightTail(rng, -b, -a);
  else if (a === -Infinity && b === Infinity) z = rng.normal();
  else z = straddle(rng, a, b);
  const x = mean + sd * z;
  // Rounding in mean + sd*z can step just outside the interval.
  return x < lower ? lower : x > upper ? upper : x;
}
