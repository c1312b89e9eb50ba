// Antedependence structures (models/structures/ante.ts, priors/ante-prior.ts,
// kernels/variance/ante-draw.ts): G against the unstructured covariance it parameterises, the log
// prior against a dense computation, MCMCglmm's parameter counts and names, and the conditional
// draw against its exact full conditional (k = 2, by numerical integration over beta).

import { CholeskyDecomposition, Matrix, determinant, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { lgamma } from "../../src/diagnostics/beta.js";
import { summariseDraws } from "../../src/diagnostics/summarise.js";
import { ModelSpecError, PriorError } from "../../src/errors.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { anteBetaCount, anteBetaIndex } from "../../src/models/structures/ante.js";
import type { CovarianceTerm, VariancePriorSpec } from "../../src/models/types.js";
import { anteParameters, logAntePrior, resolveAntePrior } from "../../src/priors/ante-prior.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { anteCovariance, drawAntedependence, makeAnteWorkspace } from "../../src/samplers/kernels/variance/ante-draw.js";

const FORMS = { ante: [false, false], antec: [true, false], antev: [false, true], antecv: [true, true] } as const;

function term(k: number, order: number, structure: keyof typeof FORMS): CovarianceTerm {
  const coefNames = Array.from({ length: k }, (_, i) => `trait${i + 1}`);
  return { label: `${structure}${order}(trait):g`, structure, dim: k, coefNames, factor: "g", nLevels: coefNames.map(() => 5), levelNames: [], zOffset: 0, vcvNames: [], order };
}
function prior(k: number, order: number, structure: keyof typeof FORMS, spec: VariancePriorSpec) {
  const [constant, sharedVariance] = FORMS[structure];
  return resolveAntePrior("G.G1", term(k, order, structure), spec, [], { constant, sharedVariance });
}

/** G = L^-1 D L^-T densely, L unit lower triangular with -beta on its band. */
function denseG(k: number, idx: Int32Array, beta: number[], d: number[]): Matrix {
  const L = Matrix.eye(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) if (idx[i * k + j] >= 0) L.set(i, j, -beta[idx[i * k + j]]);
  const Li = inverse(L);
  return Li.mmul(Matrix.diag(d)).mmul(Li.transpose());
}

describe("antedependence parameterisation", () => {
  it("counts MCMCglmm's coefficients: p (k - (p + 1)/2), or p for antec", () => {
    expect([1, 2, 3].map((p) => anteBetaCount(4, p, false))).toEqual([3, 5, 6]);
    expect([1, 2, 3].map((p) => anteBetaCount(4, p, true))).toEqual([1, 2, 3]);
    // lag 1 first, then lag 2 (posterior.ante's order)
    const idx = anteBetaIndex(4, 2, false);
    expect([idx[4], idx[9], idx[14], idx[8], idx[13]]).toEqual([0, 1, 2, 3, 4]);
    expect(idx[12]).toBe(-1);
  });

  it("builds G = L^-1 D L^-T, banded in G^-1, and reads (beta, d) back from G", () => {
    const rng = createStream(5, 0);
    for (const [structure, [constant, shared]] of Object.entries(FORMS)) {
      for (const [k, p] of [[4, 1], [4, 2], [5, 4], [3, 2]]) {
        const idx = anteBetaIndex(k, p, constant);
        const nb = anteBetaCount(k, p, constant);
        const beta = Array.from({ length: nb }, () => rng.normal());
        const d0 = 0.2 + rng.uniform();
        const d = Array.from({ length: k }, () => (shared ? d0 : 0.2 + rng.uniform()));
        const G = new Float64Array(k * k);
        anteCovariance(k, idx, Float64Array.from(beta), Float64Array.from(d), new Float64Array(k * k), G);
        const expected = denseG(k, idx, beta, d);
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expect(G[a * k + b]).toBeCloseTo(expected.get(a, b), 10);
        const Gi = inverse(expected);
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (Math.abs(a - b) > p) expect(Math.abs(Gi.get(a, b))).toBeLessThan(1e-9);
        const pr = prior(k, p, structure as keyof typeof FORMS, { V: shared ? 1 : diag(k), nu: 2 });
        const dBack = new Float64Array(k), betaBack = new Float64Array(nb);
        expect(anteParameters(G, k, pr.ante!, dBack, betaBack, new Float64Array(k * k), new Float64Array(k * k))).toBe(true);
        for (let i = 0; i < k; i++) expect(dBack[i]).toBeCloseTo(d[i], 10);
        for (let b = 0; b < nb; b++) expect(betaBack[b]).toBeCloseTo(beta[b], 10);
      }
    }
  });

  it("of full order (p = k - 1) is every covariance matrix: any SPD G is recovered from its parameters", () => {
    const rng = createStream(9, 0);
    const k = 4;
    const X = new Matrix(Array.from({ length: 7 }, () => Array.from({ length: k }, () => rng.normal())));
    const G = X.transpose().mmul(X).div(7);
    const pr = prior(k, k - 1, "ante", { V: diag(k), nu: 1 });
    const d = new Float64Array(k), beta = new Float64Array(pr.ante!.nBeta);
    expect(anteParameters(Float64Array.from(G.to1DArray()), k, pr.ante!, d, beta, new Float64Array(k * k), new Float64Array(k * k))).toBe(true);
    const back = denseG(k, pr.ante!.betaIndex, Array.from(beta), Array.from(d));
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expect(back.get(a, b)).toBeCloseTo(G.get(a, b), 10);
  });
});

function diag(k: number, v = 1): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? v : 0)));
}

