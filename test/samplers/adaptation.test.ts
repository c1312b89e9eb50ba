// The Robbins-Monro tuning shared by every adaptive proposal: the step's size and sign, its
// diminishing gain, the clamp, and its fixed point at the target acceptance rate.

import { describe, expect, it } from "vitest";
import { robbinsMonroLogScale, robbinsMonroScale } from "../../src/samplers/kernels/adaptation.js";
import { createStream } from "../../src/random/index.js";

describe("Robbins-Monro adaptation", () => {
  it("moves the log scale by t^-0.6 (accepted - target), within its bounds", () => {
    expect(robbinsMonroLogScale(0, 1, true, 0.44, -8, 1)).toBeCloseTo(0.56, 15);
    expect(robbinsMonroLogScale(0, 32, false, 0.44, -8, 1)).toBeCloseTo(-0.44 * Math.pow(32, -0.6), 15);
    expect(robbinsMonroLogScale(0.9, 1, true, 0.44, -8, 1)).toBe(1);
    expect(robbinsMonroLogScale(-7.9, 1, false, 0.44, -8, 1)).toBe(-8);
    expect(robbinsMonroScale(2, 6, true, 0.44)).toBeCloseTo(2 * Math.exp(0.56 / 4), 15);
  });

  it("settles where the acceptance rate equals the target", () => {
    // a proposal accepted with probability exp(-x) for log scale x: the fixed point is x = -log(0.44)
    const rng = createStream(3, 0);
    let x = 0;
    for (let t = 1; t <= 200000; t++) x = robbinsMonroLogScale(x, t, rng.uniform() < Math.exp(-Math.max(x, 0)), 0.44, -8, 3);
    expect(x).toBeCloseTo(-Math.log(0.44), 1);
  });
});
