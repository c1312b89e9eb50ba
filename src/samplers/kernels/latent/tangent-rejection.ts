// One-dimensional draws of a latent variable from p(x) ∝ exp(ell(x)) N(x; m, 1/p0) with a concave
// log-likelihood ell: the binomial logit (ell = y x - n log(1 + e^x)) and the Poisson log link
// (ell = y x - e^x). These are the `auto` kernels' per-unit updates for the logit families and
// poisson: cheaper per unit than a Polya-Gamma draw, and, where the rejection branch is taken,
// an exact independent draw from the unit's full conditional (a Polya-Gamma Gibbs step, or a
// Metropolis step, leaves the new value correlated with the old).
//
// Rejection branch (exact; Devroye 1986, Ch. II.3; the tangent envelope of adaptive rejection
// sampling, Gilks & Wild 1992, with a single tangent): ell concave gives
//   ell(x) <= ell(a) + g (x - a),   g = ell'(a),
// so exp(ell(x)) N(x; m, 1/p0) <= const * N(x; m + g/p0, 1/p0). Propose x from that normal and
// accept with probability exp(ell(x) - ell(a) - g (x - a)) <= 1. The tangent point a is any
// value that does not depend on the current x (here: about the posterior mode, which maximises
// the acceptance rate: the envelope's normaliser is stationary in a exactly at the mode). The
// expected acceptance is about sqrt(p0 / (p0 + kappa)), kappa = -ell''(a). Squeeze (Marsaglia
// 1977): with -ell'' <= B on the segment, ell(x) - ell(a) - g (x - a) >= -B (x - a)^2 / 2, and
// exp(-v) >= 1 - v, so u <= 1 - B d^2 / 2 accepts without evaluating ell (binomial: B = n/4;
// Poisson, for x <= a: B = e^a).
//
// Independence Metropolis-Hastings branch (when kappa >> p0, where the envelope is too wide):
// the Laplace approximation at the mode (Newton steps from a start that depends only on
// (y, n, m, p0)) with a Student t_4 proposal (heavier-tailed than the target on both sides, so
// the importance weight is bounded and the sampler uniformly ergodic: Tierney 1994, Mengersen &
// Tweedie 1996). The branch is chosen from (y, n, m, p0), never from the current x, so each
// branch leaves the target invariant and so does their mixture.
//
// After MAX_ATTEMPTS rejected proposals the update falls back to one independence MH step: the
// event "all attempts rejected" does not depend on the current x, so the kernel is the mixture
// (1 - r) p + r Q of an exact draw and a p-invariant MH kernel, which is p-invariant.

import { logistic, mhAccept, softplus, type Rng } from "../../../random/index.js";
import { exp, log, log1p } from "../../../math/deterministic.js";

/** kappa / p0 above which the independence MH branch is used (rejection acceptance below ~0.35). */
const REJECTION_MAX_CURVATURE_RATIO = 8;
const MAX_ATTEMPTS = 50;
const NEWTON_STEPS_IMH = 3;
const MAX_STEP = 3;
const T_DF = 4;
const HALF_T_DF_PLUS_ONE = 0.5 * (T_DF + 1);

/** Counters of the two branches, for tests and diagnostics. */
export interface TangentCounts {
  /** Draws by rejection, and the proposals they took. */
  exactDraws: number;
  exactProposals: number;
  /** Independence MH steps and their acceptances. */
  mhProposed: number;
  mhAccepted: number;
}

export function newTangentCounts(): TangentCounts {
  return { exactDraws: 0, exactProposals: 0, mhProposed: 0, mhAccepted: 0 };
}

/** The Metropolis-Hastings part of a tangent updater's counts (its exact draws are not MH steps). */
export function tangentAcceptance(counts: TangentCounts): { readonly accepted: number; readonly proposed: number } {
  return {
    get accepted() {
      return counts.mhAccepted;
    },
    get proposed() {
      return counts.mhProposed;
    },
  };
}

/** t_4 draw: z / sqrt(chi2_4 / 4), chi2_4 = -2 log(U1 U2). */
export function studentT4(rng: Rng): number {
  const w = -0.5 * log(rng.uniform() * rng.uniform());
  return rng.normal() / Math.sqrt(w);
}

/**
 * The MH decision of the Laplace t_4 independence proposal: `t` and `tc` are the proposal and the
 * current value in the proposal's standardised units, `logTarget` the target's log ratio.
 */
export function acceptT4(rng: Rng, t: number, tc: number, logTarget: number, counts: TangentCounts): boolean {
  const logQ = HALF_T_DF_PLUS_ONE * (log1p((t * t) / T_DF) - log1p((tc * tc) / T_DF));
  counts.mhProposed++;
  if (!mhAccept(rng, logTarget + logQ)) return false;
  counts.mhAccepted++;
  return true;
}

/**
 * A draw of x from p(x) ∝ exp(y x - n log(1 + e^x)) N(x; m, 1/p0) (0 <= y <= n, n > 0), given
 * the current value (used only by the MH branch). `sd` is 1/sqrt(p0). The draw goes into out[at]:
 * a double returned from a call V8 does not inline is boxed (an allocation per unit).
 */
