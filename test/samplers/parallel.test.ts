// Chains in worker threads: the same draws, bit for bit, whatever the number of threads; a worker
// that crashes is reported with its chains while the other chains' draws are kept.

import { afterEach, describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { loadReference } from "../helpers/reference.js";

const settings = { nitt: 1500, burnin: 500, thin: 5, chains: 3, seed: 99 };

describe("parallel chains", () => {
  afterEach(() => { delete process.env.MCGLMM_TEST_CRASH_CHAIN; });

  it("give identical draws in 1 thread (in-process), 2 threads and 3 threads", async () => {
    const ref = loadReference("M2_PlodiaPO");
    const one = await fit(ref.spec, ref.data, { ...settings, threads: 1 });
    const two = await fit(ref.spec, ref.data, { ...settings, threads: 2 });
    const three = await fit(ref.spec, ref.data, { ...settings, threads: 3 });
    expect(one.chainDraws.names).toEqual(two.chainDraws.names);
    for (let c = 0; c < settings.chains; c++) {
      one.chainDraws.chains[c].forEach((draws, p) => {
        expect(Array.from(two.chainDraws.chains[c][p])).toEqual(Array.from(draws));
        expect(Array.from(three.chainDraws.chains[c][p])).toEqual(Array.from(draws));
      });
    }
    // different chains really differ (over-dispersed starts, own streams)
    expect(Array.from(one.chainDraws.chains[0][0])).not.toEqual(Array.from(one.chainDraws.chains[1][0]));
    expect(one.complete).toBe(true);
  });

  it("report a crashed worker's chains and keep the others' draws", async () => {
    const ref = loadReference("M2_PlodiaPO");
    process.env.MCGLMM_TEST_CRASH_CHAIN = "1";
    const result = await fit(ref.spec, ref.data, { ...settings, chains: 4, threads: 2 });
    // worker 1 holds chains 1 and 3
    expect(result.failures.map((f) => f.chain).sort()).toEqual([1, 3]);
    expect(result.failures[0].message).toMatch(/injected crash/);
    expect(result.failures[0].component).toBe("worker");
    expect(result.complete).toBe(false);
    expect(result.chainDraws.chains.length).toBe(2);
    expect(result.chainDraws.chains[0][0].length).toBe(200);
    const summary = result.summary();
    expect(summary.complete).toBe(false);
    expect(summary.warnings.some((w) => /chain 2 failed/.test(w))).toBe(true);
    expect(Number.isFinite(summary.fixed[0].mean)).toBe(true);
  });
});
