// The antedependence draw, a str(animal + dam) term on the pedigree and a multi-membership term
// allocate nothing per iteration either (as allocation.test.ts checks for the usual structures):
// the blue tit data with ~ante1(trait):fosternest + us(trait):str(animal + dam).

import { heapGrowthPerIteration } from "../helpers/allocation.js";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";
import { loadReference } from "../helpers/reference.js";



describe("per-iteration allocation with the new structures", { retry: 2 }, () => {
  it("is nil for ante1, us(trait):str(animal + dam) and mm", () => {
    const ref = loadReference("M7_BTdata");
    const spec = { ...ref.spec, random: "~ante1(trait):fosternest + us(trait):str(animal + dam) + mm(fosternest + dam)" };
    const model = buildModel(spec, ref.data, { ginverse: ref.relationships });
    const I2 = [[1, 0], [0, 1]], I4 = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    const prior = resolvePrior(model, { R: { V: I2, nu: 3 }, G: { G1: { V: I2, nu: 3, "beta.V": [[1]] }, G2: { V: I4, nu: 5 }, G3: { V: 1, nu: 1 } } });
    const chain = new Chain(model, prior, { seed: 1, chain: 0 });
    const rowArray = model.nUnits * model.nTraits * 8;
    expect(heapGrowthPerIteration(chain, 1000)).toBeLessThan(rowArray / 3);
  });
});
