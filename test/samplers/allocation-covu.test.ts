// The covu model's sweep (the W(beta) refill in the location step and the joint kernel) allocates
// nothing per iteration, as allocation.test.ts checks for the usual structures.

import { describe, expect, it } from "vitest";
import { heapGrowthPerIteration } from "../helpers/allocation.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";

describe("per-iteration allocation with covu", { retry: 2 }, () => {
  it("is nil for us(trait):g + us(at.level(trait, 2)):units joined with us(trait):units", () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ a: Math.sin(i), b: i % 7 === 0 ? null : Math.cos(1.3 * i), g: `g${i % 20}` }));
    const prior = { R: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 4, covu: true }, G: { G1: { V: [[1, 0], [0, 1]], nu: 2 } } };
    const model = buildModel({ fixed: "cbind(a, b) ~ trait - 1", random: "~us(trait):g + us(at.level(trait, 2)):units", rcov: "~us(trait):units", family: "gaussian", prior }, frameFromRows(rows as never));
    const chain = new Chain(model, resolvePrior(model, prior), { seed: 1, chain: 0 });
    const rowArray = model.nUnits * model.nTraits * 8;
    expect(heapGrowthPerIteration(chain, 500)).toBeLessThan(rowArray / 3);
  });
});
