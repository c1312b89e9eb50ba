// The sweep allocates no arrays or objects per iteration: after a warm-up, a few hundred
// iterations of a Gaussian multi-trait animal model (location, variances, transformation moves)
// and of a model with missing responses (latent imputation) grow the heap by far less than one
// model-sized array per iteration would (V8's boxed doubles across calls, a few hundred bytes,
// remain). Few enough iterations that no scavenge hides an allocation.

import { heapGrowthPerIteration } from "../helpers/allocation.js";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";
import { loadReference } from "../helpers/reference.js";



// JIT tiering is the one thing not under a seed's control: under a loaded machine the optimised
// code may be installed late, and baseline code boxes every double. Hence the long warm-ups, the
// least over repeats, and a retry.
describe("per-iteration allocation", { retry: 2 }, () => {
  it("is nil for the bivariate animal model", () => {
    const ref = loadReference("M7_BTdata");
    const model = buildModel(ref.spec, ref.data, { ginverse: ref.relationships });
    const chain = new Chain(model, resolvePrior(model, ref.spec.prior), { seed: 1, chain: 0 });
    const rowArray = model.nUnits * model.nTraits * 8;
    expect(heapGrowthPerIteration(chain, 1000)).toBeLessThan(rowArray / 3);
  });

  it("is nil with the marginal (co)variance move (M1: us(1 + Days):Subject)", () => {
    const ref = loadReference("M1_sleepstudy");
    const model = buildModel(ref.spec, ref.data);
    const chain = new Chain(model, resolvePrior(model, ref.spec.prior), { seed: 1, chain: 0 });
    expect(chain.kernelNames()).toContain("marginal (co)variance move");
    expect(heapGrowthPerIteration(chain, 5000)).toBeLessThan(model.nUnits * 8);
  });

  it.each(["~idh(sex):units", "~us(sex):units"])("is nil with a residual block per sex (%s; us augments missing coefficients)", (rcov) => {
    const ref = loadReference("M15_BTdata_hetres");
    const spec = { ...ref.spec, rcov };
    const model = buildModel(spec, ref.data);
    const chain = new Chain(model, resolvePrior(model, spec.prior), { seed: 1, chain: 0 });
    expect(heapGrowthPerIteration(chain, 2000)).toBeLessThan((model.nUnits * 8) / 3);
  });

  it("is nil with missing Gaussian responses imputed each iteration", () => {
    const ref = loadReference("M2_PlodiaPO");
    const rows = ref.data;
    const po = rows.columns.get("PO");
    if (!po || po.kind !== "numeric") throw new Error("PO must be numeric");
    const values = Float64Array.from(po.values);
    for (let i = 0; i < values.length; i += 7) values[i] = NaN;
    const columns = new Map(rows.columns);
    columns.set("PO", { ...po, values });
    const model = buildModel(ref.spec, { ...rows, columns });
    const chain = new Chain(model, resolvePrior(model, ref.spec.prior), { seed: 1, chain: 0 });
    expect(heapGrowthPerIteration(chain, 10000)).toBeLessThan(model.nUnits * 8);
  });
});