describe("antedependence prior", () => {
  it("has log density log N(beta; beta.mu, beta.V) + sum log IG(d_i; nu/2, nu V_ii/2) (dense check)", () => {
    const k = 3;
    const betaV = [[0.8, 0.2, 0.1], [0.2, 0.5, 0.05], [0.1, 0.05, 0.3]];
    const betaMu = [0.3, -0.2, 0.1];
    const V = [[1.5, 0.2, 0], [0.2, 0.7, 0.1], [0, 0.1, 2]];
    const nu = 3.5;
    const pr = prior(k, 2, "ante", { V, nu, "beta.mu": betaMu, "beta.V": betaV });
    const beta = [0.5, -0.4, 0.25], d = [0.9, 1.3, 0.4];
    const G = denseG(k, pr.ante!.betaIndex, beta, d);
    // dense: posterior.ante's reading of G by the upper Cholesky factor, then the densities
    const R = new CholeskyDecomposition(G).lowerTriangularMatrix.transpose();
    const S = Matrix.diag(R.diag());
    const B = inverse(R).mmul(S).transpose();
    const dDense = R.diag().map((s) => s * s);
    const betaDense = [-B.get(1, 0), -B.get(2, 1), -B.get(2, 0)];
    const diff = new Matrix([betaDense.map((b, i) => b - betaMu[i])]);
    const bv = new Matrix(betaV);
    const logNormal = -0.5 * (3 * Math.log(2 * Math.PI) + Math.log(determinant(bv)) + diff.mmul(inverse(bv)).mmul(diff.transpose()).get(0, 0));
    const logIG = dDense.reduce((s, x, i) => {
      const a = nu / 2, b = (nu * V[i][i]) / 2;
      return s + a * Math.log(b) - lgamma(a) - (a + 1) * Math.log(x) - b / x;
    }, 0);
    expect(logAntePrior(pr, Float64Array.from(G.to1DArray()))).toBeCloseTo(logNormal + logIG, 9);
  });

  it("one innovation variance (antev) has one inverse-gamma term with V a scalar", () => {
    const pr = prior(3, 1, "antev", { V: 0.8, nu: 2, "beta.V": [[2, 0], [0, 2]] });
    const G = denseG(3, pr.ante!.betaIndex, [0.4, -0.3], [0.6, 0.6, 0.6]);
    const logIG = Math.log(0.8) - lgamma(1) - 2 * Math.log(0.6) - 0.8 / 0.6;
    const logNormal = -0.5 * (2 * Math.log(2 * Math.PI) + Math.log(4) + (0.16 + 0.09) / 2);
    expect(logAntePrior(pr, Float64Array.from(G.to1DArray()))).toBeCloseTo(logNormal + logIG, 9);
    expect(() => prior(3, 1, "antev", { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 2 })).toThrow(PriorError);
  });

  it("defaults as MCMCglmm (beta.mu = 0, beta.V = 1e10 I) and refuses a bad beta prior, fix or expansion", () => {
    const pr = prior(4, 2, "ante", { V: diag(4), nu: 1 });
    expect(Array.from(pr.ante!.betaMu)).toEqual([0, 0, 0, 0, 0]);
    expect(pr.ante!.betaPrecision[0]).toBeCloseTo(1e-10, 20);
    expect(() => prior(4, 2, "ante", { V: diag(4), nu: 1, "beta.mu": [0, 0] })).toThrow(/beta.mu has length 2, expected 5/);
    expect(() => prior(4, 1, "antec", { V: diag(4), nu: 1, "beta.V": [[-1]] })).toThrow(/beta.V is not positive-definite/);
    expect(() => prior(4, 1, "ante", { V: diag(4), nu: 1, fix: 2 })).toThrow(PriorError);
    expect(() => prior(4, 1, "ante", { V: diag(4), nu: 1, "alpha.V": diag(4) })).toThrow(PriorError);
  });
});

