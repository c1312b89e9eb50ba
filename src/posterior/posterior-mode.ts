// MCMCglmm's posterior.mode: the highest point of a Gaussian kernel density estimate with a
// narrow bandwidth (adjust = 0.1 times R's bw.nrd0), taken on the 512-point grid of R's
// density() (stats::density.default, R 4.2): draws linearly binned onto 512 points from
// min - 7 bw to max + 7 bw (zero-padded to 1024), circularly convolved with the Gaussian kernel
// evaluated at R's 1024 lags, then interpolated onto 512 points from min - 3 bw to max + 3 bw.
// R convolves by FFT; the direct sum below is the same circular convolution.

import { quantileSorted } from "../diagnostics/quantile.js";
import type { Fit } from "../fit.js";
import type { Draws } from "./draws.js";
import { exp, pow } from "../math/deterministic.js";

const GRID = 512;

/**
 * R's bw.nrd0: 0.9 min(sd, IQR / 1.34) n^-1/5, falling back to sd, |x[0]|, then 1.
 *
 * @example
 * ```ts
 * bandwidthNrd0(Float64Array.of(1.2, 0.8, 1.1, 0.9, 1.4)); // R's bw.nrd0
 * ```
 */
export function bandwidthNrd0(x: ArrayLike<number>): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const sorted = Float64Array.from(x).sort();
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  let lo = Math.min(sd, iqr / 1.34);
  if (!lo) lo = sd || Math.abs(x[0]) || 1;
  return 0.9 * lo * pow(n, -0.2);
}

/**
 * R's density(x, adjust): the grid x and the estimated density y (512 points).
 *
 * @example
 * ```ts
 * const { x, y } = kernelDensity(Float64Array.of(1.2, 0.8, 1.1, 0.9, 1.4));
 * ```
 */
export function kernelDensity(x: ArrayLike<number>, adjust = 1): { x: Float64Array; y: Float64Array } {
  const n = x.length;
  const bw = adjust * bandwidthNrd0(x);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) (min = Math.min(min, x[i])), (max = Math.max(max, x[i]));
  const from = min - 3 * bw;
  const to = max + 3 * bw;
  const lo = from - 4 * bw;
  const up = to + 4 * bw;
  // Linear binning (R's BinDist) onto GRID points from lo to up, weights 1/n, padded to 2 GRID.
  const binned = new Float64Array(2 * GRID);
  const delta = (up - lo) / (GRID - 1);
  for (let i = 0; i < n; i++) {
    const pos = (x[i] - lo) / delta;
    const ix = Math.floor(pos);
    const fx = pos - ix;
    if (ix >= 0 && ix <= GRID - 2) {
      binned[ix] += (1 - fx) / n;
      binned[ix + 1] += fx / n;
    } else if (ix === -1) binned[0] += fx / n;
    else if (ix === GRID - 1) binned[ix] += (1 - fx) / n;
  }
  // R's kernel lags: seq(0, 2 (up - lo), length 2 GRID), the upper half mirrored to negative lags.
  const lagStep = (2 * (up - lo)) / (2 * GRID - 1);
  const kernel = new Float64Array(2 * GRID);
  const norm = 1 / (bw * Math.sqrt(2 * Math.PI));
  for (let m = 0; m < 2 * GRID; m++) {
    const lag = m <= GRID ? m * lagStep : -(2 * GRID - m) * lagStep;
    kernel[m] = norm * exp(-0.5 * (lag / bw) ** 2);
  }
  const onGrid = new Float64Array(GRID);
  for (let k = 0; k < GRID; k++) {
    let s = 0;
    for (let j = 0; j < GRID; j++) s += binned[j] * kernel[(k - j + 2 * GRID) % (2 * GRID)];
    onGrid[k] = Math.max(0, s);
  }
  // Linear interpolation (R's approx) from the binning grid onto the output grid.
  const gx = new Float64Array(GRID);
  const gy = new Float64Array(GRID);
  for (let k = 0; k < GRID; k++) {
    const at = from + ((to - from) * k) / (GRID - 1);
    gx[k] = at;
    const pos = (at - lo) / delta;
    const i = Math.min(GRID - 2, Math.max(0, Math.floor(pos)));
    const f = pos - i;
    gy[k] = (1 - f) * onGrid[i] + f * onGrid[i + 1];
  }
  return { x: gx, y: gy };
}

/**
 * MCMCglmm's posterior.mode of one parameter's draws (adjust = 0.1 by default). A constant
 * parameter (a variance fixed by its prior) has that value as its mode.
 *
 * @example
 * ```ts
 * posteriorModeOf(result.draws["units"].flatMap((c) => Array.from(c)));
 * ```
 */
export function posteriorModeOf(x: ArrayLike<number>, adjust = 0.1): number {
  if (x.length === 0) return NaN;
  let constant = true;
  for (let i = 1; i < x.length && constant; i++) constant = x[i] === x[0];
  if (constant) return x[0];
  const { x: grid, y } = kernelDensity(x, adjust);
  let best = 0;
  for (let k = 1; k < y.length; k++) if (y[k] > y[best]) best = k;
  return grid[best];
}

/**
 * Posterior modes of every parameter of a set of draws (chains pooled), by name.
 *
 * @example
 * ```ts
 * posteriorModes(result.chainDraws); // by parameter name
 * ```
 */
export function posteriorModes(draws: Draws, adjust = 0.1): Record<string, number> {
  const out: Record<string, number> = {};
  draws.names.forEach((name, p) => {
    const pooled = new Float64Array(draws.chains.reduce((s, c) => s + c[p].length, 0));
    let at = 0;
    for (const c of draws.chains) (pooled.set(c[p], at), (at += c[p].length));
    out[name] = posteriorModeOf(pooled, adjust);
  });
  return out;
}

/**
 * posterior_mode(fit): MCMCglmm's posterior.mode of every stored parameter (fixed effects, (co)variances, cutpoints, random effects).
 *
 * @example
 * ```ts
 * const modes = posteriorMode(result); // MCMCglmm's posterior.mode for every parameter
 * modes["units"];
 * ```
 */
export function posteriorMode(fit: Fit, adjust = 0.1): Record<string, number> {
  return posteriorModes(fit.chainDraws, adjust);
}
