// The maternal-effects animal model ~str(animal + dam) on a pedigree (direct and maternal
// genetic effects sharing the animal's A^-1, with a covariance between them) recovers the values
// it was simulated from. Each parameter is checked on a scale where its posterior is close to
// normal: log variances, and the direct-maternal correlation on Fisher's z. The truth must lie
// within 4.2 posterior sd of the posterior mean: for a calibrated posterior of the log of an
// inverse-gamma-like variance (shape >= 20) that misses with probability about 1e-4 (numerical
// integration), so about 4e-4 for the four checks together.

import { describe, expect, it } from "vitest";
import { fitMaternal, simulateMaternal } from "../helpers/simulate-maternal.js";

const TRUTH = { va: 1, cam: -0.3, vm: 0.6, ve: 1 };
const Z = 4.2;

describe("maternal-effects animal model: str(animal + dam) with a pedigree", () => {
  it("recovers the direct, maternal and residual variances and the direct-maternal correlation", async () => {
    const sim = simulateMaternal(11, 1200, 200, [[TRUTH.va, TRUTH.cam], [TRUTH.cam, TRUTH.vm]], TRUTH.ve, 2);
    const result = await fitMaternal(sim, { R: { V: 1, nu: 0.002 }, G: { G1: { V: [[1, 0], [0, 1]], nu: 3 } } }, { nitt: 4000, burnin: 1000, thin: 5, chains: 1, seed: 3 });
    expect(result.failures).toEqual([]);
    const d = (name: string) => Array.from(result.draws[name][0]);
    const va = d("animal.animal"), vm = d("dam.dam"), cam = d("dam.animal"), ve = d("units");
    d("animal.dam").forEach((c, i) => expect(c).toBeCloseTo(cam[i], 12));
    const r = cam.map((c, i) => c / Math.sqrt(va[i] * vm[i]));
    // the derived correlation is reported as for us
    const derived = result.summary().derived.find((row) => row.name === "cor.animal+dam.animal.dam");
    expect(derived?.mean).toBeCloseTo(r.reduce((s, x) => s + x, 0) / r.length, 10);
    const checks: [string, number[], number][] = [
      ["log Va", va.map(Math.log), Math.log(TRUTH.va)],
      ["log Vm", vm.map(Math.log), Math.log(TRUTH.vm)],
      ["log Ve", ve.map(Math.log), Math.log(TRUTH.ve)],
      ["atanh r_am", r.map(Math.atanh), Math.atanh(TRUTH.cam / Math.sqrt(TRUTH.va * TRUTH.vm))],
    ];
    for (const [name, x, truth] of checks) {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1));
      expect(Math.abs(truth - mean) / sd, `${name}: mean ${mean.toFixed(3)}, sd ${sd.toFixed(3)}, truth ${truth.toFixed(3)}`).toBeLessThan(Z);
    }
  }, 60_000);
});
