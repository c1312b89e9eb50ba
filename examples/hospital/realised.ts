// What the simulated sample realised, beside what it was drawn from: the sample variances and
// correlations of the drawn doctor and hospital effects, and the slope of each outcome's
// doctor-plus-hospital effect on Experience (a doctor covariate: a sample of doctors whose
// effects happen to rise or fall with Experience moves its estimate away from the generating
// coefficient by that slope). A true value outside its interval where the realised value sits
// far from the generating one is the sample's chance, not the sampler's error.

import type { HospitalStudy } from "./simulate.js";
import { OUTCOMES, type Outcome } from "./truth.js";

function variance(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i] / x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let mx = 0, my = 0;
  for (let i = 0; i < x.length; i++) {
    mx += x[i] / x.length;
    my += y[i] / y.length;
  }
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Patient-weighted least-squares slope of y on x. */
function slope(x: number[], y: number[], w: number[]): number {
  const W = w.reduce((a, b) => a + b, 0);
  const mx = x.reduce((a, v, i) => a + w[i] * v, 0) / W, my = y.reduce((a, v, i) => a + w[i] * v, 0) / W;
  let sxy = 0, sxx = 0;
  x.forEach((v, i) => {
    sxy += w[i] * (v - mx) * (y[i] - my);
    sxx += w[i] * (v - mx) ** 2;
  });
  return sxy / sxx;
}

export function realisedSummary(study: HospitalStudy) {
  const { doctor, hospital } = study.effects;
  const docs = new Map<number, { experience: number; hospital: number; patients: number }>();
  for (const r of study.rows) {
    const d = docs.get(Number(r.DID)) ?? { experience: Number(r.Experience), hospital: Number(r.HID), patients: 0 };
    d.patients++;
    docs.set(Number(r.DID), d);
  }
  const ids = [...docs.keys()];
  const effectSlope = (o: Outcome) =>
    slope(ids.map((id) => docs.get(id)!.experience), ids.map((id) => doctor[o][id - 1] + hospital[o][docs.get(id)!.hospital - 1]), ids.map((id) => docs.get(id)!.patients));
  return {
    doctorVariance: Object.fromEntries(OUTCOMES.map((o) => [o, variance(doctor[o])])),
    doctorCorrelation: Object.fromEntries(OUTCOMES.flatMap((a, i) => OUTCOMES.slice(i + 1).map((b) => [`${a}:${b}`, correlation(doctor[a], doctor[b])]))),
    hospitalVariance: Object.fromEntries(OUTCOMES.map((o) => [o, variance(hospital[o])])),
    effectSlopeOnExperience: Object.fromEntries(OUTCOMES.map((o) => [o, effectSlope(o)])),
  };
}
