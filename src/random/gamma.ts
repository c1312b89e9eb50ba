// Gamma family variates. Each generator is a pure algorithm over a caller-supplied Rng.

import type { Rng } from "./stream.js";
import { exp, log, pow } from "../math/deterministic.js";

/**
 * A Gamma(shape, 1) draw for shape >= 1: Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3), with their squeeze.
 */
function standardGammaAtLeastOne(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (log(u) < 0.5 * x2 + d * (1 - v + log(v))) return d * v;
  }
}

/**
 * log of a Gamma(shape, 1) draw. For shape < 1 uses Marsaglia & Tsang's boost
 * G(shape) = G(shape + 1) U^(1/shape), kept on the log scale so that tiny shapes, whose draws
 * underflow double precision with non-negligible probability, still give a finite log.
 */
export function logGamma(rng: Rng, shape: number): number {
  if (!(shape > 0) || shape === Infinity) throw new RangeError(`gamma shape must be positive and finite, got ${shape}`);
  if (shape >= 1) return log(standardGammaAtLeastOne(rng, shape));
  return log(standardGammaAtLeastOne(rng, shape + 1)) + log(rng.uniform()) / shape;
}

/**
 * Gamma(shape, scale): density x^(shape-1) e^(-x/scale) / (Gamma(shape) scale^shape),
 * mean shape*scale, variance shape*scale^2. (For a rate parameterisation pass scale = 1/rate.)
 * Very small shapes can return 0 when the draw is below the smallest double; use `logGamma`.
 */
export function gamma(rng: Rng, shape: number, scale: number): number {
  if (!(shape > 0) || shape === Infinity) throw new RangeError(`gamma shape must be positive and finite, got ${shape}`);
  if (shape >= 1) return scale * standardGammaAtLeastOne(rng, shape);
  const g = standardGammaAtLeastOne(rng, shape + 1);
  return scale * g * pow(rng.uniform(), 1 / shape);
}

/** Chi-square with df > 0 degrees of freedom (non-integer allowed): Gamma(df/2, scale 2). */
export function chisq(rng: Rng, df: number): number {
  return gamma(rng, 0.5 * df, 2);
}

/**
 * Inverse-gamma IG(shape, scale): density proportional to x^(-shape-1) e^(-scale/x), i.e.
 * 1/X with X ~ Gamma(shape, 1/scale); mean scale/(shape-1) for shape > 1. MCMCglmm's scalar
 * prior {V, nu} is IG(nu/2, nu*V/2).
 */
export function invGamma(rng: Rng, shape: number, scale: number): number {
  return scale * exp(-logGamma(rng, shape));
}

/** Beta(a, b): X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b), formed on the log scale. */
export function beta(rng: Rng, a: number, b: number): number {
  const lx = logGamma(rng, a);
  const ly = logGamma(rng, b);
  // X/(X+Y) = 1/(1 + e^(ly - lx)): no 0/0 when both draws underflow.
  return 1 / (1 + exp(ly - lx));
}
