// The covu sweep on long-format data (family = null: id-level residual blocks, several residual
// terms, absent grid cells) allocates nothing per iteration, as allocation-covu.test.ts checks on
// wide data.

import { describe, expect, it } from "vitest";
import { heapGrowthPerIteration } from "../helpers/allocation.js";
import { simulateCovuLong } from "../helpers/simulate-covu-long.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";

describe("per-iteration allocation with covu on long data", { retry: 2 }, () => {
  it("is nil for us(at.level(trait, 1)):id joined with us(at.level(trait, 2)):id, plus idh(at.level(trait, 1)):units", () => {
    const rows = simulateCovuLong(100, 3, { mu: [1, 2], Sigma: [1, 0.6, 1.5], s2: 0.5 }, 4);
    const prior = { R: { R1: { V: [[1, 0], [0, 1]], nu: 3, covu: true }, R2: { V: 1, nu: 0.002 } } };
    const spec = { fixed: "y ~ trait - 1", random: "~us(at.level(trait, 1)):id", rcov: "~us(at.level(trait, 2)):id + idh(at.level(trait, 1)):units", family: null, prior } as ModelSpec;
    const model = buildModel(spec, frameFromRows(rows as never));
    const chain = new Chain(model, resolvePrior(model, prior), { seed: 1, chain: 0 });
    const rowArray = model.nUnits * model.nTraits * 8;
    expect(heapGrowthPerIteration(chain, 500)).toBeLessThan(rowArray / 3);
  });
});
