// The sweep is the one map of a chain: every kernel, joint moves included, in the order a chain
// runs them, built from the resolved Prior.

import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/models/model.js";
import { frameFromRows } from "../../src/models/frame.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { buildSweep } from "../../src/samplers/sweep.js";

describe("buildSweep", () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({ n: (i * 7) % 5, x: Math.sin(i), g: `g${i % 4}` }));
  const data = frameFromRows(rows);

  it("lists a Poisson mixed model's kernels, joint moves included, in order", () => {
    const model = buildModel({ fixed: "n ~ x", random: "~g", family: "poisson" }, data);
    const prior = resolvePrior(model, { G: { G1: { V: 1, nu: 1 } }, R: { V: 1, nu: 1 } });
    expect(buildSweep(model, prior, {}).map((k) => k.name)).toEqual([
      "G structure g (collapsed)",
      "location effects",
      "G structure g",
      "G structure g (transformation move)",
      "R structure units",
      "latent variables",
      "joint moves: log-likelihood cache",
      "joint move: fixed effects with latent variables",
      "joint move: random-effect levels with latent variables",
      "joint move: G structure g scaling with latent variables",
      "joint move: R structure units scaling with latent variables",
    ]);
  });

  it("runs MCMCglmm's scheme alone with the mh latent kernel (no joint moves)", () => {
    const model = buildModel({ fixed: "n ~ x", family: "poisson", rcov: "~idh(g):units" }, data);
    const prior = resolvePrior(model, { R: { V: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], nu: 1 } });
    expect(buildSweep(model, prior, { latent: "mh" }).map((k) => k.name)).toEqual(["location effects", "R structure idh(g):units", "latent variables"]);
  });

  it("builds the collapsed move only before a joint location draw; asked for with block Gibbs, a typed error", () => {
    const model = buildModel({ fixed: "n ~ x", random: "~g", family: "poisson" }, data);
    const prior = resolvePrior(model, { G: { G1: { V: 1, nu: 1 } }, R: { V: 1, nu: 1 } });
    const names = (location: "cholesky" | "pcg" | "gibbs" | "crossed") => buildSweep(model, prior, { location }).map((k) => k.name);
    expect(names("cholesky")).toContain("G structure g (collapsed)");
    expect(names("pcg")).toContain("G structure g (collapsed)");
    // one random term: the per-factor draw is the joint draw of every effect
    expect(names("crossed")).toContain("G structure g (collapsed)");
    expect(names("gibbs")).not.toContain("G structure g (collapsed)");
    expect(() => buildSweep(model, prior, { location: "gibbs", collapsedMoves: true })).toThrow(/collapsedMoves needs a location sampler that draws all location effects jointly/);
  });
});
