// A numerical failure mid-run (a coefficient matrix that stops being positive-definite) is
// reported with its chain, iteration and component, and the draws made before it are kept.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { cscFromTriplets } from "../../src/linalg/index.js";

describe("numerical failure during sampling", () => {
  it("names the iteration and component and keeps the draws so far", async () => {
    // An indefinite "inverse relationship" matrix over levels a, b (b has no data): the
    // mixed-model equations stay positive-definite only while the group variance is large.
    const means: Record<string, number> = { a: 0, c: 1, d: -1 };
    const groups = ["a", "c", "d"];
    const rows = Array.from({ length: 60 }, (_, i) => ({ y: means[groups[i % 3]] + 0.5 * Math.sin(i * 1.3), group: groups[i % 3] }));
    const Ainv = cscFromTriplets(4, 4, [0, 1, 0, 1, 2, 3], [0, 0, 1, 1, 2, 3], [1, 1.6, 1.6, 1, 1, 1]);
    const result = await fit(
      { fixed: "y ~ 1", random: "~group", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } } },
      rows,
      { nitt: 20000, burnin: 0, thin: 1, chains: 1, threads: 1, seed: 1, relationships: { group: { levels: ["a", "b", "c", "d"], Ainv } } },
    );
    expect(result.failures.length).toBe(1);
    const failure = result.failures[0];
    expect(failure.chain).toBe(0);
    expect(failure.iteration).toBeGreaterThan(10);
    // the indefinite A^-1 breaks the location draw, or (where the marginal move keeps C
    // positive-definite) the group variance's draw through a negative u' A^-1 u
    if (failure.component === "location effects") expect(failure.message).toMatch(/mixed-model equations not positive-definite at iteration \d+/);
    else {
      expect(failure.component).toBe("G.G1");
      expect(failure.message).toMatch(/full conditional has scale -?[\d.e+-]+ \(not positive\)/);
    }
    expect(result.complete).toBe(false);
    const kept = result.draws["(Intercept)"][0].length;
    expect(kept).toBe(failure.iteration - 1);
    const s = result.summary();
    expect(s.warnings.some((w) => w.includes(`chain 1 failed at iteration ${failure.iteration}`))).toBe(true);
    expect(Number.isFinite(s.fixed[0].mean)).toBe(true);
  });
});
