// The conjugate-gradient draw's product C x split as C_rest + G^-1 (x) F F' (split-product.ts,
// with the compact pedigree pass of pedigree-root-product.ts) equals the product with C
// assembled from A^-1 itself (mme.ts, C's upper triangle), on pedigrees with inbreeding and with
// one parent unknown, for 1, 2 and 3 traits (the k = 2 pass is unrolled, the others general).

import { describe, expect, it } from "vitest";
import { pedigreeCsv, simulateS4 } from "../../bench/simulate-s4.js";
import { fillAssembly } from "../../src/linalg/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import type { ModelSpec } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { buildMixedModelEquations, fillCoefficients } from "../../src/samplers/kernels/location/mme.js";
import { buildSplitProduct, upperTimes } from "../../src/samplers/kernels/location/split-product.js";
import { buildPedigreeRootProduct } from "../../src/samplers/kernels/location/pedigree-root-product.js";
import { buildBlockJacobi, preconditionerBlocks } from "../../src/samplers/kernels/location/block-jacobi.js";
import { buildCoarseCorrection, coarseGroups } from "../../src/samplers/kernels/location/coarse-correction.js";

const sim = simulateS4(250, 7);
// every 7th animal loses its dam: columns of the root with one parent
const halfKnown = { ...sim, pedigree: { ...sim.pedigree, dam: sim.pedigree.dam.map((d, i) => (i % 7 === 3 ? null : d)) } };
const rows = sim.rows.map((r) => ({ ...r, y3: r.y1 - 0.5 * r.y2 }));

const identity = (k: number) => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
function spec(k: number): ModelSpec {
  const ys = ["y1", "y2", "y3"].slice(0, k);
  const prior = { R: { V: identity(k), nu: k + 0.002 }, G: { G1: { V: identity(k), nu: k + 0.002 } } };
  return (k === 1
    ? { fixed: "y1 ~ sex", random: "~animal", family: ["gaussian"], prior }
    : { fixed: `cbind(${ys.join(", ")}) ~ trait - 1 + trait:sex`, random: "~us(trait):animal", rcov: "~us(trait):units", family: ys.map(() => "gaussian"), prior }) as unknown as ModelSpec;
}

/** A k x k SPD matrix, row-major, different for each seed. */
function spd(k: number, seed: number): Float64Array {
  const M = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) M[i * k + j] = (i === j ? 1.5 + 0.3 * i : 0) + 0.2 * Math.sin(seed + i + 2 * j) * (i === j ? 0 : 1);
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) M[i * k + j] = M[j * k + i];
  return M;
}