describe("antedependence terms in models", () => {
  const rows = Array.from({ length: 12 }, (_, i) => ({ a: Math.sin(i), b: Math.cos(i), c: Math.sin(2 * i), g: `g${i % 4}` }));
  const build = (random: string) => buildModel({ fixed: "cbind(a, b, c) ~ trait - 1", random, rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));

  it("reads ante<p>, antec<p>, ante<p>v, antec<p>v and names G as us", () => {
    for (const [fn, key, order] of [["ante2", "ante", 2], ["antec1", "antec", 1], ["ante1v", "antev", 1], ["antec2v", "antecv", 2]] as const) {
      const t = build(`~${fn}(trait):g`).randomTerms[0];
      expect(t.structure).toBe(key);
      expect(t.order).toBe(order);
      expect(t.vcvNames[1]).toBe("traitb:traita.g");
      expect(t.vcvNames).toHaveLength(9);
    }
  });

  it("refuses an order not below the dimension and names that are not antedependence ones", () => {
    expect(() => build("~ante3(trait):g")).toThrow(ModelSpecError);
    expect(() => build("~ante(trait):g")).toThrow(/not an antedependence structure/);
    expect(() => build("~antex1(trait):g")).toThrow(ModelSpecError);
  });

  it("resolves its prior through the structure (beta.mu, beta.V) and warns on the default", () => {
    const m = build("~antec1(trait):g");
    const p = resolvePrior(m, { R: { V: diag(3), nu: 3 }, G: { G1: { V: diag(3), nu: 2, "beta.mu": [0.5], "beta.V": [[0.25]] } } });
    expect(p.G[0].ante?.betaMu[0]).toBe(0.5);
    expect(p.G[0].ante?.betaPrecision[0]).toBeCloseTo(4, 12);
    expect(resolvePrior(m, { R: { V: diag(3), nu: 3 } }).warnings.some((w) => w.includes("beta.V = 1e10 I"))).toBe(true);
  });
});

