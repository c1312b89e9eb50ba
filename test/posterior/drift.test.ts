// The drift warning: a chain wandering off towards -infinity is named; a stationary chain, even
// one far out on the link scale or slowly mixing, is not.

import { describe, expect, it } from "vitest";
import { driftWarnings } from "../../src/posterior/drift.js";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { rPoisson } from "../../src/random/distributions.js";
import { createStream } from "../../src/random/index.js";

function chain(n: number, f: (i: number, z: number) => number, seed: number): Float64Array {
  const rng = createStream(seed, 0);
  return Float64Array.from({ length: n }, (_, i) => f(i, rng.normal()));
}

describe("driftWarnings", () => {
  it("names a zero-part intercept whose chain drifts to minus infinity", () => {
    // a random walk with negative drift, as a flat-prior logit intercept with no zeros does
    let x = 0;
    const drifting = chain(400, (_i, z) => (x += -0.05 + 0.2 * z), 1);
    const fine = chain(400, (_i, z) => 0.5 + 0.1 * z, 2);
    const draws = { names: ["traitzi_count", "traitcount"], chains: [[drifting, fine], [fine, fine]] };
    const w = driftWarnings(draws, ["traitzi_count", "traitcount"]);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('"traitzi_count"');
    expect(w[0]).toContain("chain 1");
    expect(w[0]).toContain("prior");
  });

  it("leaves stationary chains alone, far out on the link scale or autocorrelated", () => {
    let ar = -9;
    const farOut = chain(400, (_i, z) => -9 + 0.3 * z, 3);
    const slow = chain(400, (_i, z) => (ar = -9 + 0.99 * (ar + 9) + 0.1 * z), 4);
    const draws = { names: ["a", "b"], chains: [[farOut, slow]] };
    expect(driftWarnings(draws, ["a", "b"])).toEqual([]);
  });
});

describe("drift warning on a fit", () => {
  // Poisson counts with mean 6 and no zeros: the zero-inflation intercept's posterior is
  // improper under the default flat prior (the likelihood is flat as p -> 0).
  const rng = createStream(3, 0);
  const rows = Array.from({ length: 120 }, () => ({ y: 1 + rPoisson(rng, 5) }));
  const spec = (B?: { mu: number; V: number[][] }) => ({
    fixed: "y ~ trait - 1",
    rcov: "~idh(trait):units",
    family: "zipoisson" as const,
    prior: { R: { V: [[1, 0], [0, 1]], nu: 0.002, fix: 2 }, ...(B ? { B } : {}) },
  });

  it("names the zero-part intercept under a flat prior and suggests a proper one", async () => {
    const f = await fit(spec(), frameFromRows(rows), { nitt: 1500, burnin: 300, thin: 3, chains: 1, threads: 1, seed: 1 });
    const w = f.summary().warnings.filter((x) => x.includes("drifts off"));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('"traitzi_y"');
    expect(w[0]).toContain("proper prior");
  });

  it("stays quiet with a proper prior on it", async () => {
    const B = { mu: 0, V: [[1e10, 0], [0, 1 + Math.PI ** 2 / 3]] };
    const f = await fit(spec(B), frameFromRows(rows), { nitt: 1500, burnin: 300, thin: 3, chains: 1, threads: 1, seed: 1 });
    expect(f.summary().warnings.filter((x) => x.includes("drifts off"))).toEqual([]);
  });
});
