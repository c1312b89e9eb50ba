// A chain restored from a checkpoint continues bit for bit as the uninterrupted chain: the
// checkpoint holds the chain state, every kernel's tuned proposal state and the random stream.
// Checked for models that exercise every kernel with carried state (scale and shear moves,
// collapsed single, nested and per-trait (M11) variance moves, joint fixed/level/variance moves, nested moves,
// the random-walk latent kernel, cutpoints), with checkpoints inside burn-in (while proposals
// adapt) and after it, each through the on-disk encoding.

import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain, type ChainRecorder } from "../../src/samplers/run/chain.js";
import type { ChainCheckpoint } from "../../src/samplers/run/checkpoint.js";
import { decodeExactJson, encodeExactJson } from "../../src/io/checkpoint-file.js";
import type { LatentKernelChoice, ModelSpec, DataFrame } from "../../src/models/types.js";
import type { Relationship } from "../../src/models/structures/build-term.js";
import { frameFromRows } from "../../src/models/frame.js";
import { loadReference } from "../helpers/reference.js";

const NITT = 300, BURNIN = 100;

function ordinalCase(family: "ordinal" | "threshold"): { spec: ModelSpec; data: DataFrame } {
  const rows = Array.from({ length: 90 }, (_, i) => {
    const g = i % 9;
    const z = Math.sin(i * 1.7) * 1.3 + (g - 4) * 0.25;
    return { y: String(z < -0.7 ? 1 : z < 0 ? 2 : z < 0.7 ? 3 : 4), x: Math.cos(i), g: `g${g}` };
  });
  const spec: ModelSpec = { fixed: "y ~ x", random: "~g", family, columns: { y: "factor", g: "factor" }, prior: { R: { V: 1, fix: 1 }, G: { G1: { V: 1, nu: 1 } } } };
  return { spec, data: frameFromRows(rows, spec.columns) };
}

function cases(): { name: string; spec: ModelSpec; data: DataFrame; relationships: Record<string, Relationship>; latent?: LatentKernelChoice }[] {
  const out = ["M2_PlodiaPO", "M3_cbpp", "M4_grouseticks", "M5_Contraception", "M7_BTdata", "M9_SShorns", "M11_Salamanders_hurdle"].map((name) => {
    const ref = loadReference(name);
    return { name, spec: ref.spec, data: ref.data, relationships: ref.relationships };
  });
  const m5 = out[3];
  out.push({ ...m5, name: "M5 with the random-walk latent kernel", latent: "mh" } as (typeof out)[number]);
  for (const family of ["ordinal", "threshold"] as const) out.push({ name: `${family} with cutpoints`, ...ordinalCase(family), relationships: {} });
  return out;
}

function run(chain: Chain): { draws: Float64Array[]; deviance: Float64Array } {
  const seg = chain.run(NITT, BURNIN, 1, true);
  expect(seg.failure).toBeUndefined();
  return { draws: seg.draws, deviance: seg.deviance };
}

describe("checkpoint and restore", () => {
  for (const c of cases()) {
    it(`continues bit for bit: ${c.name}`, () => {
      const model = buildModel(c.spec, c.data, { ginverse: c.relationships });
      const prior = resolvePrior(model, c.spec.prior);
      const checkpoints: ChainCheckpoint[] = [];
      const recorder: ChainRecorder = { append() {}, checkpoint: (cp) => checkpoints.push(decodeExactJson(encodeExactJson(cp))) };
      const options = { seed: 7, chain: 1, ...(c.latent ? { latent: c.latent } : {}) };
      const whole = run(new Chain(model, prior, { ...options, recorder, checkpointEvery: 60 }));
      // checkpoints at 60, 120, ..., 300: 60 is inside burn-in, 180 after it
      expect(checkpoints.map((cp) => cp.segment.done)).toEqual([60, 120, 180, 240, 300]);
      expect(checkpoints[0].kernels.some((k) => k !== null)).toBe(true);
      for (const cp of [checkpoints[0], checkpoints[2]]) {
        const resumed = new Chain(model, prior, options);
        resumed.restore(cp);
        const rest = run(resumed);
        const from = cp.segment.saved;
        expect(rest.draws.length).toBe(whole.draws.length);
        rest.draws.forEach((d, p) => expect(Array.from(d)).toEqual(Array.from(whole.draws[p].subarray(from))));
        expect(Array.from(rest.deviance)).toEqual(Array.from(whole.deviance.subarray(from)));
      }
    });
  }
});
