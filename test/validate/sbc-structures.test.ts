// Simulation-based calibration (Talts et al. 2018) of the str, mm, antedependence, sub and covu terms:
// parameters drawn from the (proper) prior, data simulated, the model fitted, the rank of each
// true value among thinned posterior draws recorded; over the replications the ranks must be
// uniform (chi-square test per parameter, Bonferroni over the model's parameters at 1%).
// Long: run by `npm run validate` (MCGLMM_SBC_REPLICATIONS sets the number of replications).
// cors has none: MCMCglmm's prior for its unstructured block is an inverse-Wishart with 0 degrees
// of freedom (improper, priors/block-prior.ts), which has no draws to calibrate against; its
// conditional draw is checked against the exact distributions in test/models/block-structures.test.ts.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { anteBetaIndex } from "../../src/models/structures/ante.js";
import { createStream, createWishartWorkspace, gamma, rInvWishart, type Rng } from "../../src/random/index.js";
import { anteCovariance } from "../../src/samplers/kernels/variance/ante-draw.js";
import { fitMaternal, simulateMaternal } from "../helpers/simulate-maternal.js";

const REPLICATIONS = Number(process.env.MCGLMM_SBC_REPLICATIONS ?? 100);
const RANK_DRAWS = 99;
const THIN = 20;
const BINS = 10;
const NU = 5;
const settings = (seed: number) => ({ nitt: 2000 + RANK_DRAWS * THIN, burnin: 2000, thin: THIN, chains: 1, threads: 1, seed });

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 (accurate to 1e-7)
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** IG(nu/2, nu V/2), the prior of one variance. */
const inverseGamma = (rng: Rng, nu: number, V: number) => (nu * V) / 2 / gamma(rng, nu / 2, 1);

/** Chi-square p-values of the rank histograms (Wilson-Hilferty), logged; the failures listed. */
function rankTest(label: string, names: readonly string[], ranks: readonly number[][]): string[] {
  const failures: string[] = [];
  names.forEach((name, p) => {
    const counts = new Array<number>(BINS).fill(0);
    for (const rank of ranks[p]) counts[Math.min(BINS - 1, Math.floor((rank * BINS) / (RANK_DRAWS + 1)))]++;
    const expected = ranks[p].length / BINS;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    const df = BINS - 1;
    const pValue = 1 - normalCdf((Math.cbrt(chi2 / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df)));
    console.log(`${label} ${name}: rank histogram ${counts.join(" ")}, chi2 ${chi2.toFixed(1)}, p ${pValue.toFixed(3)}`);
    if (pValue < 0.01 / names.length) failures.push(`${name} (p = ${pValue.toExponential(2)})`);
  });
  return failures;
}

const rankOf = (draws: ArrayLike<number>, truth: number) => {
  let rank = 0;
  for (let i = 0; i < RANK_DRAWS; i++) if (draws[i] < truth) rank++;
  return rank;
};

