// What the simulated sample says about the count model's fixed effects when its doctor and
// hospital effects are known: a Poisson regression of ntumors on the model's covariates with the
// realised effects as an offset (iteratively reweighted least squares; quasi-Poisson standard
// errors, the per-patient lognormal residual being overdispersion). Given the effects, a patient's
// count has mean exp(x'beta + u + 0.125) (E exp(e) = exp(0.25 / 2)), so the slopes estimate beta
// and the intercept beta_0 + 0.125. An mcglmm interval that misses a true coefficient but holds
// this estimate misses because of the sample's patient-level noise, not the sampler.
//   npx tsx examples/hospital/oracle.ts

import { fileURLToPath } from "node:url";
import { simulateHospital, type HospitalStudy } from "./simulate.js";
import { FIXED, RESIDUAL_VARIANCE } from "./truth.js";

export interface OracleRow {
  name: string;
  truth: number;
  estimate: number;
  se: number;
}

/** Solves the small dense SPD system A x = b (Gaussian elimination; A is p x p, p <= 10). */
function solve(A: number[][], b: number[]): number[] {
  const p = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < p; c++) {
    for (let r = c + 1; r < p; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= p; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(p).fill(0);
  for (let r = p - 1; r >= 0; r--) {
    let s = M[r][p];
    for (let k = r + 1; k < p; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

export function ntumorsOracle(study: HospitalStudy): OracleRow[] {
  const names = Object.keys(FIXED.ntumors);
  const p = names.length;
  const X = study.rows.map((r) => names.map((n) => (n === "(Intercept)" ? 1 : Number(r[n as keyof typeof r]))));
  const y = study.rows.map((r) => Number(r.ntumors));
  const offset = study.rows.map((r) => study.effects.doctor.ntumors[Number(r.DID) - 1] + study.effects.hospital.ntumors[Number(r.HID) - 1]);
  let beta = new Array<number>(p).fill(0);
  let information: number[][] = [];
  for (let iteration = 0; iteration < 50; iteration++) {
    // Fisher scoring: (X' W X) delta = X' (y - mu), W = mu
    information = names.map(() => new Array<number>(p).fill(0));
    const score = new Array<number>(p).fill(0);
    X.forEach((x, i) => {
      const mu = Math.exp(offset[i] + x.reduce((s, v, j) => s + v * beta[j], 0));
      for (let a = 0; a < p; a++) {
        score[a] += x[a] * (y[i] - mu);
        for (let b = 0; b < p; b++) information[a][b] += mu * x[a] * x[b];
      }
    });
    const step = solve(information, score);
    beta = beta.map((v, j) => v + step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  // quasi-Poisson dispersion: Pearson chi-square over residual degrees of freedom
  let pearson = 0;
  X.forEach((x, i) => {
    const mu = Math.exp(offset[i] + x.reduce((s, v, j) => s + v * beta[j], 0));
    pearson += (y[i] - mu) ** 2 / mu;
  });
  const dispersion = pearson / (y.length - p);
  return names.map((name, j) => {
    const unit = names.map((_, k) => (k === j ? 1 : 0));
    const variance = solve(information, unit)[j] * dispersion;
    const shift = name === "(Intercept)" ? RESIDUAL_VARIANCE.ntumors / 2 : 0;
    return { name, truth: FIXED.ntumors[name], estimate: beta[j] - shift, se: Math.sqrt(variance) };
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log("ntumors given the realised doctor and hospital effects (intercept less the residual's 0.125):");
  for (const r of ntumorsOracle(simulateHospital())) {
    console.log(`  ${r.name.padEnd(12)} true ${r.truth.toFixed(4).padStart(8)}  sample ${r.estimate.toFixed(4).padStart(8)} (se ${r.se.toFixed(4)}, ${((r.estimate - r.truth) / r.se).toFixed(1)} se from the truth)`);
  }
}
