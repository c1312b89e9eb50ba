// The platform seam: the portable core takes its core count and its parallel executor from the
// installed platform (Node's worker_threads in tests and the Node entry; Web Workers in browsers),
// and the Node entry installs Node's.

import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { nodePlatform } from "../../src/platform/node/platform.js";
import { currentPlatform, usePlatform, type ParallelExecutorRequest, type Platform } from "../../src/platform/platform.js";
import { InProcessExecutor } from "../../src/samplers/run/executor.js";
import { resolveSettings } from "../../src/settings.js";
import type { ModelSpec } from "../../src/models/types.js";

const ROOT = join(import.meta.dirname, "..", "..");
const spec: ModelSpec = { fixed: "y ~ x", family: "gaussian" };
const rows = Array.from({ length: 40 }, (_, i) => ({ y: 1 + 0.5 * (i % 7) + Math.sin(i), x: i % 7 }));
const settings = { nitt: 600, burnin: 100, thin: 5, chains: 3, seed: 21 };

/** A platform that records what it was asked for and runs the chains in this thread. */
function recordingPlatform(cores: number): Platform & { requests: ParallelExecutorRequest[] } {
  const requests: ParallelExecutorRequest[] = [];
  return {
    name: "recording",
    requests,
    availableParallelism: () => cores,
    createParallelExecutor: (r) => {
      requests.push(r);
      return new InProcessExecutor(r.model, r.prior, r.job, r.chains, r.stopFlag, r.onProgress);
    },
  };
}

afterEach(() => usePlatform(nodePlatform));

describe("platform", () => {
  it("is Node's when the Node entry or the CLI is imported (and in tests, through the setup file)", () => {
    expect(currentPlatform()).toBe(nodePlatform);
    // a fresh process: importing the entry alone must install the platform
    const nameAfter = (entry: string) =>
      execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e",
        `await import("./${entry}"); const p = await import("./src/platform/platform.ts"); console.log(p.currentPlatform().name, p.currentPlatform().availableParallelism());`], { cwd: ROOT, encoding: "utf8" }).trim();
    expect(nameAfter("src/index.ts")).toBe(`node ${availableParallelism()}`);
    expect(nameAfter("src/cli/main.ts")).toBe(`node ${availableParallelism()}`);
    expect(nameAfter("src/fit.ts")).toBe("portable 1");
  });

  it("gives the default thread count: min(chains, the platform's cores)", () => {
    usePlatform(recordingPlatform(2));
    expect(resolveSettings(spec, { chains: 4 }).threads).toBe(2);
    usePlatform(recordingPlatform(8));
    expect(resolveSettings(spec, { chains: 4 }).threads).toBe(4);
  });

  it("builds the parallel executor for threads > 1 (or useWorkers), with the run's job; the draws do not change", async () => {
    const one = await fit(spec, rows, { ...settings, threads: 1 });
    const recording = recordingPlatform(4);
    usePlatform(recording);
    const viaPlatform = await fit(spec, rows, { ...settings, threads: 3 });
    expect(recording.requests.map((r) => [r.chains, r.threads, r.job.seed])).toEqual([[3, 3, 21]]);
    expect(viaPlatform.chainDraws).toEqual(one.chainDraws);
    await fit(spec, rows, { ...settings, threads: 1, useWorkers: true });
    expect(recording.requests.length).toBe(2);
  });
});
