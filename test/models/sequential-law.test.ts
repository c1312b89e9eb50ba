// The chain-rule (Rosenblatt) decompositions behind the quantile residuals of multinomialK,
// categorical (K > 2), ztmbJ and ztmultinomialK, at fixed latent values: hand-computed
// conditional CDFs for small cases, and for every family a dense check against the family's own
// log-likelihood summed over every outcome of the support (P(Y_<k = y_<k, Y_k <= c) by brute force).

import { describe, expect, it } from "vitest";
import { familyOf } from "../../src/models/families/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { FamilyName, Response } from "../../src/models/types.js";

function responseOf(family: FamilyName, lhs: string, rows: Record<string, unknown>[]): { r: Response; traits: readonly string[] } {
  const model = buildModel({ fixed: `${lhs} ~ 1`, family, rcov: "~us(trait):units" }, frameFromRows(rows));
  return { r: model.responses[0], traits: model.traitNames };
}

function stepValues(r: Response, unit: number, l: number[], n: number): Float64Array {
  const law = familyOf(r).sequential!;
  const out = new Float64Array(3 * 8);
  law.probabilities(r, unit, l, n, out);
  return out;
}

/** Every outcome vector of a row: the observation per decomposition step (counts, or level indicators). */
function stepsOf(r: Response, u: number): number[] {
  if (r.counts) return r.counts.map((c) => c[u]);
  return (r.categories ?? []).map((_, j) => (r.y[u] === j ? 1 : 0));
}

