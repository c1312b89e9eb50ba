// The joint moves' shift likelihood (joint-likelihood.ts) for a lone hurdle Poisson response
// (hupoisson: traits count and hu_count). Its log-likelihood separates by trait,
//   y = 0:  l_hu - log(1 + e^l_hu)
//   y > 0:  -log(1 + e^l_hu) + y l - lambda - log(1 - e^-lambda),   lambda = e^l,
// so a shift (d, d_hu) of a unit changes it by
//   z d_hu - log((1 + H e^d_hu) / (1 + H))                     (H = e^l_hu, z = [y = 0])
//   + [y > 0] (y d - (lambda' - lambda) - log(T' / T))          (lambda' = lambda e^d, T = 1 - e^-lambda)
// The cache holds H, lambda and T per unit: a trait whose shift is 0 costs nothing (a zero has no
// count term), a moved one an exp (none when its d is the last one's) and expm1 for T', and the
// logs of the ratios are gathered into one running product (renormalised before it can
// overflow), as in the one-trait logit path.

import type { Model, Response } from "../../../models/types.js";
import type { ChainState } from "../../run/state.js";
import type { ShiftLikelihood } from "./joint-likelihood.js";
import { observedUnit } from "../latent/likelihood.js";
import { exp, expm1, log } from "../../../math/deterministic.js";
import { softplus } from "../../../random/index.js";

const HIGH = 1e150;
const LOW = 1e-150;
/** Below this T (lambda < ~1e-100) a ratio of T could leave the product's range: its log is taken at once. */
const TINY = 1e-100;

export function hurdlePoissonShiftLikelihood(model: Model, r: Response): ShiftLikelihood {
  const n = model.nUnits;
  const count = r.traitOffset * n, zero = (r.traitOffset + 1) * n;
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(r, u) ? 1 : 0));
  const y = Float64Array.from({ length: n }, (_, u) => (observed[u] === 1 ? r.y[u] : 0));
  const lambdaCur = new Float64Array(n), lambdaNew = new Float64Array(n);
  const tCur = new Float64Array(n), tNew = new Float64Array(n);
  const hCur = new Float64Array(n), hNew = new Float64Array(n);
  let sum = 0;
  let product = 1;
  // e^d of the last shift seen per trait: moves shift many units alike (a zero-part intercept
  // shifts every unit's hu trait by one d), and exp of the same d is the same bits
  let lastD = 0, lastExpD = 1, lastDh = 0, lastExpDh = 1;

  function multiply(f: number): void {
    product *= f;
    if (product > HIGH || product < LOW) {
      sum += log(product);
      product = 1;
    }
  }

  return {
    scalar: false,
    refresh(state) {
      const l = state.latent;
      for (let u = 0; u < n; u++) {
        if (observed[u] === 0) continue;
        hCur[u] = exp(l[zero + u]);
        if (y[u] > 0) {
          const lambda = exp(l[count + u]);
          lambdaCur[u] = lambda;
          tCur[u] = -expm1(-lambda);
        }
      }
    },
    addUnit(state, u, shift) {
      hNew[u] = hCur[u];
      lambdaNew[u] = lambdaCur[u];
      tNew[u] = tCur[u];
      if (observed[u] === 0) return;
      const dh = shift[zero + u];
      if (dh !== 0) {
        if (dh !== lastDh) { lastDh = dh; lastExpDh = exp(dh); }
        const h0 = hCur[u], h1 = h0 * lastExpDh;
        hNew[u] = h1;
        if (y[u] === 0) sum += dh;
        if (h1 < HIGH && h0 < HIGH) multiply((1 + h0) / (1 + h1));
        else {
          // far in the upper tail: the log-domain form
          const x = state.latent[zero + u];
          sum -= softplus(x + dh) - softplus(x);
        }
      }
      const d = shift[count + u];
      if (d !== 0 && y[u] > 0) {
        if (d !== lastD) { lastD = d; lastExpD = exp(d); }
        const lambda0 = lambdaCur[u], lambda1 = lambda0 * lastExpD;
        const t0 = tCur[u], t1 = -expm1(-lambda1);
        lambdaNew[u] = lambda1;
        tNew[u] = t1;
        sum += y[u] * d - (lambda1 - lambda0);
        if (t0 > TINY && t1 > TINY) multiply(t0 / t1);
        else sum -= log(t1) - log(t0);
      }
    },
    addUnitShift() {
      throw new Error("addUnitShift needs a one-trait likelihood");
    },
    take() {
      const s = sum + log(product);
      sum = 0;
      product = 1;
      return s;
    },
    commit(u) {
      hCur[u] = hNew[u];
      lambdaCur[u] = lambdaNew[u];
      tCur[u] = tNew[u];
    },
  };
}