describe("antedependence conditional draw", () => {
  // k = 2, order 1: u_2 = b u_1 + e_2. Given S over m levels, d_1 ~ IG((nu + m)/2, (nu V_11 + S_11)/2)
  // on its own, and b's marginal is N(b; mu, v) (nu V_22 + S_22 - 2 b S_12 + b^2 S_11)^-((nu + m)/2)
  // (one variance: N(b; mu, v) (nu V + S_11 + SSE_2(b))^-((nu + 2m)/2)).
  const m = 12, nu = 3, mu = 0.2, v = 0.5;
  const S = Float64Array.from([10, 6, 6, 9]);
  const cases = [["ante", false], ["antev", true]] as const;

  it.each(cases)("%s1 leaves its exact full conditional invariant (MCSE rule)", (structure, shared) => {
    const pr = prior(2, 1, structure, { V: shared ? 0.8 : [[0.8, 0], [0, 1.2]], nu, "beta.mu": [mu], "beta.V": [[v]] });
    const ws = makeAnteWorkspace(2);
    const rng = createStream(17, 0);
    const G = Float64Array.from([1, 0, 0, 1]);
    const N = 20000;
    const b = new Float64Array(N), d1 = new Float64Array(N);
    for (let it = 0; it < N; it++) {
      drawAntedependence(rng, ws, pr, m, S, G);
      b[it] = G[2] / G[0];
      d1[it] = G[0];
    }
    // exact marginal of b on a fine grid
    const sse2 = (x: number) => S[3] - 2 * x * S[1] + x * x * S[0];
    const logDensity = (x: number) => -0.5 * (x - mu) ** 2 / v - (shared ? (nu + 2 * m) / 2 : (nu + m) / 2) * Math.log(shared ? nu * 0.8 + S[0] + sse2(x) : nu * 1.2 + sse2(x));
    const lo = -3, hi = 4, n = 70000, h = (hi - lo) / n;
    const w = Array.from({ length: n + 1 }, (_, i) => Math.exp(logDensity(lo + i * h)));
    const total = w.reduce((s, x) => s + x, 0);
    const mean = w.reduce((s, x, i) => s + x * (lo + i * h), 0) / total;
    const quantile = (q: number) => { let c = 0; for (let i = 0; i <= n; i++) { c += w[i] / total; if (c >= q) return lo + i * h; } return hi; };
    const sb = summariseDraws([b], { probs: [0.025, 0.975] });
    expect(Math.abs(sb.mean - mean)).toBeLessThan(4 * sb.mcse_mean);
    expect(Math.abs(sb.quantiles[0].value - quantile(0.025))).toBeLessThan(4 * sb.quantiles[0].mcse + h);
    expect(Math.abs(sb.quantiles[1].value - quantile(0.975))).toBeLessThan(4 * sb.quantiles[1].mcse + h);
    if (!shared) {
      // d_1 is drawn exactly each time: its mean is the inverse gamma's
      const sd1 = summariseDraws([d1]);
      expect(Math.abs(sd1.mean - (nu * 0.8 + S[0]) / 2 / ((nu + m) / 2 - 1))).toBeLessThan(4 * sd1.mcse_mean);
    } else {
      for (let it = 0; it < 3; it++) { drawAntedependence(rng, ws, pr, m, S, G); expect(G[3] - (G[2] * G[2]) / G[0]).toBeCloseTo(G[0], 10); }
    }
  });
});

describe("antedependence conditional draw, three coefficients", () => {
  // ante1 over k = 3 with a diagonal beta.V: the posterior factorises by equation, so beta_32's
  // marginal is N(b; mu, v) (nu V_33 + S_33 - 2 b S_32 + b^2 S_22)^-((nu + m)/2), as for k = 2
  it("draws beta_32 (the second equation) from its exact marginal (MCSE rule)", () => {
    const m = 15, nu = 2, mu = -0.1, v = 0.8;
    const S = Float64Array.from([9, 4, 2, 4, 11, 7, 2, 7, 12]);
    const pr = prior(3, 1, "ante", { V: [[1, 0, 0], [0, 0.6, 0], [0, 0, 1.4]], nu, "beta.mu": [0.3, mu], "beta.V": [[0.5, 0], [0, v]] });
    const ws = makeAnteWorkspace(3);
    const rng = createStream(23, 0);
    const G = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const N = 20000;
    const b = new Float64Array(N);
    for (let it = 0; it < N; it++) {
      drawAntedependence(rng, ws, pr, m, S, G);
      b[it] = G[7] / G[4];
    }
    const logDensity = (x: number) => -0.5 * (x - mu) ** 2 / v - ((nu + m) / 2) * Math.log(nu * 1.4 + S[8] - 2 * x * S[7] + x * x * S[4]);
    const lo = -3, hi = 4, n = 70000, h = (hi - lo) / n;
    const w = Array.from({ length: n + 1 }, (_, i) => Math.exp(logDensity(lo + i * h)));
    const total = w.reduce((s, x) => s + x, 0);
    const mean = w.reduce((s, x, i) => s + x * (lo + i * h), 0) / total;
    const sb = summariseDraws([b]);
    expect(Math.abs(sb.mean - mean)).toBeLessThan(4 * sb.mcse_mean);
  });
});

