// summary.sampler: each Metropolis-Hastings update's acceptance over the post-burn-in steps of all
// chains. Step counts are exact: one cutpoint proposal per iteration, one random-walk proposal
// per observed unit per iteration.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { createStream } from "../../src/random/index.js";

describe("summary.sampler", () => {
  const rng = createStream(8, 0);
  const rows = Array.from({ length: 80 }, () => {
    const x = rng.normal();
    const l = 0.8 * x + rng.normal();
    return { x, y: l < -0.5 ? "a" : l < 0.3 ? "b" : l < 1 ? "c" : "d" };
  });
  const data = frameFromRows(rows);

  it("counts post-burn-in proposals of the cutpoint and random-walk latent kernels exactly", async () => {
    const spec = { fixed: "y ~ x", family: "ordinal" as const, latent: "mh" as const, prior: { R: { V: 1, fix: 1 } } };
    const result = await fit(spec, data, { nitt: 700, burnin: 200, thin: 5, chains: 2, threads: 1, seed: 1 });
    const sampler = result.summary().sampler ?? [];
    const byKernel = new Map(sampler.map((s) => [s.kernel, s]));
    expect(byKernel.get("cutpoints of y")?.steps).toBe(2 * 500);
    expect(byKernel.get("latent variables of y")?.steps).toBe(2 * 500 * 80);
    for (const s of sampler) {
      expect(s.acceptance).toBeGreaterThan(0.05);
      expect(s.acceptance).toBeLessThan(1);
    }
  });

  it("lists the joint moves of a Poisson model as kernels of their own", async () => {
    const counts = frameFromRows(rows.map((r, i) => ({ x: r.x, g: `g${i % 8}`, n: Math.round(Math.exp(0.5 + 0.3 * r.x)) })));
    const result = await fit({ fixed: "n ~ x", random: "~g", family: "poisson", prior: { G: { G1: { V: 1, nu: 1 } }, R: { V: 1, nu: 1 } } }, counts, { nitt: 400, burnin: 100, thin: 2, chains: 1, threads: 1, seed: 2 });
    const kernels = (result.summary().sampler ?? []).map((s) => s.kernel);
    expect(kernels).toContain("joint move: fixed effects with latent variables");
    expect(kernels).toContain("joint move: random-effect levels with latent variables");
    expect(kernels).toContain("joint move: R structure units scaling with latent variables");
  });
});
