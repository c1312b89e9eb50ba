// A numerical failure mid-run (a coefficient matrix that stops being positive-definite) is
// reported with its chain, iteration and component, and the draws made before it are kept.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { cscFromTriplets } from "../../src/linalg/index.js";

describe("numerical failure during sampling", () => {
  it("names the iteration and component and keeps the draws so far", async () => {
    // An indefinite "inverse relationship" matrix over levels a, b (b has no data): the
    // mixed-model equations stay positive-definite only while the group variance is large.
    const rows = Array.from({ length: 40 }, (_, i) => ({ y: Math.sin(i) + (i % 2), group: i % 2 === 0 ? "a" : "c" }));
    const Ainv = cscFromTriplets(3, 3, [0, 1, 0, 1, 2], [0, 0, 1, 1, 2], [1, 1.2, 1.2, 1, 1]);
    const result = await fit(
      { fixed: "y ~ 1", random: "~group", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } } },
      rows,
      { nitt: 20000, burnin: 0, thin: 1, chains: 1, threads: 1, seed: 4, relationships: { group: { levels: ["a", "b", "c"], Ainv } } },
    );
    expect(result.failures.length).toBe(1);
    const failure = result.failures[0];
    expect(failure.chain).toBe(0);
    expect(failure.iteration).toBeGreaterThan(1);
    expect(failure.component).toMatch(/location effects|G structure group/);
    expect(failure.message).toMatch(/positive-definite/);
    expect(result.complete).toBe(false);
    const kept = result.draws["(Intercept)"][0].length;
    expect(kept).toBe(failure.iteration - 1);
    const s = result.summary();
    expect(s.warnings.some((w) => w.includes(`chain 1 failed at iteration ${failure.iteration}`))).toBe(true);
    expect(Number.isFinite(s.fixed[0].mean)).toBe(true);
  });
});
