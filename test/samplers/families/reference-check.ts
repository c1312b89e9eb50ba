// The reference check shared by the suite's and the long validation runs: fit with 4 chains on
// 2 threads, compare every (non-excluded) parameter with MCMCglmm by the agreement rule, and
// require our own bulk-ESS to reach the case's floor so that the check is sharp.

import { expect } from "vitest";
import { fit } from "../../../src/fit.js";
import type { LatentKernelChoice } from "../../../src/models/types.js";
import { compareWithReference, loadReference } from "../../helpers/reference.js";

export interface ReferenceCase {
  name: string;
  latent: LatentKernelChoice;
  nitt: number;
  burnin: number;
  thin: number;
  minEss: number;
  /** Parameters left out of this (short) run's check; a long run in test/validate checks them. */
  exclude?: string[];
}

export async function checkAgainstReference(c: ReferenceCase): Promise<void> {
  const ref = loadReference(c.name);
  const result = await fit(ref.spec, ref.data, { nitt: c.nitt, burnin: c.burnin, thin: c.thin, chains: 4, threads: 2, seed: 2024, latent: c.latent, relationships: ref.relationships });
  expect(result.failures).toEqual([]);
  const s = result.summary();
  const rows = [...s.fixed, ...s.covariances].filter((r) => !c.exclude?.includes(r.name));
  const parameters = Object.fromEntries(Object.entries(ref.parameters).filter(([name]) => !c.exclude?.includes(name)));
  const { disagreements, compared, missing } = compareWithReference(rows, parameters);
  expect(missing).toEqual([]);
  expect(compared).toBeGreaterThan(0);
  const free = rows.filter((r) => !ref.parameters[r.name]?.fixed_by_prior);
  const worst = Math.max(...compareWithReference(rows, parameters, 0).disagreements.map((d) => d.z));
  const minEss = Math.min(...free.map((r) => r.ess_bulk));
  console.log(`${c.name} latent=${c.latent}: max z ${worst.toFixed(2)}, min bulk-ESS ${minEss.toFixed(0)}, ${s.timing.seconds.toFixed(1)} s`);
  expect(disagreements).toEqual([]);
  for (const row of free) expect(row.ess_bulk, row.name).toBeGreaterThan(c.minEss);
}
