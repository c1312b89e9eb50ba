// The hospital study, simulated: cancer patients nested in doctors nested in hospitals, with
// patient and doctor covariates in realistic ranges and three outcomes (remission, number of
// tumours, mobility) drawn from the models of truth.ts, so every estimate has a known answer.
//   npx tsx examples/hospital/simulate.ts        writes hospital.csv and truth.json here
// The suite calls simulateHospital with REDUCED sizes for a fast version of the same study.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createStream, gamma, logistic, type Rng } from "../../src/random/index.js";
import {
  DOCTOR_SD, FIXED, HOSPITAL_VARIANCE, MOBILITY_CUTPOINTS, OUTCOMES, RESIDUAL_VARIANCE, ZI_INTERCEPT,
  doctorCorrelation, doctorCovarianceMatrix, modelTruths, type Outcome,
} from "./truth.js";
import { realisedSummary } from "./realised.js";

export interface HospitalSizes {
  patients: number;
  doctors: number;
  hospitals: number;
  /** Fewest and most patients per doctor. */
  minPerDoctor: number;
  maxPerDoctor: number;
}

export const FLAGSHIP_SIZES: HospitalSizes = { patients: 8525, doctors: 407, hospitals: 35, minPerDoctor: 2, maxPerDoctor: 40 };
export const FLAGSHIP_SEED = 20261130;

export const COLUMNS = [
  "remission", "ntumors", "ntumors_zi", "mobility",
  "Age", "Married", "Sex", "FamilyHx", "SmokingHx", "CancerStage", "LengthofStay", "WBC", "RBC", "BMI", "IL6", "CRP",
  "DID", "Experience", "School", "Lawsuits", "HID",
] as const;

export type PatientRow = Record<(typeof COLUMNS)[number], number | string>;

