// MCMCglmm reference posteriors (test/fixtures/reference/<model>): loading them, and the
// agreement rule |ours - ref| <= 4 sqrt(mcse_ours^2 + mcse_ref^2) for mean, 2.5% and 97.5%.

import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { frameFromCsv } from "../../src/models/frame.js";
import { loadRelationships } from "../../src/io/spec-file.js";
import type { DataFrame, ModelSpec } from "../../src/models/types.js";
import type { SummaryRow } from "../../src/posterior/summary.js";
import type { Relationship } from "../../src/models/structures/build-term.js";

export const REFERENCE_DIR = join(import.meta.dirname, "..", "fixtures", "reference");

export interface ReferenceParameter {
  block: string;
  mean: number;
  sd: number;
  "q2.5": number;
  "q97.5": number;
  mcse_mean: number;
  "mcse_q2.5": number;
  "mcse_q97.5": number;
  ess_bulk: number;
  fixed_by_prior?: boolean;
}

export interface Reference {
  spec: ModelSpec;
  data: DataFrame;
  relationships: Record<string, Relationship>;
  parameters: Record<string, ReferenceParameter>;
  derived?: Record<string, ReferenceParameter>;
  timing: { solo_sec_per_1000_iter: number; solo_ess_bulk_per_sec: number };
}

export function loadReference(name: string): Reference {
  const dir = join(REFERENCE_DIR, name);
  const spec = JSON.parse(readFileSync(join(dir, "spec.json"), "utf8")) as ModelSpec;
  const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8"));
  const data = frameFromCsv(readFileSync(join(dir, spec.data ?? "data.csv"), "utf8"), spec.columns);
  const files = [spec.pedigree, ...Object.values(spec.ginverse ?? {})].filter((f): f is string => f !== undefined);
  const relationships = files.length > 0 && files.every((f) => existsSync(join(dir, f))) ? loadRelationships(spec, dir) : {};
  return { spec, data, relationships, parameters: ref.parameters, derived: ref.derived, timing: ref.timing };
}

export interface Disagreement {
  name: string;
  what: "mean" | "q2.5" | "q97.5";
  ours: number;
  reference: number;
  z: number;
}

/** Every (non-fixed) reference parameter compared with our row; returns the disagreements. */
export function compareWithReference(rows: readonly SummaryRow[], parameters: Record<string, ReferenceParameter>, bound = 4): { disagreements: Disagreement[]; compared: number; missing: string[] } {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const disagreements: Disagreement[] = [];
  const missing: string[] = [];
  let compared = 0;
  for (const [name, ref] of Object.entries(parameters)) {
    if (ref.fixed_by_prior) continue;
    const row = byName.get(name);
    if (!row) { missing.push(name); continue; }
    const checks: [Disagreement["what"], number, number, number, number][] = [
      ["mean", row.mean, ref.mean, row.mcse_mean, ref.mcse_mean],
      ["q2.5", row.q2_5, ref["q2.5"], row.mcse_q2_5, ref["mcse_q2.5"]],
      ["q97.5", row.q97_5, ref["q97.5"], row.mcse_q97_5, ref["mcse_q97.5"]],
    ];
    for (const [what, ours, reference, m1, m2] of checks) {
      compared++;
      const z = Math.abs(ours - reference) / Math.sqrt(m1 * m1 + m2 * m2);
      if (!(z <= bound)) disagreements.push({ name, what, ours, reference, z });
    }
  }
  return { disagreements, compared, missing };
}