export function drawBinomialLogitInto(out: Float64Array, at: number, rng: Rng, y: number, n: number, m: number, p0: number, sd: number, current: number, counts: TangentCounts): void {
  // Tangent point: one Newton step towards the mode of ell(x) - p0 (x - m)^2 / 2 from a start
  // that pools the prior mean with the empirical logit (n >= 2) by their precisions.
  let a = m;
  if (n >= 2) {
    const ph = (y + 0.5) / (n + 1);
    const w = n * ph * (1 - ph);
    a = (p0 * m + w * log(ph / (1 - ph))) / (p0 + w);
  }
  let s = logistic(a);
  let step = (y - n * s - p0 * (a - m)) / (n * s * (1 - s) + p0);
  a += step > MAX_STEP ? MAX_STEP : step < -MAX_STEP ? -MAX_STEP : step;
  s = logistic(a);
  const g = y - n * s;
  const kappa = n * s * (1 - s);
  if (kappa <= REJECTION_MAX_CURVATURE_RATIO * p0) {
    const mu = m + g / p0;
    const halfB = 0.125 * n;
    // ell(a) = y a - n softplus(a), needed only when the squeeze fails
    let ellA = NaN;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const x = mu + sd * rng.normal();
      const d = x - a;
      const u = rng.uniform();
      counts.exactProposals++;
      if (u <= 1 - halfB * d * d) {
        counts.exactDraws++;
        out[at] = x;
        return;
      }
      if (ellA !== ellA) ellA = y * a - n * softplus(a);
      if (log(u) <= y * x - n * softplus(x) - ellA - g * d) {
        counts.exactDraws++;
        out[at] = x;
        return;
      }
    }
  }
  // Independence MH with the Laplace t_4 proposal: more Newton steps to the mode.
  for (let i = 0; i < NEWTON_STEPS_IMH; i++) {
    step = (y - n * s - p0 * (a - m)) / (n * s * (1 - s) + p0);
    a += step > MAX_STEP ? MAX_STEP : step < -MAX_STEP ? -MAX_STEP : step;
    s = logistic(a);
  }
  const scale = 1 / Math.sqrt(n * s * (1 - s) + p0);
  const t = studentT4(rng);
  const proposal = a + scale * t;
  const tc = (current - a) / scale;
  const dp = proposal - m, dc = current - m;
  const logTarget = y * (proposal - current) - n * (softplus(proposal) - softplus(current)) - 0.5 * p0 * (dp * dp - dc * dc);
  out[at] = acceptT4(rng, t, tc, logTarget, counts) ? proposal : current;
}

const drawn = new Float64Array(1);

/** drawBinomialLogitInto returning the draw. */
export function drawBinomialLogit(rng: Rng, y: number, n: number, m: number, p0: number, sd: number, current: number, counts: TangentCounts): number {
  drawBinomialLogitInto(drawn, 0, rng, y, n, m, p0, sd, current, counts);
  return drawn[0];
}

/** Start of the Newton iterations for the Poisson mode: prior mean pooled with log y. */
function poissonStart(y: number, m: number, p0: number): number {
  return y > 0 ? (p0 * m + y * log(y)) / (p0 + y) : m;
}

/**
 * The mode of y x - e^x - p0 (x - m)^2 / 2 after a fixed number of damped Newton steps from a
 * fixed start (a function of (y, m, p0) only).
 */
export function poissonMode(y: number, m: number, p0: number, steps: number): number {
  let x = poissonStart(y, m, p0);
  for (let i = 0; i < steps; i++) {
    const e = exp(x);
    let step = (y - e - p0 * (x - m)) / (e + p0);
    if (step > MAX_STEP) step = MAX_STEP;
    else if (step < -MAX_STEP) step = -MAX_STEP;
    x += step;
  }
  return x;
}

/**
 * A draw of x from p(x) ∝ exp(y x - e^x) N(x; m, 1/p0) (y >= 0), given the current value (used
 * only by the MH branch). `sd` is 1/sqrt(p0).
 */
export function drawPoisson(rng: Rng, y: number, m: number, p0: number, sd: number, current: number, counts: TangentCounts): number {
  let a = poissonMode(y, m, p0, 1);
  let ea = exp(a);
  if (ea <= REJECTION_MAX_CURVATURE_RATIO * p0) {
    const g = y - ea;
    const mu = m + g / p0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const x = mu + sd * rng.normal();
      const d = x - a;
      const u = rng.uniform();
      counts.exactProposals++;
      // log-acceptance = -(e^x - e^a - e^a d) = -e^a (e^d - 1 - d) >= -e^a d^2 / 2 for d <= 0
      if (d <= 0 && u <= 1 - 0.5 * ea * d * d) {
        counts.exactDraws++;
        return x;
      }
      const w = ea * (exp(d) - 1 - d);
      if (u <= 1 - w || log(u) <= -w) {
        counts.exactDraws++;
        return x;
      }
    }
  }
  for (let i = 0; i < NEWTON_STEPS_IMH - 1; i++) {
    let step = (y - ea - p0 * (a - m)) / (ea + p0);
    if (step > MAX_STEP) step = MAX_STEP;
    else if (step < -MAX_STEP) step = -MAX_STEP;
    a += step;
    ea = exp(a);
  }
  const scale = 1 / Math.sqrt(ea + p0);
  const t = studentT4(rng);
  const proposal = a + scale * t;
  const tc = (current - a) / scale;
  const dp = proposal - m, dc = current - m;
  const logTarget = y * (proposal - current) - exp(proposal) + exp(current) - 0.5 * p0 * (dp * dp - dc * dc);
  return acceptT4(rng, t, tc, logTarget, counts) ? proposal : current;
}