describe("hand-computed conditional CDFs", () => {
  it("categorical with levels A, B, C and p = (0.2, 0.3, 0.5): I_A ~ Bin(1, 0.2), I_B | I_A = 0 ~ Bin(1, 0.3 / 0.8)", () => {
    const { r, traits } = responseOf("categorical", "y", [{ y: "A" }, { y: "B" }, { y: "C" }]);
    expect(traits).toEqual(["y.B", "y.C"]);
    expect(familyOf(r).sequential!.steps(r, traits)).toEqual(["y.A", "y.B|A"]);
    const l = [Math.log(0.3 / 0.2), Math.log(0.5 / 0.2)];
    // y = B: step A: P = 1, F(0) = 0.8, F(-1) = 0; step B|A: P(I_A = 0) = 0.8, joint F(1) = 0.8, F(0) = P(I_A = 0, I_B = 0) = 0.5
    const b = stepValues(r, 1, l, 1);
    [1, 0.8, 0, 0.8, 0.8, 0.5].forEach((v, i) => expect(b[i]).toBeCloseTo(v, 12));
    // y = A: step A: F(1) = 1, F(0) = 0.8; step B|A is fixed (the level came earlier)
    const a = stepValues(r, 0, l, 1);
    [1, 1, 0.8].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 12));
    expect(familyOf(r).sequential!.fixed(r, 0, 1)).toBe(true);
    expect(familyOf(r).sequential!.fixed(r, 1, 1)).toBe(false);
    expect(familyOf(r).sequential!.fixed(r, 2, 1)).toBe(false);
  });

  it("multinomial3 with p = (0.5, 0.3, 0.2), y = (2, 1, 1): y_1 ~ Bin(4, 0.5), y_2 | y_1 = 2 ~ Bin(2, 0.6)", () => {
    const { r, traits } = responseOf("multinomial3", "cbind(a, b, c)", [{ a: 2, b: 1, c: 1 }, { a: 4, b: 0, c: 0 }]);
    expect(familyOf(r).sequential!.steps(r, traits)).toEqual(["a", "b|a"]);
    const l = [Math.log(0.5 / 0.2), Math.log(0.3 / 0.2)];
    const v = stepValues(r, 0, l, 4);
    const c = (n: number, k: number) => [1, n, (n * (n - 1)) / 2, (n * (n - 1) * (n - 2)) / 6, 1][k];
    const bin = (k: number, n: number, p: number) => c(n, k) * p ** k * (1 - p) ** (n - k);
    const F1 = bin(0, 4, 0.5) + bin(1, 4, 0.5) + bin(2, 4, 0.5); // 11/16
    expect(v[0]).toBeCloseTo(1, 12);
    expect(v[1]).toBeCloseTo(F1, 12);
    expect(v[2]).toBeCloseTo(F1 - bin(2, 4, 0.5), 12);
    const P2 = bin(2, 4, 0.5); // 6/16
    expect(v[3]).toBeCloseTo(P2, 12);
    expect(v[4]).toBeCloseTo(P2 * (0.16 + 0.48), 12); // Bin(2, 0.6) at <= 1
    expect(v[5]).toBeCloseTo(P2 * 0.16, 12);
    // no draws left after a = 4: step b|a is fixed
    expect(familyOf(r).sequential!.fixed(r, 1, 1)).toBe(true);
    expect(familyOf(r).sequential!.fixed(r, 0, 1)).toBe(false);
  });

  it("ztmb2 with p = (0.5, 0.25): P(not all zero) = 0.625; (1,0) 0.6, (0,1) 0.2, (1,1) 0.2", () => {
    const { r, traits } = responseOf("ztmb2", "cbind(a, b)", [{ a: 1, b: 0 }, { a: 0, b: 1 }, { a: 1, b: 1 }]);
    expect(familyOf(r).sequential!.steps(r, traits)).toEqual(["a", "b|a"]);
    const l = [0, Math.log(0.25 / 0.75)];
    const v10 = stepValues(r, 0, l, 1);
    [1, 1, 0.2, 0.8, 0.6, 0].forEach((x, i) => expect(v10[i]).toBeCloseTo(x, 12));
    const v01 = stepValues(r, 1, l, 1);
    [1, 0.2, 0].forEach((x, i) => expect(v01[i]).toBeCloseTo(x, 12));
    expect(familyOf(r).sequential!.fixed(r, 1, 1)).toBe(true); // b must be 1 after a = 0
    expect(familyOf(r).sequential!.fixed(r, 0, 1)).toBe(false);
  });

  it("ztmultinomial3 with p = (0.5, 0.3, 0.2), y = (1, 2, 1): each present category >= 1 of 4", () => {
    const { r } = responseOf("ztmultinomial3", "cbind(a, b, c)", [{ a: 1, b: 2, c: 1 }, { a: 2, b: 0, c: 3 }]);
    const l = [Math.log(0.5 / 0.2), Math.log(0.3 / 0.2)];
    const v = stepValues(r, 0, l, 4);
    // the outcomes with every count >= 1 summing to 4, by the multinomial pmf
    const pmf = (a: number, b: number, c: number) => (24 / ([1, 1, 2, 6][a] * [1, 1, 2, 6][b] * [1, 1, 2, 6][c])) * 0.5 ** a * 0.3 ** b * 0.2 ** c;
    const all = [[2, 1, 1], [1, 2, 1], [1, 1, 2]];
    const Z = all.reduce((s, [a, b, c]) => s + pmf(a, b, c), 0);
    expect(v[0]).toBeCloseTo(1, 12);
    expect(v[1]).toBeCloseTo((pmf(1, 2, 1) + pmf(1, 1, 2)) / Z, 12); // P(a <= 1) = P(a = 1)
    expect(v[2]).toBeCloseTo(0, 12);
    expect(v[3]).toBeCloseTo((pmf(1, 2, 1) + pmf(1, 1, 2)) / Z, 12);
    expect(v[4]).toBeCloseTo((pmf(1, 2, 1) + pmf(1, 1, 2)) / Z, 12); // b <= 2 given a = 1
    expect(v[5]).toBeCloseTo(pmf(1, 1, 2) / Z, 12);
    // row 2 (b absent): a and c present with 5 draws, so a in 1..4; b's step is fixed at 0
    const law = familyOf(r).sequential!;
    expect(law.fixed(r, 1, 0)).toBe(false);
    expect(law.fixed(r, 1, 1)).toBe(true);
    const w = stepValues(r, 1, l, 5);
    // a ~ Bin(5, 5/7) conditioned on 1 <= a <= 4
    const q = 0.5 / 0.7, bin5 = (k: number) => [1, 5, 10, 10, 5, 1][k] * q ** k * (1 - q) ** (5 - k);
    const Z2 = bin5(1) + bin5(2) + bin5(3) + bin5(4);
    expect(w[1]).toBeCloseTo((bin5(1) + bin5(2)) / Z2, 12);
    expect(w[2]).toBeCloseTo(bin5(1) / Z2, 12);
    expect(w[3]).toBeCloseTo(bin5(2) / Z2, 12); // P(a = 2): b's step is a point mass at 0
    expect(w[4]).toBeCloseTo(w[3], 12);
    expect(w[5]).toBe(0);
  });
});

