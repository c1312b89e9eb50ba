// The variance-structure contract, checked for every structure in the registry: its VCV names,
// the values stored per draw and the matrix read back from them agree, and the MME sees
// covariances exactly when the structure has them. CASES is a Record over the registry's keys,
// so a structure added without a case here does not compile.

import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { hasCovariances, loadVcv, priorDim, storeVcv, STRUCTURES, structureOf, vcvIndex, type StructureKey } from "../../src/models/structures/registry.js";

// fn: the variance-function name when it is not the key (the antedependence order is in the name)
const CASES: Record<StructureKey, { names: string[]; fn?: string }> = {
  idv: { names: ["trait.g"] },
  idh: { names: ["traita.g", "traitb.g"] },
  us: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"] },
  corg: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"] },
  corgh: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"] },
  ante: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"], fn: "ante1" },
  antec: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"], fn: "antec1" },
  antev: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"], fn: "ante1v" },
  antecv: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"], fn: "antec1v" },
  cors: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"] },
  sub: { names: ["traita:traita.g", "traitb:traita.g", "traita:traitb.g", "traitb:traitb.g"] },
};

const rows = Array.from({ length: 12 }, (_, i) => ({ a: Math.sin(i), b: Math.cos(i), g: `g${i % 4}` }));

describe.each(Object.keys(STRUCTURES) as StructureKey[])("structure contract: %s", (key) => {
  const model = buildModel({ fixed: "cbind(a, b) ~ trait - 1", random: `~${CASES[key].fn ?? key}(trait):g`, rcov: "~us(trait):units", family: "gaussian" }, frameFromRows(rows));
  const term = model.randomTerms[0];
  const k = term.dim;

  it("names the stored values as MCMCglmm's VCV", () => {
    expect(term.structure).toBe(key);
    expect(term.vcvNames).toEqual(CASES[key].names);
  });

  it("stores and reads back the matrix it parameterises", () => {
    const M = Float64Array.from([2, 0.3, 0.3, 1.5]);
    const stored = term.vcvNames.map(() => new Float64Array(1));
    expect(storeVcv(term, M, stored, 0, 0)).toBe(term.vcvNames.length);
    const back = new Float64Array(k * k);
    loadVcv(term, (i) => stored[i][0], back);
    const kind = structureOf(term).parameters;
    const expected = kind === "matrix" ? M : kind === "variances" ? [2, 0, 0, 1.5] : [2, 0, 0, 2];
    expect(Array.from(back)).toEqual(Array.from(expected));
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      const i = vcvIndex(term, a, b);
      if (i >= 0) expect(stored[i][0]).toBe(kind === "shared-variance" ? M[0] : M[a * k + b]);
      else expect(a === b ? true : !hasCovariances(term)).toBe(true);
    }
  });

  it("has a prior over its free parameters", () => {
    expect(priorDim(term)).toBe(structureOf(term).parameters === "shared-variance" ? 1 : k);
  });
});
