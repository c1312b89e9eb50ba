// A covu chain on long-format data (family = null: id-level residual blocks, several residual
// terms, dummy rows, absent grid cells) restored from a checkpoint continues bit for bit, through
// the on-disk encoding, as checkpoint.test.ts checks for the other kernels.

import { describe, expect, it } from "vitest";
import { decodeExactJson, encodeExactJson } from "../../src/io/checkpoint-file.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain, type ChainRecorder } from "../../src/samplers/run/chain.js";
import type { ChainCheckpoint } from "../../src/samplers/run/checkpoint.js";
import { simulateCovuLong } from "../helpers/simulate-covu-long.js";

describe("checkpoint and restore with covu on long data", () => {
  it("continues bit for bit, from inside burn-in and after it", () => {
    const rows = simulateCovuLong(40, 3, { mu: [1, 2], Sigma: [1, 0.6, 1.5], s2: 0.5 }, 8, 5);
    const prior = { R: { R1: { V: [[1, 0], [0, 1]], nu: 3, covu: true }, R2: { V: 1, nu: 0.002 } } };
    const spec = { fixed: "y ~ trait - 1", random: "~us(at.level(trait, 1)):id", rcov: "~us(at.level(trait, 2)):id + idh(at.level(trait, 1)):units", family: null, prior } as ModelSpec;
    const model = buildModel(spec, frameFromRows(rows as never));
    const resolved = resolvePrior(model, prior);
    const checkpoints: ChainCheckpoint[] = [];
    const recorder: ChainRecorder = { append() {}, checkpoint: (cp) => checkpoints.push(decodeExactJson(encodeExactJson(cp))) };
    const run = (chain: Chain) => {
      const seg = chain.run(300, 100, 1, true);
      expect(seg.failure).toBeUndefined();
      return seg;
    };
    const whole = run(new Chain(model, resolved, { seed: 7, chain: 1, recorder, checkpointEvery: 60 }));
    expect(checkpoints.map((cp) => cp.segment.done)).toEqual([60, 120, 180, 240, 300]);
    for (const cp of [checkpoints[0], checkpoints[2]]) {
      const resumed = new Chain(model, resolved, { seed: 7, chain: 1 });
      resumed.restore(cp);
      const rest = run(resumed);
      const from = cp.segment.saved;
      rest.draws.forEach((d, p) => expect(Array.from(d)).toEqual(Array.from(whole.draws[p].subarray(from))));
      expect(Array.from(rest.deviance)).toEqual(Array.from(whole.deviance.subarray(from)));
    }
  });
});
