// Priors checked against the model before sampling: typed errors naming the prior at fault, and
// MCMCglmm's defaults and improper priors accepted with a warning.

import { describe, expect, it } from "vitest";
import { PriorError, ModelSpecError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { resolveSettings } from "../../src/settings.js";
import { loadReference } from "../helpers/reference.js";

const m1 = loadReference("M1_sleepstudy");
const model = buildModel(m1.spec, m1.data);

describe("prior validation", () => {
  it("names a G prior whose V does not match its structure", () => {
    expect(() => resolvePrior(model, { G: { G1: { V: 1, nu: 2 } }, R: { V: 1, nu: 0.002 } })).not.toThrow(); // scalar V = V * I
    expect(() => resolvePrior(model, { G: { G1: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 2 } } })).toThrow(
      /G\.G1: V \(for us\(1\+Days\):Subject.*2 \(co\)variance dimensions\) has 3 rows, expected 2/,
    );
  });

  it("rejects a V that is not symmetric positive-definite", () => {
    expect(() => resolvePrior(model, { G: { G1: { V: [[1, 2], [2, 1]], nu: 2 } } })).toThrow(new PriorError("G.G1: V is not positive-definite"));
    expect(() => resolvePrior(model, { G: { G1: { V: [[1, 0.5], [0, 1]], nu: 2 } } })).toThrow(/G\.G1: V is not symmetric/);
    expect(() => resolvePrior(model, { R: { V: -1, nu: 1 } })).toThrow(/^R: V is not positive-definite/);
  });

  it("rejects a negative nu and names the prior", () => {
    expect(() => resolvePrior(model, { R: { V: 1, nu: -0.5 } })).toThrow(new PriorError("R: nu must be >= 0, got -0.5"));
  });

  it("rejects fix pointing past the structure and a G list of the wrong length", () => {
    expect(() => resolvePrior(model, { R: { V: 1, fix: 2 } })).toThrow(/R: fix = 2 points outside the 1 x 1 structure/);
    expect(() => resolvePrior(model, { G: { G1: { V: 1, nu: 1 }, G2: { V: 1, nu: 1 } } })).toThrow(/prior G has 2 element\(s\).*1 random term/);
  });

  it("rejects a B prior of the wrong size", () => {
    expect(() => resolvePrior(model, { B: { mu: [0, 0, 0], V: 1e10 } })).toThrow(/prior B: mu has length 3 but the model has 2 fixed effects/);
  });

  it("accepts MCMCglmm's improper nu = 0 with a warning", () => {
    const prior = resolvePrior(model, { G: { G1: { V: [[1, 0], [0, 1]], nu: 0 } }, R: { V: 1, nu: 0 } });
    expect(prior.warnings.some((w) => /G\.G1: nu = 0 is an improper prior/.test(w))).toBe(true);
    expect(prior.G[0].nu).toBe(0);
  });

  it("uses MCMCglmm's defaults when no prior is given: B = N(0, 1e10 I), V = I, nu = 0", () => {
    const prior = resolvePrior(model, undefined);
    expect(Array.from(prior.B.precision)).toEqual([1e-10, 0, 0, 1e-10]);
    expect(Array.from(prior.G[0].V)).toEqual([1, 0, 0, 1]);
    expect(prior.R[0].nu).toBe(0);
    expect(prior.warnings.length).toBe(2);
  });

  it("fit rejects bad priors and settings before sampling", async () => {
    await expect(fit({ ...m1.spec, prior: { R: { V: 1, nu: -1 } } }, m1.data, { nitt: 10, burnin: 0, thin: 1 })).rejects.toThrow(PriorError);
    expect(() => resolveSettings(m1.spec, { thin: 0 })).toThrow(new ModelSpecError("thin must be an integer >= 1, got 0"));
    expect(() => resolveSettings(m1.spec, { burnin: -1 })).toThrow(/burnin must be an integer >= 0/);
    expect(() => resolveSettings(m1.spec, { nitt: 100, burnin: 10, thin: 200 })).toThrow(/thin \(200\) is larger than nitt - burnin \(90\)/);
  });
});
