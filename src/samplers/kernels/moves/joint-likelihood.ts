// The data's log-likelihood change under a shift of the latent variables, for the joint moves
// (joint.ts): sum over units of log p(y_u | l_u + shift_u) - log p(y_u | l_u), accumulated unit by
// unit, with each unit's new value staged so that an accepted move commits it without
// re-evaluation.
//
// Generic: any mix of non-Gaussian responses and traits, through unitLogLikelihood.
// Scalar (one trait, poisson or one-trait logit): the cache holds E_u = e^{l_u}, so a shift d
// costs one exp (and none when d is shared by many units: `addUnitScaled`):
//   poisson  y d - E (e^d - 1)
//   logit    y d - n log((1 + E e^d) / (1 + E)), the logs of n = 1 units gathered into one
//            running product (one log per ~100 units; the product is renormalised before it can
//            overflow).

import type { Model, Response } from "../../../models/types.js";
import type { ChainState } from "../../run/state.js";
import { familyOf } from "../../../models/families/registry.js";
import { logitCounts, observedUnit, unitLogLikelihood } from "../latent/likelihood.js";
import { exp } from "../../../math/deterministic.js";
import { hurdlePoissonShiftLikelihood } from "./hurdle-shift-likelihood.js";
import { addUnitShift, takeShiftTotal } from "./unit-shift-ratio.js";

export interface ShiftLikelihood {
  /** Cache every unit's current contribution (call when state.latent may have changed). */
  refresh(state: ChainState): void;
  /** Adds unit u's change under the shifts in `shift` (row-indexed) to the running sum, staging its new value. */
  addUnit(state: ChainState, u: number, shift: Float64Array): void;
  /** Adds unit u's change under a shift of its (only) latent by d (scalar caches only). */
  addUnitShift(state: ChainState, u: number, d: number, expD: number): void;
  /** Returns the running sum and resets it. */
  take(): number;
  /** Makes unit u's staged value current. */
  commit(u: number): void;
  /** Whether the one-trait fast path (addUnitShift) is available. */
  readonly scalar: boolean;
  /** The one-trait cache and data, for moves that evaluate whole passes themselves (joint-fixed-newton.ts). */
  readonly scalarData?: ScalarShiftData;
}

/**
 * One-trait poisson or logit data and the cache of E_u = e^{l_u}: `expCur` is current (after
 * refresh and commits), `expNew` is staging that a move may fill and commit itself.
 */
export interface ScalarShiftData {
  readonly poisson: boolean;
  readonly observed: Uint8Array;
  /** Successes (logit) or counts (poisson) per unit; 0 where unobserved. */
  readonly y: Float64Array;
  /** Trials per unit (logit); 0 where unobserved or poisson. */
  readonly trials: Float64Array;
  readonly expCur: Float64Array;
  readonly expNew: Float64Array;
}

export function shiftLikelihood(model: Model, responses: readonly Response[]): ShiftLikelihood {
  const n = model.nUnits;
  const one = responses.length === 1 && model.nTraits === 1 ? responses[0] : undefined;
  if (one && one.nTraits === 1) {
    const kind = familyOf(one).jointShift;
    if (kind === "poisson" || kind === "logit") return scalarShiftLikelihood(model, one, kind === "poisson");
  }
  if (responses.length === 1 && model.nTraits === 2 && familyOf(responses[0]).jointShift === "hurdle-poisson") return hurdlePoissonShiftLikelihood(model, responses[0]);
  return genericShiftLikelihood(model, responses, n);
}

function genericShiftLikelihood(model: Model, responses: readonly Response[], n: number): ShiftLikelihood {
  const logLiks = responses.map((r) => unitLogLikelihood(r));
  const respIndex = responses.map((r) => model.responses.indexOf(r));
  const xs = new Float64Array(Math.max(...responses.map((r) => r.nTraits)));
  const llCur = new Float64Array(n);
  const llNew = new Float64Array(n);
  let sum = 0;

  function unitLogLik(state: ChainState, u: number, shift: Float64Array | null): number {
    const l = state.latent;
    let total = 0;
    for (let i = 0; i < responses.length; i++) {
      const r = responses[i];
      if (Number.isNaN(r.y[u])) continue;
      for (let j = 0; j < r.nTraits; j++) {
        const row = (r.traitOffset + j) * n + u;
        xs[j] = shift === null ? l[row] : l[row] + shift[row];
      }
      total += logLiks[i](u, xs, state.cutpoints[respIndex[i]]);
    }
    return total;
  }

  return {
    scalar: false,
    refresh(state) {
      for (let u = 0; u < n; u++) llCur[u] = unitLogLik(state, u, null);
    },
    addUnit(state, u, shift) {
      llNew[u] = unitLogLik(state, u, shift);
      sum += llNew[u] - llCur[u];
    },
    addUnitShift() {
      throw new Error("addUnitShift needs a one-trait likelihood");
    },
    take() {
      const s = sum;
      sum = 0;
      return s;
    },
    commit(u) {
      llCur[u] = llNew[u];
    },
  };
}

function scalarShiftLikelihood(model: Model, r: Response, poisson: boolean): ShiftLikelihood {
  const n = model.nUnits;
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(r, u) ? 1 : 0));
  const counts = poisson ? undefined : logitCounts(r);
  const yv = Float64Array.from({ length: n }, (_, u) => (observed[u] === 0 ? 0 : poisson ? r.y[u] : counts!.count(u, 0)));
  const nv = Float64Array.from({ length: n }, (_, u) => (observed[u] === 0 || poisson ? 0 : counts!.trials(u)));
  const expCur = new Float64Array(n);
  const expNew = new Float64Array(n);
  // the running sum and product in a typed array: doubles held in closure variables are boxed, one
  // allocation per unit and move
  const acc = Float64Array.of(0, 1);

  function add(state: ChainState, u: number, d: number, expD: number): void {
    if (observed[u] === 0 || d === 0) {
      expNew[u] = expCur[u];
      return;
    }
    const e0 = expCur[u];
    const e1 = e0 * expD;
    expNew[u] = e1;
    addUnitShift(acc, poisson, yv[u], nv[u], state.latent[u], d, e0, e1);
  }

  return {
    scalar: true,
    scalarData: { poisson, observed, y: yv, trials: nv, expCur, expNew },
    refresh(state) {
      const l = state.latent;
      for (let u = 0; u < n; u++) expCur[u] = exp(l[u]);
    },
    addUnit(state, u, shift) {
      const d = shift[u];
      add(state, u, d, d === 0 ? 1 : exp(d));
    },
    addUnitShift(state, u, d, expD) {
      add(state, u, d, expD);
    },
    take() {
      return takeShiftTotal(acc);
    },
    commit(u) {
      expCur[u] = expNew[u];
    },
  };
}
