// A run in which no chain saved a draw is a NoDrawsError naming each chain's failure (iteration,
// component, message, what to do), not "draws: no chains given"; stopped in burn-in, it says so.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { cscFromTriplets } from "../../src/linalg/index.js";
import { NoDrawsError } from "../../src/samplers/run/failures.js";
import { createStopFlag } from "../../src/samplers/run/executor.js";
import { loadReference } from "../helpers/reference.js";
import { parseChainFlag } from "../../src/cli/run-output.js";
import { formatProgressLine } from "../../src/cli/progress.js";
import { ModelSpecError } from "../../src/errors.js";

describe("a run with no saved draw", () => {
  it("names every chain's failure and what to do (a ginverse that is not positive-definite)", async () => {
    // as in numerical-failure.test.ts: an indefinite "inverse relationship" matrix, here with a
    // burn-in longer than the chains survive
    const means: Record<string, number> = { a: 0, c: 1, d: -1 };
    const groups = ["a", "c", "d"];
    const rows = Array.from({ length: 60 }, (_, i) => ({ y: means[groups[i % 3]] + 0.5 * Math.sin(i * 1.3), group: groups[i % 3] }));
    const Ainv = cscFromTriplets(4, 4, [0, 1, 0, 1, 2, 3], [0, 0, 1, 1, 2, 3], [1, 1.6, 1.6, 1, 1, 1]);
    const run = fit(
      { fixed: "y ~ 1", random: "~group", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } } },
      rows,
      { nitt: 30000, burnin: 20000, thin: 1, chains: 2, threads: 1, seed: 1, relationships: { group: { levels: ["a", "b", "c", "d"], Ainv } } },
    );
    const err = await run.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NoDrawsError);
    const e = err as NoDrawsError;
    expect(e.stopped).toBe(false);
    expect(e.failures.map((f) => f.chain)).toEqual([0, 1]);
    expect(e.message).toMatch(/every chain failed before the first saved iteration/);
    // the indefinite A^-1 shows in the location draw or in the group variance's draw (u' A^-1 u < 0)
    expect(e.message).toMatch(/chain 1: iteration \d+, (location effects: mixed-model equations not positive-definite|G\.G1: .*not positive)/);
    expect(e.message).toMatch(/chain 2: iteration \d+, (location effects|G\.G1)/);
    expect(e.message).toMatch(/what to do: .*ginverse/);
    expect(e.message).not.toMatch(/no chains given/);
  });

  it("says the run was stopped during burn-in", async () => {
    const ref = loadReference("M2_PlodiaPO");
    const stopFlag = createStopFlag();
    Atomics.store(stopFlag, 0, 1);
    const err = await fit(ref.spec, ref.data, { nitt: 5000, burnin: 4000, chains: 2, threads: 1, stopFlag }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NoDrawsError);
    expect((err as NoDrawsError).stopped).toBe(true);
    expect((err as Error).message).toMatch(/no draws were saved: the run was interrupted at iteration \d+, during burn-in \(burnin = 4000\)/);
  });
});

describe("--chain", () => {
  it("takes K, SLURM_ARRAY_TASK_ID as K, JOB_COMPLETION_INDEX as K - 1, and refuses what does not exist", () => {
    expect(parseChainFlag("2", 4, {})).toBe(1);
    expect(parseChainFlag("auto", 4, { SLURM_ARRAY_TASK_ID: "4" })).toBe(3);
    expect(parseChainFlag("auto", 4, { JOB_COMPLETION_INDEX: "0" })).toBe(0);
    expect(() => parseChainFlag("5", 4, {})).toThrow(ModelSpecError);
    expect(() => parseChainFlag("auto", 4, { SLURM_ARRAY_TASK_ID: "0" })).toThrow(/chains 1 to 4/);
    expect(() => parseChainFlag("auto", 4, {})).toThrow(/neither SLURM_ARRAY_TASK_ID/);
  });
});

describe("progress lines", () => {
  it("say chain, iteration, rate and time left", () => {
    expect(formatProgressLine({ chain: 1, iteration: 2500, total: 10000, elapsedSeconds: 5, rate: 500 })).toBe("mcglmm: chain 2: iteration 2500/10000 (25%), 500 it/s, 15 s left\n");
    expect(formatProgressLine({ chain: 0, iteration: 0, total: 10, elapsedSeconds: 0, rate: 0 })).toMatch(/\? left/);
  });
});
