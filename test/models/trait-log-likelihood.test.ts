// A family's traitLogLikelihood (the trait-laplace kernel's target in one trait) must differ from
// its samplerLogLikelihood by a term free of that trait: for every family that gives one, every
// unit (zeros and counts), every trait, and pairs of latent values of that trait (the others
// held), the two give the same change.

import { describe, expect, it } from "vitest";
import { FAMILIES, familyOf, type FamilyKey } from "../../src/models/families/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { FamilyName } from "../../src/models/types.js";

const ROWS: Partial<Record<FamilyKey, { lhs: string; rows: Record<string, unknown>[] }>> = {
  zipoisson: { lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }, { y: 12 }] },
  hupoisson: { lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }, { y: 12 }] },
  zapoisson: { lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }, { y: 12 }] },
  zibinomial: { lhs: "cbind(s, f)", rows: [{ s: 0, f: 5 }, { s: 2, f: 3 }, { s: 5, f: 0 }] },
  hubinomial: { lhs: "cbind(s, f)", rows: [{ s: 0, f: 5 }, { s: 2, f: 3 }, { s: 5, f: 0 }] },
};

const withHook = (Object.keys(FAMILIES) as FamilyKey[]).filter((key) => FAMILIES[key].traitLogLikelihood !== undefined);

describe.each(withHook)("traitLogLikelihood of %s", (key) => {
  it("changes with its trait exactly as samplerLogLikelihood does", () => {
    const c = ROWS[key];
    if (!c) throw new Error(`no rows for ${key}: add them to ROWS`);
    const model = buildModel({ fixed: `${c.lhs} ~ 1`, family: key as FamilyName, rcov: "~idh(trait):units" }, frameFromRows(c.rows));
    const r = model.responses[0];
    const family = familyOf(r);
    const full = family.samplerLogLikelihood(r);
    const trait = family.traitLogLikelihood!(r);
    const cp = new Float64Array(0);
    const x = new Float64Array(r.nTraits);
    let checked = 0;
    for (let u = 0; u < model.nUnits; u++) {
      for (let j = 0; j < r.nTraits; j++) {
        for (const base of [[0.6, -0.4], [-2.5, 1.7], [3.1, 0.2]]) {
          for (const [a, b] of [[-1.3, 0.4], [0.2, 2.6], [-6, -0.5]]) {
            x.set(base.slice(0, r.nTraits));
            x[j] = a;
            const fullA = full(u, x, cp), traitA = trait(u, j, x);
            x[j] = b;
            const fullB = full(u, x, cp), traitB = trait(u, j, x);
            expect(traitB - traitA).toBeCloseTo(fullB - fullA, 10);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(model.nUnits * r.nTraits * 9);
  });
});
