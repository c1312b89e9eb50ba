// Residual scaling joint moves beyond one trait (moves/joint-variance-scaling.ts): a two-part
// family's idh(trait):units residual gets one move for its free count-trait variance and none for
// the variance fixed by the prior (fix = 2), and the move is tuned to a working acceptance rate.
// Its target is checked by the M11 reference comparison and the hupoisson SBC slice.

import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";
import { fit } from "../../src/index.js";
import { loadReference } from "../helpers/reference.js";

const MOVE = "joint move: R structure idh(trait):units traitcount.units scaling with latent variables";

describe("residual scaling of one trait of several", () => {
  const ref = loadReference("M11_Salamanders_hurdle");

  it("is built for the free variance only", () => {
    const model = buildModel(ref.spec, ref.data);
    const names = new Chain(model, resolvePrior(model, ref.spec.prior), { seed: 1, chain: 0 }).kernelNames();
    expect(names).toContain(MOVE);
    expect(names.filter((name) => name.startsWith("joint move: R structure"))).toEqual([MOVE]);
  });

  it("accepts at a working rate after burn-in", async () => {
    const result = await fit(ref.spec, ref.data, { nitt: 1500, burnin: 500, thin: 1, chains: 1, threads: 1, seed: 3 });
    const stat = result.summary().sampler?.find((s: { kernel: string }) => s.kernel === MOVE);
    expect(stat).toBeDefined();
    // RESIDUAL_SCALINGS_PER_SWEEP (3) proposals per sweep
    expect(stat!.steps).toBe(3000);
    expect(stat!.acceptance).toBeGreaterThan(0.25);
    expect(stat!.acceptance).toBeLessThan(0.65);
  }, 60_000);
});