export interface HospitalStudy {
  rows: PatientRow[];
  /** The realised random effects (not in the CSV): per outcome, one per doctor and one per hospital. */
  effects: { doctor: Record<Outcome, Float64Array>; hospital: Record<Outcome, Float64Array> };
  sizes: HospitalSizes;
  seed: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function pick<T>(rng: Rng, values: readonly T[], probs: readonly number[]): T {
  let u = rng.uniform();
  for (let i = 0; i < values.length - 1; i++) {
    if (u < probs[i]) return values[i];
    u -= probs[i];
  }
  return values[values.length - 1];
}

/** Poisson(mean) by inversion (means here stay below ~30). */
function poisson(rng: Rng, mean: number): number {
  let k = 0, p = Math.exp(-mean), cdf = p;
  const u = rng.uniform();
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/**
 * Patients per doctor, each in [min, max], summing to `patients`: the minimum for everyone,
 * then the rest handed out one at a time to doctors drawn with Gamma(1.5) weights (some
 * doctors see many more patients than others).
 */
function patientsPerDoctor(rng: Rng, s: HospitalSizes): Int32Array {
  const n = new Int32Array(s.doctors).fill(s.minPerDoctor);
  let left = s.patients - s.doctors * s.minPerDoctor;
  if (left < 0 || s.patients > s.doctors * s.maxPerDoctor) throw new RangeError(`cannot give ${s.patients} patients to ${s.doctors} doctors with ${s.minPerDoctor}..${s.maxPerDoctor} each`);
  const w = Float64Array.from({ length: s.doctors }, () => gamma(rng, 1.5, 1));
  let total = w.reduce((a, b) => a + b, 0);
  while (left > 0) {
    let u = rng.uniform() * total, d = 0;
    while (d < s.doctors - 1 && u >= w[d]) u -= w[d++];
    if (w[d] === 0) continue;
    n[d]++;
    left--;
    if (n[d] === s.maxPerDoctor) {
      total -= w[d];
      w[d] = 0;
    }
  }
  return n;
}

/** 3 x 3 lower Cholesky factor. */
function cholesky3(S: number[][]): number[][] {
  const L = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

function linearPredictor(o: Outcome, x: Record<string, number>): number {
  let eta = 0;
  for (const [name, b] of Object.entries(FIXED[o])) eta += b * (name === "(Intercept)" ? 1 : x[name]);
  return eta;
}

export function simulateHospital(sizes: HospitalSizes = FLAGSHIP_SIZES, seed = FLAGSHIP_SEED): HospitalStudy {
  const rng = createStream(seed, 0);
  const perDoctor = patientsPerDoctor(rng, sizes);
  // every hospital gets at least one doctor, the rest uniformly
  const hospitalOf = Int32Array.from({ length: sizes.doctors }, (_, d) => (d < sizes.hospitals ? d : Math.floor(rng.uniform() * sizes.hospitals)));
  const hospitalEffect = OUTCOMES.map((o) => Float64Array.from({ length: sizes.hospitals }, () => Math.sqrt(HOSPITAL_VARIANCE[o]) * rng.normal()));
  const L = cholesky3(doctorCovarianceMatrix());
  const rows: PatientRow[] = [];
  const doctorEffects = OUTCOMES.map(() => new Float64Array(sizes.doctors));
  for (let d = 0; d < sizes.doctors; d++) {
    const z = [rng.normal(), rng.normal(), rng.normal()];
    const doctorEffect = L.map((row) => row[0] * z[0] + row[1] * z[1] + row[2] * z[2]);
    doctorEffect.forEach((u, k) => (doctorEffects[k][d] = u));
    const Experience = Math.round(clamp(18 + 4.5 * rng.normal(), 7, 29));
    const School = rng.uniform() < 0.3 ? "top" : "average";
    const Lawsuits = Math.min(9, poisson(rng, School === "top" ? 1.5 : 2.2));
    const h = hospitalOf[d];
    for (let p = 0; p < perDoctor[d]; p++) {
      const CancerStage = pick(rng, ["I", "II", "III", "IV"], [0.35, 0.35, 0.2, 0.1]);
      const stage = ["I", "II", "III", "IV"].indexOf(CancerStage);
      const x: Record<string, number> = {
        Age: round(clamp(50 + 6.5 * rng.normal(), 25, 80), 2),
        Married: rng.uniform() < 0.6 ? 1 : 0,
        LengthofStay: Math.round(clamp(4.5 + 0.5 * stage + 1.3 * rng.normal(), 1, 10)),
        IL6: round(gamma(rng, 2, 2), 3),
        CRP: round(gamma(rng, 2, 2.5), 3),
        Experience,
      };
      const latent = OUTCOMES.map((o, k) => linearPredictor(o, x) + doctorEffect[k] + hospitalEffect[k][h] + Math.sqrt(RESIDUAL_VARIANCE[o]) * rng.normal());
      const remission = rng.uniform() < logistic(latent[0]) ? 1 : 0;
      const ntumors = poisson(rng, Math.exp(latent[1]));
      const structuralZero = rng.uniform() < logistic(ZI_INTERCEPT + rng.normal());
      const mobility = 1 + MOBILITY_CUTPOINTS.filter((c) => latent[2] > c).length;
      rows.push({
        remission, ntumors, ntumors_zi: structuralZero ? 0 : ntumors, mobility,
        Age: x.Age, Married: x.Married,
        Sex: rng.uniform() < 0.5 ? "female" : "male",
        FamilyHx: rng.uniform() < 0.2 ? "yes" : "no",
        SmokingHx: pick(rng, ["never", "former", "current"], [0.55, 0.2, 0.25]),
        CancerStage, LengthofStay: x.LengthofStay,
        WBC: round(6000 + 1000 * rng.normal(), 1),
        RBC: round(5 + 0.25 * rng.normal(), 3),
        BMI: round(clamp(29 + 6 * rng.normal(), 18, 58), 2),
        IL6: x.IL6, CRP: x.CRP,
        DID: d + 1, Experience, School, Lawsuits, HID: h + 1,
      });
    }
  }
  const byOutcome = (x: Float64Array[]) => Object.fromEntries(OUTCOMES.map((o, k) => [o, x[k]])) as Record<Outcome, Float64Array>;
  return { rows, effects: { doctor: byOutcome(doctorEffects), hospital: byOutcome(hospitalEffect) }, sizes, seed };
}

/** The rows as CSV: numbers bare, text quoted (as R's write.csv), so mcglmm reads text as factors. */
export function studyCsv(rows: readonly PatientRow[]): string {
  const cell = (v: number | string) => (typeof v === "number" ? String(v) : `"${v}"`);
  return [COLUMNS.map((c) => `"${c}"`).join(","), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}

/** What truth.json holds: the generating values and, per model, the true value of each parameter. */
export function truthRecord(study: HospitalStudy) {
  return {
    seed: study.seed,
    sizes: study.sizes,
    generating: {
      fixed: FIXED,
      doctorVariance: Object.fromEntries(OUTCOMES.map((o) => [o, DOCTOR_SD[o] ** 2])),
      doctorCorrelation: Object.fromEntries(OUTCOMES.flatMap((a, i) => OUTCOMES.slice(i + 1).map((b) => [`${a}:${b}`, doctorCorrelation(a, b)]))),
      hospitalVariance: HOSPITAL_VARIANCE,
      residualVariance: RESIDUAL_VARIANCE,
      mobilityCutpoints: MOBILITY_CUTPOINTS,
      zeroInflationLogit: ZI_INTERCEPT,
    },
    /** What the sample realised (sample variances/correlations of the drawn effects): see realised.ts. */
    realised: realisedSummary(study),
    models: modelTruths(),
  };
}

export function writeStudy(dir: string, study: HospitalStudy): void {
  writeFileSync(join(dir, "hospital.csv"), studyCsv(study.rows));
  writeFileSync(join(dir, "truth.json"), JSON.stringify(truthRecord(study), null, 2) + "\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const study = simulateHospital();
  writeStudy(fileURLToPath(new URL(".", import.meta.url)), study);
  const mean = (k: keyof PatientRow) => study.rows.reduce((s, r) => s + Number(r[k]), 0) / study.rows.length;
  console.log(`${study.rows.length} patients: remission ${mean("remission").toFixed(3)}, mean ntumors ${mean("ntumors").toFixed(2)}, mean mobility ${mean("mobility").toFixed(2)}`);
}
