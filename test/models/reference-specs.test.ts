// Every reference model (M1..M9) builds, and its fixed-effect and (co)variance names are
// exactly MCMCglmm's Sol and VCV names in reference.json.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { frameFromCsv } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import type { ModelSpec } from "../../src/models/types.js";
import { fixturePath, readFixture } from "./fixtures.js";

const names = readdirSync(fixturePath("reference")).filter((n) => /^M\d/.test(n));

describe("reference specs build", () => {
  it("finds the reference models", () => expect(names.length).toBeGreaterThanOrEqual(7));
  for (const name of names) {
    it(name, () => {
      const spec = JSON.parse(readFixture(`reference/${name}/spec.json`)) as ModelSpec;
      const data = frameFromCsv(readFixture(`reference/${name}/${spec.data}`), spec.columns);
      let pedigree;
      if (spec.pedigree !== undefined) {
        const ped = parsePedigree(readFixture(`reference/${name}/${spec.pedigree}`));
        pedigree = { levels: ped.ids, Ainv: inverseA(ped).Ainv };
      }
      const model = buildModel(spec, data, pedigree === undefined ? {} : { pedigree });
      const ref = JSON.parse(readFixture(`reference/${name}/reference.json`)) as {
        parameters: Record<string, { block: string }>;
      };
      const of = (block: string) => Object.entries(ref.parameters).filter(([, p]) => p.block === block).map(([k]) => k);
      expect(model.fixedNames).toEqual(of("Sol"));
      const vcv = [...model.randomTerms, ...model.residualTerms].flatMap((t) => t.vcvNames);
      expect(vcv).toEqual(of("VCV"));
      expect(model.X.nrow).toBe(model.nUnits * model.nTraits);
      expect(model.Z.nrow).toBe(model.X.nrow);
    });
  }
});