/**
 * Every outcome of the support as the rows of one response; the family's own probabilities
 * (exp logLikelihood) summed give P(Y_<k = y_<k, Y_k <= c) for each row and step, which the
 * decomposition must reproduce (same zero pattern for ztmultinomial: its law is conditioned on it).
 */
function denseCheck(family: FamilyName, lhs: string, rows: Record<string, unknown>[], l: number[], group: (r: Response, u: number) => string = () => "") {
  const { r } = responseOf(family, lhs, rows);
  const def = familyOf(r);
  const law = def.sequential!;
  const n = rows.length;
  const prob = Array.from({ length: n }, (_, u) => Math.exp(def.logLikelihood(r, u, l, [])));
  const groups = new Map<string, number[]>();
  for (let u = 0; u < n; u++) groups.set(group(r, u), [...(groups.get(group(r, u)) ?? []), u]);
  for (const members of groups.values()) expect(members.reduce((s, u) => s + prob[u], 0)).toBeCloseTo(1, 12);
  let checked = 0;
  for (let u = 0; u < n; u++) {
    const y = stepsOf(r, u);
    const nSteps = law.steps(r, Array.from({ length: r.nTraits }, (_, j) => `t${j}`)).length;
    // K-1 steps for K categories (the last count is n less the others); J for ztmbJ
    expect(nSteps).toBe(r.nTraits);
    const v = stepValues(r, u, l, r.trials?.[u] ?? 1);
    for (let k = 0; k < nSteps; k++) {
      let P = 0, A = 0, B = 0;
      for (const z of groups.get(group(r, u))!) {
        const yz = stepsOf(r, z);
        if (!y.slice(0, k).every((x, i) => x === yz[i])) continue;
        P += prob[z];
        if (yz[k] <= y[k]) A += prob[z];
        if (yz[k] < y[k]) B += prob[z];
      }
      expect(v[3 * k]).toBeCloseTo(P, 12);
      expect(v[3 * k + 1]).toBeCloseTo(A, 12);
      expect(v[3 * k + 2]).toBeCloseTo(B, 12);
      // a fixed step is a point mass given the earlier ones
      if (law.fixed(r, u, k)) {
        expect(A).toBeCloseTo(P, 12);
        expect(B).toBeCloseTo(0, 12);
      }
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
}

function compositions(n: number, K: number, min: number): number[][] {
  if (K === 1) return n >= min ? [[n]] : [];
  const out: number[][] = [];
  for (let a = min; a <= n; a++) for (const rest of compositions(n - a, K - 1, min)) out.push([a, ...rest]);
  return out;
}

describe("decompositions against dense enumeration of the family's own likelihood", () => {
  it("multinomial4 with n = 4", () => {
    const rows = compositions(4, 4, 0).map(([a, b, c, d]) => ({ a, b, c, d }));
    denseCheck("multinomial4", "cbind(a, b, c, d)", rows, [0.4, -0.7, 1.1]);
  });

  it("multinomial3 with n = 45 (the incomplete-beta path beyond 40 trials)", () => {
    const rows = compositions(45, 3, 0).map(([a, b, c]) => ({ a, b, c }));
    denseCheck("multinomial3", "cbind(a, b, c)", rows, [0.4, -0.7]);
  });

  it("categorical with 4 levels", () => {
    denseCheck("categorical", "y", ["p", "q", "r", "s"].map((y) => ({ y })), [0.4, -0.7, 1.1]);
  });

  it("ztmb3 (all 7 outcomes with at least one 1)", () => {
    const rows = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]].map(([a, b, c]) => ({ a, b, c }));
    denseCheck("ztmb3", "cbind(a, b, c)", rows, [-2, 0.5, -1.5]);
  });

  it("ztmultinomial4 with n = 6, every zero pattern (the law conditioned on each)", () => {
    const rows = compositions(6, 4, 0).filter((y) => y.some((v) => v > 0)).map(([a, b, c, d]) => ({ a, b, c, d }));
    const pattern = (r: Response, u: number) => r.counts!.map((c) => (c[u] > 0 ? 1 : 0)).join("");
    denseCheck("ztmultinomial4", "cbind(a, b, c, d)", rows, [0.4, -1.7, 1.1], pattern);
  });
});
