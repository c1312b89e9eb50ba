// Drawing a correlation matrix R (corg; corgh is the same scaled by fixed variances D) given the
// crossproduct S of n levels' effects or residuals. The full conditional
//   log p(R | S) = -(n/2) log|R| - tr(R^-1 S~)/2 + log pi(R),  S~ = D^-1/2 S D^-1/2,
// with MCMCglmm's prior for these structures, the marginal of R when Sigma ~ IW(nu, I)
// (Barnard, McCulloch & Meng 2000, Stat. Sinica 10:1281; uniform correlations for nu = k + 1):
//   log pi(R) = -(nu + k + 1)/2 log|R| - (nu/2) sum_i log (R^-1)_ii   (+ const).
// It has no closed form to draw from, so each correlation moves by random-walk Metropolis on
// Fisher's z = atanh(r) (Jacobian 1 - r^2), whose posterior sd is close to 1/sqrt(n) whatever
// r is: one fixed step size 2.4/sqrt(n), no tuning. A proposal that is not positive-definite has
// zero density and is refused. Exact for any k (each move leaves the conditional invariant).
// (MCMCglmm instead proposes cov2cor of an IW(n, cov2cor(S)) draw, after Liu & Daniels 2006.)

import { choleskyLower, invertLower } from "../../../random/dense.js";
import { NumericalError } from "../../../errors.js";
import type { VariancePrior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import { log, log1p, tanh, atanh } from "../../../math/deterministic.js";

const SWEEPS = 3;

export interface CorrelationDrawer {
  readonly k: number;
  /** S~, the crossproduct on the correlation scale. */
  readonly scaled: Float64Array;
  readonly current: Float64Array;
  readonly proposal: Float64Array;
  readonly inverse: Float64Array;
  readonly chol: Float64Array;
  readonly work: Float64Array;
  /** Metropolis-Hastings proposals and acceptances of the correlations. */
  readonly counts: { accepted: number; proposed: number };
}

export function makeCorrelationDrawer(k: number): CorrelationDrawer {
  const m = () => new Float64Array(k * k);
  return { k, scaled: m(), current: m(), proposal: m(), inverse: m(), chol: m(), work: m(), counts: { accepted: 0, proposed: 0 } };
}

/** log p(R | S~) up to a constant, or -Infinity when R is not positive-definite. */
export function logCorrelationPosterior(d: CorrelationDrawer, R: Float64Array, n: number, nu: number): number {
  const k = d.k;
  if (!choleskyLower(R, k, d.chol)) return -Infinity;
  let logDet = 0;
  for (let a = 0; a < k; a++) logDet += 2 * log(d.chol[a * k + a]);
  // R^-1 = L^-T L^-1
  invertLower(d.chol, k, d.work);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let p = a; p < k; p++) s += d.work[p * k + a] * d.work[p * k + b];
      d.inverse[a * k + b] = d.inverse[b * k + a] = s;
    }
  }
  let trace = 0, logInverseDiagonal = 0;
  for (let a = 0; a < k; a++) {
    logInverseDiagonal += log(d.inverse[a * k + a]);
    for (let b = 0; b < k; b++) trace += d.inverse[a * k + b] * d.scaled[b * k + a];
  }
  return -0.5 * (n + nu + k + 1) * logDet - 0.5 * trace - 0.5 * nu * logInverseDiagonal;
}

/** SWEEPS Metropolis passes over the correlations of `out` = D^1/2 R D^1/2 given S of n levels. */
export function drawCorrelation(rng: Rng, d: CorrelationDrawer, prior: VariancePrior, n: number, S: Float64Array, out: Float64Array): void {
  const k = d.k;
  const variances = prior.correlation!.variances;
  if (!(n >= 1)) throw new NumericalError(`${prior.label}: no levels to update the correlation matrix from`, { component: prior.label });
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const sd = Math.sqrt(variances[a] * variances[b]);
      d.scaled[a * k + b] = S[a * k + b] / sd;
      d.current[a * k + b] = out[a * k + b] / sd;
    }
  }
  const step = 2.4 / Math.sqrt(n + prior.nu);
  let logCurrent = logCorrelationPosterior(d, d.current, n, prior.nu);
  d.proposal.set(d.current);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let a = 1; a < k; a++) {
      for (let b = 0; b < a; b++) {
        const r = d.current[a * k + b];
        const z = atanh(r) + step * rng.normal();
        const rNew = tanh(z);
        d.proposal[a * k + b] = d.proposal[b * k + a] = rNew;
        const logProposal = logCorrelationPosterior(d, d.proposal, n, prior.nu);
        // densities on the z scale: times dr/dz = 1 - r^2
        const logRatio = logProposal + log1p(-rNew * rNew) - logCurrent - log1p(-r * r);
        d.counts.proposed++;
        if (logProposal > -Infinity && Math.abs(rNew) < 1 && mhAccept(rng, logRatio)) {
          d.counts.accepted++;
          d.current[a * k + b] = d.current[b * k + a] = rNew;
          logCurrent = logProposal;
        } else {
          d.proposal[a * k + b] = d.proposal[b * k + a] = r;
        }
      }
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) out[a * k + b] = d.current[a * k + b] * Math.sqrt(variances[a] * variances[b]);
  }
}
