// The hospital example (examples/hospital) on a reduced study: the same simulator with 300
// patients of 30 doctors in 6 hospitals, every model of the example fitted with short chains,
// and the report written. Checks:
//  - every true value lies within posterior mean +- 4.5 posterior sd. For a roughly normal
//    posterior a correct sampler misses one parameter with probability about 7e-6, so the ~60
//    checks fail together with probability below 0.001; a sign error on a covariate, a wrong
//    link or a variance on the wrong scale lands far outside;
//  - the joint model's derived quantities (doctor-level correlations, doctor shares) are present
//    and in range;
//  - the report holds its displays: the doctor percentile curves (ordered by the doctor
//    effect), the average marginal probability within its interval, the per-doctor histogram,
//    the Z picture with one nonzero per patient, and one truth-table row per true value.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../examples/hospital/analyse.js";
import { simulateHospital } from "../../examples/hospital/simulate.js";
import { modelTruths } from "../../examples/hospital/truth.js";

const REDUCED = { patients: 300, doctors: 30, hospitals: 6, minPerDoctor: 2, maxPerDoctor: 20 };

describe("hospital example (reduced study)", () => {
  it("recovers the true values, derives the doctor-level correlations and writes the report", async () => {
    const study = simulateHospital(REDUCED, 7);
    expect(study.rows).toHaveLength(300);
    const perDoctor = new Map<number | string, number>();
    for (const r of study.rows) perDoctor.set(r.DID, (perDoctor.get(r.DID) ?? 0) + 1);
    expect(perDoctor.size).toBe(30);
    expect(Math.min(...perDoctor.values())).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perDoctor.values())).toBeLessThanOrEqual(20);

    const outDir = mkdtempSync(join(tmpdir(), "mcglmm-hospital-"));
    const analysis = await analyse({
      data: study.rows,
      truths: modelTruths(),
      run: { nitt: 2000, burnin: 500, thin: 3, chains: 2, threads: 1, seed: 11 },
      maxDraws: 100,
      outDir,
      quiet: true,
    });

    for (const m of analysis.models) {
      expect(m.truth.length, m.name).toBe(Object.keys(modelTruths()[m.name]).length);
      for (const t of m.truth) {
        const { mean, sd } = t.row;
        expect(Number.isFinite(mean) && sd > 0, `${m.name} ${t.name}`).toBe(true);
        expect(Math.abs(t.truth - mean), `${m.name} ${t.name}: true ${t.truth}, posterior ${mean} +- ${sd}`).toBeLessThanOrEqual(4.5 * sd);
      }
    }

    const joint = analysis.models.find((m) => m.name === "joint")!;
    const derived = new Map(joint.summary!.derived.map((r) => [r.name, r]));
    for (const name of ["cor.DID.ntumors.remission.1", "cor.DID.ntumors.mobility", "cor.DID.remission.1.mobility"]) {
      const r = derived.get(name);
      expect(r, name).toBeDefined();
      expect(r!.q2_5 >= -1 && r!.q97_5 <= 1 && r!.sd > 0, name).toBe(true);
    }
    for (const o of ["remission", "ntumors", "mobility"]) {
      const r = derived.get(`icc.DID.${o}`);
      expect(r!.q2_5 > 0 && r!.q97_5 < 1, o).toBe(true);
    }

    const d = analysis.remission!;
    expect(d.doctors.map((x) => x.percentile)).toEqual([20, 40, 60, 80]);
    d.byDoctor[0].fit.forEach((p20, i) => expect(p20).toBeLessThan(d.byDoctor[3].fit[i]));
    d.average.fit.forEach((p, i) => {
      expect(p).toBeGreaterThanOrEqual(d.average.lower[i]);
      expect(p).toBeLessThanOrEqual(d.average.upper[i]);
    });
    expect(d.perDoctor).toHaveLength(30);
    expect(d.perDoctor.every((p) => p > 0 && p < 1)).toBe(true);

    const html = readFileSync(analysis.reportPath, "utf8");
    expect(html).toBe(analysis.html);
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const label of ["P(remission) by doctor", "Average marginal P(remission)", "P(remission) per doctor", "Z: patients x doctors"]) expect(html).toContain(label);
    expect(html).toContain("300 x 30, 300 nonzeros");
    expect(html.match(/<tr(?: class="flagged")?><th scope="row">/g)).toHaveLength(analysis.models.reduce((n, m) => n + m.truth.length, 0));
    const results = JSON.parse(readFileSync(join(outDir, "results.json"), "utf8"));
    expect(results.map((r: { model: string }) => r.model)).toEqual(["remission", "ntumors", "ntumors-zi", "mobility", "joint"]);
  }, 180_000);
});