describe("antedependence conditional draw, one coefficient per lag (antec1, k = 3)", () => {
  // u_2 = b u_1 + e_2, u_3 = b u_2 + e_3 with one b: its marginal is
  // N(b; mu, v) prod_{i=2,3} (nu V_ii + S_ii - 2 b S_i,i-1 + b^2 S_i-1,i-1)^-((nu + m)/2)
  it("draws the shared coefficient from its exact marginal (MCSE rule)", () => {
    const m = 15, nu = 2, mu = 0.1, v = 0.6;
    const S = Float64Array.from([9, 4, 2, 4, 11, 7, 2, 7, 12]);
    const pr = prior(3, 1, "antec", { V: [[1, 0, 0], [0, 0.6, 0], [0, 0, 1.4]], nu, "beta.mu": [mu], "beta.V": [[v]] });
    const ws = makeAnteWorkspace(3);
    const rng = createStream(29, 0);
    const G = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const N = 20000;
    const b = new Float64Array(N);
    for (let it = 0; it < N; it++) {
      drawAntedependence(rng, ws, pr, m, S, G);
      b[it] = G[3] / G[0];
      // one coefficient: the second equation's equals the first's
      if (it % 1000 === 0) expect(G[7] / G[4]).toBeCloseTo(b[it], 10);
    }
    const logDensity = (x: number) => -0.5 * (x - mu) ** 2 / v
      - ((nu + m) / 2) * (Math.log(nu * 0.6 + S[4] - 2 * x * S[3] + x * x * S[0]) + Math.log(nu * 1.4 + S[8] - 2 * x * S[7] + x * x * S[4]));
    const lo = -3, hi = 4, n = 70000, h = (hi - lo) / n;
    const w = Array.from({ length: n + 1 }, (_, i) => Math.exp(logDensity(lo + i * h)));
    const total = w.reduce((s, x) => s + x, 0);
    const mean = w.reduce((s, x, i) => s + x * (lo + i * h), 0) / total;
    const sb = summariseDraws([b]);
    expect(Math.abs(sb.mean - mean)).toBeLessThan(4 * sb.mcse_mean);
  });
});

describe("antedependence in other places", () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ a: Math.sin(i) + 0.3 * Math.cos(3 * i), b: Math.cos(i) + Math.sin(i), g: `g${i % 6}` }));

  it("refuses beta.mu / beta.V on structures that are not antedependence ones (MCMCglmm stops too)", () => {
    const m = buildModel({ fixed: "cbind(a, b) ~ trait - 1", random: "~us(trait):g", rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));
    expect(() => resolvePrior(m, { R: { V: diag(2), nu: 2 }, G: { G1: { V: diag(2), nu: 2, "beta.mu": [0] } } })).toThrow(/beta.mu and beta.V are priors of antedependence/);
  });

  it("gets no inverse-Wishart transformation moves in the sweep (they would target another prior)", async () => {
    const { buildSweep } = await import("../../src/samplers/sweep.js");
    const m = buildModel({ fixed: "cbind(a, b) ~ trait - 1", random: "~ante1(trait):g + us(trait):g", rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));
    const p = resolvePrior(m, { R: { V: diag(2), nu: 2 }, G: { G1: { V: diag(2), nu: 2 }, G2: { V: diag(2), nu: 2 } } });
    const names = buildSweep(m, p, {}).map((k) => k.name);
    expect(names).toContain("G structure us(trait):g (transformation move)");
    expect(names).not.toContain("G structure ante1(trait):g (transformation move)");
  });

  it("works as a residual structure: ~ante1(trait):units samples an antedependence R", async () => {
    const { fit } = await import("../../src/fit.js");
    const result = await fit(
      { fixed: "cbind(a, b) ~ trait - 1", rcov: "~ante1(trait):units", family: "gaussian", prior: { R: { V: diag(2), nu: 3, "beta.V": [[1]] } } },
      rows,
      { nitt: 600, burnin: 100, thin: 1, chains: 1, seed: 4 },
    );
    expect(result.failures).toEqual([]);
    expect(Object.keys(result.draws)).toContain("traitb:traita.units");
    expect(result.draws["traitb:traita.units"][0].some((x) => x !== 0)).toBe(true);
  });
});
