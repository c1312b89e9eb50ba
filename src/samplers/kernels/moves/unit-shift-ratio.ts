// One unit's log-likelihood change when its latent l moves to l + d, for the one-trait Poisson and
// binomial-logit models the joint moves serve (joint-likelihood.ts and the Newton moves): written
// once so that every move computes the same bits. The change is accumulated in acc = [sum,
// running product]: the logs of the n = 1 logit units are gathered into one product (one log per
// renormalisation instead of one per unit), and a typed array because doubles held in closure
// variables are boxed (an allocation per unit and move).

import { softplus } from "../../../random/index.js";
import { log } from "../../../math/deterministic.js";

const RENORMALISE_HIGH = 1e150;
const RENORMALISE_LOW = 1e-150;

/** Adds to acc the change of unit u's log-likelihood (y successes of `trials`, or a count y when poisson), with e0 = e^l and e1 = e^(l + d). */
export function addUnitShift(acc: Float64Array, poisson: boolean, y: number, trials: number, l: number, d: number, e0: number, e1: number): void {
  if (poisson) {
    acc[0] += y * d - (e1 - e0);
    return;
  }
  if (!(e1 < RENORMALISE_HIGH && e0 < RENORMALISE_HIGH)) {
    // far in the upper tail: the log-domain form
    acc[0] += y * d - trials * (softplus(l + d) - softplus(l));
    return;
  }
  const f = (1 + e1) / (1 + e0);
  acc[0] += y * d;
  if (trials === 1) {
    acc[1] /= f;
    if (acc[1] > RENORMALISE_HIGH || acc[1] < RENORMALISE_LOW) {
      acc[0] += log(acc[1]);
      acc[1] = 1;
    }
  } else acc[0] -= trials * log(f);
}

/** The accumulated change, and acc reset for the next move. */
export function takeShiftTotal(acc: Float64Array): number {
  const s = acc[0] + log(acc[1]);
  acc[0] = 0;
  acc[1] = 1;
  return s;
}