describe("split product C x = C_rest x + (G^-1 (x) F F') x", () => {
  it.each([
    ["S4-like, 2 traits, inbred pedigree", sim, 2],
    ["2 traits, some dams unknown", halfKnown, 2],
    ["1 trait", sim, 1],
    ["3 traits", halfKnown, 3],
  ] as const)("%s: equals the product with C assembled from A^-1 (compact and CSC root passes)", (_, data, k) => {
    const { Ainv, AinvRoot, ids } = inverseA(parsePedigree(pedigreeCsv(data)));
    const model = buildModel(spec(k), frameFromRows(rows), { ginverse: { animal: { levels: ids, Ainv, AinvRoot } } });
    const prior = resolvePrior(model, spec(k).prior);
    const mme = buildMixedModelEquations(model, prior);
    const gInv = [spd(k, 1)], rInv = [spd(k, 2)];
    const coefficients = new Float64Array(mme.sources.length);
    fillCoefficients(mme, model, rInv, gInv, coefficients);
    const values = new Float64Array(mme.plan.pattern.colPtr[mme.size]);
    fillAssembly(mme.plan, coefficients, values);
    const C = { ...mme.plan.pattern, values };
    const x = Float64Array.from({ length: mme.size }, (_, i) => Math.sin(1 + 3 * i));
    const expected = new Float64Array(mme.size);
    const quadraticOut = new Float64Array(1);
    upperTimes(C, x, expected, quadraticOut);
    const quadraticC = quadraticOut[0];
    const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale).toBeGreaterThan(1);
    expect(buildPedigreeRootProduct(AinvRoot, new Int32Array(k))).toBeDefined(); // the compact form is recognised
    for (const compactPedigree of [true, false]) {
      const split = buildSplitProduct(model, mme, { compactPedigree })!;
      expect(split.rootedTerms).toBe(1);
      expect(split.rest.values.length).toBeLessThan(values.length); // A^-1 left out of C_rest
      split.refresh(coefficients, gInv);
      const y = new Float64Array(mme.size).fill(Number.NaN); // every entry must be written
      split.times(x, y, quadraticOut);
      split.times(x, y, quadraticOut); // a second product: the compact pass's scratch is left clean
      const quadratic = quadraticOut[0];
      let worst = 0;
      for (let i = 0; i < mme.size; i++) worst = Math.max(worst, Math.abs(y[i] - expected[i]));
      expect(worst / scale).toBeLessThan(1e-13);
      // both return x'Cx on the way (CG's p'Cp)
      const xy = x.reduce((acc, v, i) => acc + v * expected[i], 0);
      expect(xy).toBeGreaterThan(0);
      expect(Math.abs(quadraticC - xy) / xy).toBeLessThan(1e-12);
      expect(Math.abs(quadratic - xy) / xy).toBeLessThan(1e-12);
      // the preconditioner from C_rest plus the priors' diagonals (G^-1 a_ii, G^-1 1'A^-1 1) is the one from C
      const blocks = preconditionerBlocks(model, mme.nFixed, mme.size), groups = coarseGroups(model, mme.nFixed, mme.size)!;
      const fromC = buildBlockJacobi(C, blocks), fromSplit = buildBlockJacobi(split.rest, blocks, split.priors);
      const coarseC = buildCoarseCorrection(C, groups.group, groups.count);
      const coarseSplit = buildCoarseCorrection(split.rest, groups.group, groups.count, split.priors.map((t) => ({ groups: Int32Array.from(t.offsets, (o) => groups.group[o]), total: t.total })));
      fromC.refresh(values);
      coarseC.refresh(values);
      fromSplit.refresh(split.rest.values, split.gInv);
      coarseSplit.refresh(split.rest.values, split.gInv);
      const zC = new Float64Array(mme.size), zSplit = new Float64Array(mme.size);
      fromC.apply(x, zC);
      coarseC.addTo(x, zC);
      fromSplit.apply(x, zSplit);
      coarseSplit.addTo(x, zSplit);
      const zScale = zC.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      let zWorst = 0;
      for (let i = 0; i < mme.size; i++) zWorst = Math.max(zWorst, Math.abs(zC[i] - zSplit[i]));
      expect(zScale).toBeGreaterThan(0.1);
      expect(zWorst / zScale).toBeLessThan(1e-11);
    }
  });

  it("is not built without a root (a ginverse alone): the kernel then multiplies by C's upper triangle", () => {
    const { Ainv, ids } = inverseA(parsePedigree(pedigreeCsv(sim)));
    const model = buildModel(spec(2), frameFromRows(rows), { ginverse: { animal: { levels: ids, Ainv } } });
    expect(buildSplitProduct(model, buildMixedModelEquations(model, resolvePrior(model, spec(2).prior)))).toBeUndefined();
  });

  it("rejects a root not in a pedigree's form (the CSC pass is used instead)", () => {
    const { AinvRoot } = inverseA(parsePedigree(pedigreeCsv(sim)));
    const values = Float64Array.from(AinvRoot.values);
    const j = Array.from({ length: AinvRoot.ncol }, (_, c) => c).find((c) => AinvRoot.colPtr[c + 1] - AinvRoot.colPtr[c] > 1)!;
    values[AinvRoot.colPtr[j]] *= 1.0001; // a parent's entry no longer -1/2 of its column's diagonal
    expect(buildPedigreeRootProduct({ ...AinvRoot, values }, Int32Array.of(0, AinvRoot.ncol))).toBeUndefined();
  });
});
