// The displays of model 1 (remission), all through mcglmm's predict():
//  - the predicted probability of remission against LengthofStay for doctors at the 20th, 40th,
//    60th and 80th percentiles of the doctor effect (conditioning on those doctors' effects);
//  - the average marginal predicted probability: for each LengthofStay every patient's
//    probability with the doctor effect integrated out (MCMCglmm's marginal = ~DID), averaged
//    over the patients per posterior draw, with a 95% interval over the draws;
//  - per doctor, the predicted probability of a typical patient of theirs.

import type { Fit } from "../../src/fit.js";
import type { DataFrame, FactorColumn } from "../../src/models/types.js";
import { predict } from "../../src/posterior/predict.js";
import { quantile7 as quantile } from "../../src/diagnostics/quantile.js";

export const LENGTH_OF_STAY = Array.from({ length: 10 }, (_, i) => i + 1);
export const PERCENTILES = [20, 40, 60, 80];

export interface RemissionDisplays {
  /** Doctors (level labels) at the percentiles of the posterior-mean doctor effects, and their effects. */
  doctors: { percentile: number; level: string; effect: number }[];
  /** Per percentile doctor, P(remission) over LENGTH_OF_STAY with 95% intervals. */
  byDoctor: { fit: number[]; lower: number[]; upper: number[] }[];
  /** The average marginal predicted probability over LENGTH_OF_STAY, with its 95% interval. */
  average: { fit: number[]; lower: number[]; upper: number[] };
  /** Per doctor, the predicted probability of a patient with the average IL6, CRP and LengthofStay. */
  perDoctor: Float64Array;
}

function numeric(data: DataFrame, name: string): Float64Array {
  const c = data.columns.get(name);
  if (!c || c.kind !== "numeric") throw new Error(`column ${name} is not numeric`);
  return c.values;
}

const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length;

/** Posterior-mean effect of each level of a random intercept (needs pr: true); names "<factor>.<level>". */
export function levelEffects(result: Fit, factor: string): { level: string; effect: number }[] {
  return result.model.randomNames
    .filter((n) => n.startsWith(`${factor}.`))
    .map((n) => ({ level: n.slice(factor.length + 1), effect: mean(result.draws[n].flatMap((c) => Array.from(c))) }));
}

export function remissionDisplays(result: Fit, maxDraws: number): RemissionDisplays {
  const data = result.model.data;
  const typical = { IL6: mean(numeric(data, "IL6")), CRP: mean(numeric(data, "CRP")), LengthofStay: mean(numeric(data, "LengthofStay")), Experience: mean(numeric(data, "Experience")) };

  const effects = levelEffects(result, "DID").sort((a, b) => a.effect - b.effect);
  const doctors = PERCENTILES.map((p) => ({ percentile: p, ...effects[Math.min(effects.length - 1, Math.round((p / 100) * (effects.length - 1)))] }));
  const curveRows = doctors.flatMap((d) => LENGTH_OF_STAY.map((los) => ({ ...typical, LengthofStay: los, DID: d.level })));
  const curves = predict(result, { newdata: curveRows, marginal: null, interval: "confidence", maxDraws });
  const n = LENGTH_OF_STAY.length;
  const byDoctor = doctors.map((_, k) => ({
    fit: Array.from(curves.fit.subarray(k * n, (k + 1) * n)),
    lower: Array.from(curves.lower.subarray(k * n, (k + 1) * n)),
    upper: Array.from(curves.upper.subarray(k * n, (k + 1) * n)),
  }));

  // every patient as observed but for LengthofStay, the doctor effect integrated out
  const patients = rowsOf(data, ["IL6", "CRP", "Experience"]);
  const average = { fit: [] as number[], lower: [] as number[], upper: [] as number[] };
  for (const los of LENGTH_OF_STAY) {
    const p = predict(result, { newdata: patients.map((r) => ({ ...r, LengthofStay: los, DID: "unseen" })), marginal: "~DID", maxDraws });
    const perDraw = new Float64Array(p.draws);
    for (const s of p.samples) for (let d = 0; d < p.draws; d++) perDraw[d] += s[d] / p.samples.length;
    average.fit.push(mean(perDraw));
    average.lower.push(quantile(perDraw, 0.025));
    average.upper.push(quantile(perDraw, 0.975));
  }

  // per doctor: their own Experience, the other covariates at the average, their own effect
  const did = data.columns.get("DID") as FactorColumn;
  const experience = numeric(data, "Experience");
  const experienceOf = new Map<string, number>();
  did.codes.forEach((code, i) => experienceOf.set(did.levels[code], experience[i]));
  const doctorRows = effects.map((e) => ({ ...typical, Experience: experienceOf.get(e.level), DID: e.level }));
  const perDoctor = predict(result, { newdata: doctorRows, marginal: null, maxDraws }).fit;
  return { doctors, byDoctor, average, perDoctor };
}

function rowsOf(data: DataFrame, names: string[]): Record<string, number>[] {
  const cols = names.map((n) => numeric(data, n));
  return Array.from({ length: data.nrow }, (_, i) => Object.fromEntries(names.map((n, k) => [n, cols[k][i]])));
}
