// Warnings for fixed effects whose chains drift off towards plus or minus infinity: under a flat
// prior the posterior of a zero-part intercept (zipoisson, hupoisson, ...) can be improper when
// the data hold no or few zeros to pin it (MCMCglmm's chain then wanders off, with R-hat far from
// 1). A draw summary of such a chain describes nothing, so the fit says so, naming the parameter.
// A chain counts as drifting when, on the link scale, its last quarter sits beyond DRIFT_LEVEL in
// absolute value and has moved away from its first quarter by more than DRIFT_SDS of the first
// quarter's spread, in the direction of the tail (a stationary chain, however slowly mixing, has
// no such trend towards a value no link-scale parameter takes), or when it sits beyond FAR_OUT
// throughout (it left during burn-in). Only fixed effects of link-scale traits are checked.

import { familyOf } from "../models/families/registry.js";
import type { Model } from "../models/types.js";
import type { Draws } from "./draws.js";
import { drawsOf } from "./draws.js";

/** |mean| on the link scale beyond which a drifting chain is flagged (a probability e^-8 or a rate e^8). */
const DRIFT_LEVEL = 8;
const DRIFT_SDS = 3;
/** |value| on the link scale no data support (a probability below e^-25). */
const FAR_OUT = 25;
const MIN_DRAWS = 40;

function meanSd(x: Float64Array, from: number, to: number): [number, number] {
  let s = 0, s2 = 0;
  for (let i = from; i < to; i++) {
    s += x[i];
    s2 += x[i] * x[i];
  }
  const n = to - from, m = s / n;
  return [m, Math.sqrt(Math.max(0, s2 / n - m * m))];
}

/**
 * Fixed effects whose design column touches only traits of link-scale families (likelihood
 * "latent": a log rate, a logit, ...), where a value beyond FAR_OUT means nothing (e^25 ~ 7e10).
 */
export function linkScaleFixedEffects(model: Model): string[] {
  const n = model.nUnits;
  const linkTrait = new Uint8Array(model.nTraits);
  for (const r of model.responses) {
    if (familyOf(r).likelihood === "latent") for (let j = 0; j < r.nTraits; j++) linkTrait[r.traitOffset + j] = 1;
  }
  const X = model.X;
  return model.fixedNames.filter((_, p) => {
    for (let k = X.colPtr[p]; k < X.colPtr[p + 1]; k++) if (X.values[k] !== 0 && linkTrait[Math.floor(X.rowIdx[k] / n)] === 0) return false;
    return true;
  });
}

/** One warning per drifting fixed effect (of those given: the link-scale ones). */
export function driftWarnings(draws: Draws, fixed: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const name of fixed) {
    const drifting: string[] = [];
    drawsOf(draws, name).forEach((x, c) => {
      const n = x.length;
      if (n < MIN_DRAWS) return;
      const q = Math.floor(n / 4);
      const [m1, s1] = meanSd(x, 0, q);
      const [m4] = meanSd(x, n - q, n);
      const away = m4 - m1;
      if (Math.abs(m4) > DRIFT_LEVEL && Math.sign(away) === Math.sign(m4) && Math.abs(away) > DRIFT_SDS * Math.max(s1, 1e-8)) {
        drifting.push(`chain ${c + 1} from ${m1.toFixed(1)} to ${m4.toFixed(1)}`);
      } else if (Math.abs(m1) > FAR_OUT && Math.abs(m4) > FAR_OUT) {
        // already gone during burn-in: the whole chain sits where no link-scale value lies
        drifting.push(`chain ${c + 1} at ${m4.toPrecision(3)}`);
      }
    });
    if (drifting.length > 0) {
      warnings.push(
        `fixed effect "${name}" drifts off towards infinity (${drifting.join("; ")}): its posterior is probably improper under a flat prior ` +
          `(e.g. a zero-inflation or hurdle intercept with few zeros), so its summary means nothing; give it a proper prior, ` +
          `e.g. prior B with V = 1 + pi^2/3 (about 4.29) for this effect, as MCMCglmm's course notes do for zero-part intercepts`,
      );
    }
  }
  return warnings;
}
