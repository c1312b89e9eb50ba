// The data of bench/scale.ts: 100,000 rows with crossed random intercepts of 2,000 and 500 levels,
// one design for a Gaussian and a binary response (shared with bench/scale-profile.ts).

import { createStream } from "../src/random/index.js";

export const ROWS = 100_000, LEVELS1 = 2000, LEVELS2 = 500;

/** One design (levels, covariate, effects, residuals) for both responses, so they differ only in the link. */
export function simulateScaleData(rows = ROWS, levels1 = LEVELS1, levels2 = LEVELS2): { gaussian: Record<string, unknown>[]; binary: Record<string, unknown>[] } {
  const rng = createStream(5, 0);
  const a = Float64Array.from({ length: levels1 }, () => rng.normal()); // f1 variance 1
  const b = Float64Array.from({ length: levels2 }, () => 0.5 * rng.normal()); // f2 variance 0.25
  const gaussian: Record<string, unknown>[] = [], binary: Record<string, unknown>[] = [];
  for (let r = 0; r < rows; r++) {
    const i = Math.floor(rng.uniform() * levels1), j = Math.floor(rng.uniform() * levels2);
    const x = rng.normal();
    // eta carries the unit-level N(0, 1) residual that the binary model's fixed R = 1 assumes
    // (MCMCglmm's categorical family), so the true values are the model's parameters
    const eta = 1 + 0.5 * x + a[i] + b[j] + rng.normal();
    const f1 = `a${i}`, f2 = `b${j}`;
    gaussian.push({ y: eta, x, f1, f2 });
    binary.push({ y: rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0, x, f1, f2 });
  }
  return { gaussian, binary };
}


/** SCALE_ROWS=10000 SCALE_LEVELS=200,50: a smaller design of the same kind (where samplers cross over). */
export function sizeFromEnv(): [number, number, number] {
  const [l1, l2] = (process.env.SCALE_LEVELS ?? `${LEVELS1},${LEVELS2}`).split(",").map(Number);
  return [Number(process.env.SCALE_ROWS ?? ROWS), l1, l2];
}