describe("SBC: structures", () => {
  it(`str(animal + dam): maternal-effects animal model, ${REPLICATIONS} replications`, async () => {
    const rng = createStream(901, 0);
    const ws = createWishartWorkspace(2);
    const names = ["(Intercept)", "animal.animal", "dam.animal", "dam.dam", "units"];
    const ranks: number[][] = names.map(() => []);
    for (let r = 0; r < REPLICATIONS; r++) {
      const G = new Float64Array(4);
      rInvWishart(rng, NU, Float64Array.from([0.5, 0, 0, 0.5], (v) => v * NU), G, ws);
      const ve = inverseGamma(rng, NU, 0.5);
      const mu = rng.normal();
      const sim = simulateMaternal(5000 + r, 600, 200, [[G[0], G[1]], [G[2], G[3]]], ve, mu);
      const result = await fitMaternal(sim, { B: { mu: 0, V: 1 }, R: { V: 0.5, nu: NU }, G: { G1: { V: [[0.5, 0], [0, 0.5]], nu: NU } } }, settings(r + 1));
      const truth = [mu, G[0], G[2], G[3], ve];
      names.forEach((name, p) => ranks[p].push(rankOf(result.draws[name][0], truth[p])));
    }
    expect(rankTest("str", names, ranks)).toEqual([]);
  });

  it(`mm(m1 + m2): multi-membership, ${REPLICATIONS} replications`, async () => {
    const rng = createStream(902, 0);
    const names = ["(Intercept)", "m1+m2", "units"];
    const ranks: number[][] = names.map(() => []);
    const nLevels = 30, n = 240;
    for (let r = 0; r < REPLICATIONS; r++) {
      const s2 = inverseGamma(rng, NU, 0.5), ve = inverseGamma(rng, NU, 0.5), mu = rng.normal();
      const u = Array.from({ length: nLevels }, () => Math.sqrt(s2) * rng.normal());
      const level = (i: number) => `L${String(i).padStart(2, "0")}`;
      const rows = Array.from({ length: n }, () => {
        const a = Math.floor(rng.uniform() * nLevels);
        let b = Math.floor(rng.uniform() * (nLevels - 1));
        if (b >= a) b++;
        return { y: mu + u[a] + u[b] + Math.sqrt(ve) * rng.normal(), m1: level(a), m2: level(b) };
      });
      const result = await fit(
        { fixed: "y ~ 1", random: "~mm(m1 + m2)", family: "gaussian", prior: { B: { mu: 0, V: 1 }, R: { V: 0.5, nu: NU }, G: { G1: { V: 0.5, nu: NU } } } },
        rows,
        settings(r + 1),
      );
      const truth = [mu, s2, ve];
      names.forEach((name, p) => ranks[p].push(rankOf(result.draws[name][0], truth[p])));
    }
    expect(rankTest("mm", names, ranks)).toEqual([]);
  });

  it(`ante1(trait):g, three traits: ${REPLICATIONS} replications`, async () => {
    const rng = createStream(903, 0);
    const k = 3, nGroups = 50, perGroup = 2;
    const idx = anteBetaIndex(k, 1, false);
    const names = ["d1", "d2", "d3", "beta21", "beta32", "traity1.units", "traity2.units", "traity3.units", "traity2"];
    const ranks: number[][] = names.map(() => []);
    const Linv = new Float64Array(k * k), G = new Float64Array(k * k);
    for (let r = 0; r < REPLICATIONS; r++) {
      const d = Float64Array.from({ length: k }, () => inverseGamma(rng, NU, 0.5));
      const beta = Float64Array.from({ length: 2 }, () => rng.normal());
      anteCovariance(k, idx, beta, d, Linv, G);
      const rv = Array.from({ length: k }, () => inverseGamma(rng, NU, 0.5));
      const b = Array.from({ length: k }, () => rng.normal());
      const rows: Record<string, unknown>[] = [];
      for (let g = 0; g < nGroups; g++) {
        // u = L^-1 e, e ~ N(0, D)
        const e = Array.from({ length: k }, (_, i) => Math.sqrt(d[i]) * rng.normal());
        const u = Array.from({ length: k }, (_, i) => e.reduce((s, x, j) => s + Linv[i * k + j] * x, 0));
        for (let rep = 0; rep < perGroup; rep++) {
          const row: Record<string, unknown> = { g: `g${g}` };
          for (let i = 0; i < k; i++) row[`y${i + 1}`] = b[i] + u[i] + Math.sqrt(rv[i]) * rng.normal();
          rows.push(row);
        }
      }
      const result = await fit(
        {
          fixed: "cbind(y1, y2, y3) ~ trait - 1", random: "~ante1(trait):g", rcov: "~idh(trait):units", family: "gaussian",
          prior: { B: { mu: 0, V: 1 }, R: { V: [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]], nu: NU }, G: { G1: { V: [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]], nu: NU, "beta.mu": [0, 0], "beta.V": [[1, 0], [0, 1]] } } },
        },
        rows,
        settings(r + 1),
      );
      const draw = (name: string) => result.draws[name][0];
      // the antedependence parameters of each G draw (posterior.ante): d_1 = G11, beta_21 = G21 / G11, ...
      const g11 = draw("traity1:traity1.g"), g21 = draw("traity2:traity1.g"), g22 = draw("traity2:traity2.g"), g32 = draw("traity3:traity2.g"), g33 = draw("traity3:traity3.g");
      const nd = g11.length;
      const b21 = Float64Array.from({ length: nd }, (_, i) => g21[i] / g11[i]);
      const d2 = Float64Array.from({ length: nd }, (_, i) => g22[i] - b21[i] * g21[i]);
      const b32 = Float64Array.from({ length: nd }, (_, i) => g32[i] / g22[i]);
      const d3 = Float64Array.from({ length: nd }, (_, i) => g33[i] - b32[i] * g32[i]);
      const derived = [g11, d2, d3, b21, b32, draw("traity1.units"), draw("traity2.units"), draw("traity3.units"), draw("traity2")];
      const truth = [d[0], d[1], d[2], beta[0], beta[1], rv[0], rv[1], rv[2], b[1]];
      names.forEach((_, p) => ranks[p].push(rankOf(derived[p], truth[p])));
    }
    expect(rankTest("ante1", names, ranks)).toEqual([]);
  });

  it(`sub(trait):g with fix = 3, three traits: ${REPLICATIONS} replications`, async () => {
    const rng = createStream(904, 0);
    const ws = createWishartWorkspace(2);
    const k = 3, nGroups = 50, perGroup = 2;
    const names = ["traity1:traity1.g", "traity2:traity1.g", "traity2:traity2.g", "traity1.units", "traity2.units", "traity3.units", "traity3"];
    const ranks: number[][] = names.map(() => []);
    for (let r = 0; r < REPLICATIONS; r++) {
      // G = Sigma11 (+) 1, Sigma11 ~ IW(NU, NU V11)
      const S11 = new Float64Array(4);
      rInvWishart(rng, NU, Float64Array.from([0.5, 0.1, 0.1, 0.5], (v) => v * NU), S11, ws);
      const c11 = Math.sqrt(S11[0]), c21 = S11[2] / c11, c22 = Math.sqrt(S11[3] - c21 * c21);
      const rv = Array.from({ length: k }, () => inverseGamma(rng, NU, 0.5));
      const b = Array.from({ length: k }, () => rng.normal());
      const rows: Record<string, unknown>[] = [];
      for (let g = 0; g < nGroups; g++) {
        const z1 = rng.normal(), z2 = rng.normal();
        const u = [c11 * z1, c21 * z1 + c22 * z2, rng.normal()];
        for (let rep = 0; rep < perGroup; rep++) {
          const row: Record<string, unknown> = { g: `g${g}` };
          for (let i = 0; i < k; i++) row[`y${i + 1}`] = b[i] + u[i] + Math.sqrt(rv[i]) * rng.normal();
          rows.push(row);
        }
      }
      const result = await fit(
        {
          fixed: "cbind(y1, y2, y3) ~ trait - 1", random: "~sub(trait):g", rcov: "~idh(trait):units", family: "gaussian",
          prior: { B: { mu: 0, V: 1 }, R: { V: [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]], nu: NU }, G: { G1: { V: [[0.5, 0.1, 0], [0.1, 0.5, 0], [0, 0, 1]], nu: NU, fix: 3 } } },
        },
        rows,
        settings(r + 1),
      );
      const truth = [S11[0], S11[2], S11[3], rv[0], rv[1], rv[2], b[2]];
      names.forEach((name, p) => ranks[p].push(rankOf(result.draws[name][0], truth[p])));
    }
    expect(rankTest("sub", names, ranks)).toEqual([]);
  });

  it(`covu: us(at.level(trait, 2)):units joined with us(trait):units, ${REPLICATIONS} replications`, async () => {
    // (u, r_a, r_b) ~ N(0, Sigma) per unit, Sigma ~ IW(nu, nu V) (prior R with covu = true);
    // a = mu_a + r_a, b = mu_b + u + r_b. Sigma is identified only through the prior beyond the
    // latent covariance A Sigma A', so the chain is thinned more (the joint kernel's entries mix slowly).
    const rng = createStream(905, 0);
    const ws = createWishartWorkspace(3);
    const g = "at.level(trait, 2).units", ra = "traita.units", rb = "traitb.units";
    const entries = [`${g}:${g}`, `${ra}:${g}`, `${rb}:${g}`, `${ra}:${ra}`, `${rb}:${ra}`, `${rb}:${rb}`];
    const names = ["traita", "traitb", ...entries, "var(b)", "cov(a,b)"];
    const ranks: number[][] = names.map(() => []);
    const n = 100, thin = 50;
    const V = [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]];
    for (let r = 0; r < REPLICATIONS; r++) {
      const S = new Float64Array(9);
      rInvWishart(rng, NU, Float64Array.from(V.flat(), (v) => v * NU), S, ws);
      const mu = [rng.normal(), rng.normal()];
      // Cholesky of S for the per-unit draws
      const L = new Float64Array(9);
      for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) {
        let x = S[i * 3 + j];
        for (let k = 0; k < j; k++) x -= L[i * 3 + k] * L[j * 3 + k];
        L[i * 3 + j] = i === j ? Math.sqrt(x) : x / L[j * 3 + j];
      }
      const data = Array.from({ length: n }, () => {
        const z = [rng.normal(), rng.normal(), rng.normal()];
        const e = [0, 1, 2].map((i) => L[i * 3] * z[0] + L[i * 3 + 1] * z[1] + L[i * 3 + 2] * z[2]);
        return { a: mu[0] + e[1], b: mu[1] + e[0] + e[2] };
      });
      const result = await fit(
        { fixed: "cbind(a, b) ~ trait - 1", random: "~us(at.level(trait, 2)):units", rcov: "~us(trait):units", family: "gaussian", prior: { B: { mu: 0, V: 1 }, R: { V, nu: NU, covu: true } } },
        data,
        { nitt: 2000 + RANK_DRAWS * thin, burnin: 2000, thin, chains: 1, threads: 1, seed: r + 1 },
      );
      const d = (name: string) => result.draws[name][0];
      const varB = Float64Array.from(d(entries[0]), (x, i) => x + 2 * d(entries[2])[i] + d(entries[5])[i]);
      const covAB = Float64Array.from(d(entries[1]), (x, i) => x + d(entries[4])[i]);
      const truth = [mu[0], mu[1], S[0], S[3], S[6], S[4], S[7], S[8], S[0] + 2 * S[6] + S[8], S[3] + S[7]];
      const draws = [d("traita"), d("traitb"), ...entries.map(d), varB, covAB];
      names.forEach((name, p) => ranks[p].push(rankOf(draws[p], truth[p])));
    }
    expect(rankTest("covu", names, ranks)).toEqual([]);
  });
});
