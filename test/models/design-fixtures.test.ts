// X and Z built from the data equal MCMCglmm 2.36's, for the five fixture models.
import { describe, expect, it } from "vitest";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import { buildModel } from "../../src/models/model.js";
import { frameFromCsv } from "../../src/models/frame.js";
import type { ModelSpec } from "../../src/models/types.js";
import { cscTriplets, readFixture, readTriplets } from "./fixtures.js";

interface Case {
  name: string;
  data: string;
  spec: ModelSpec;
  pedigree?: boolean;
}

const cases: Case[] = [
  { name: "sleepstudy", data: "sleepstudy.csv", spec: { fixed: "Reaction ~ Days", random: "~us(1+Days):Subject", family: "gaussian" } },
  { name: "cbpp", data: "cbpp.csv", spec: { fixed: "cbind(incidence, size - incidence) ~ period", random: "~herd", family: "multinomial2" } },
  {
    name: "BTdata",
    data: "BTdata.csv",
    spec: {
      fixed: "cbind(tarsus, back) ~ trait:sex + trait:hatchdate - 1",
      random: "~us(trait):animal + us(trait):fosternest",
      rcov: "~us(trait):units",
      family: ["gaussian", "gaussian"],
    },
    pedigree: true,
  },
  { name: "SShorns", data: "SShorns.csv", spec: { fixed: "horn ~ trait - 1 + trait:sex", rcov: "~us(trait):units", family: "categorical" } },
  { name: "grouseticks_idh", data: "grouseticks.csv", spec: { fixed: "TICKS ~ YEAR*HEIGHT", random: "~idh(YEAR):LOCATION + BROOD", family: "poisson" } },
];

describe("design matrices match MCMCglmm", () => {
  for (const c of cases) {
    it(c.name, () => {
      const data = frameFromCsv(readFixture(`design/${c.data}`));
      let pedigree;
      if (c.pedigree) {
        const ped = parsePedigree(readFixture("design/BTped.csv"));
        pedigree = { levels: ped.ids, Ainv: inverseA(ped).Ainv };
      }
      const model = buildModel(c.spec, data, pedigree === undefined ? {} : { pedigree });
      const meta = JSON.parse(readFixture(`design/${c.name}_meta.json`)) as {
        nrow: number;
        X_columns: string[];
        Z_columns: string[];
        Z_dim: [number, number];
      };
      expect(model.X.nrow).toBe(meta.nrow);
      expect(model.fixedNames).toEqual(meta.X_columns);
      expect(model.X.ncol).toBe(meta.X_columns.length);
      expect(cscTriplets(model.X)).toEqual(readTriplets(`design/${c.name}_X.csv`));
      expect([model.Z.nrow, model.Z.ncol]).toEqual(meta.Z_dim);
      expect(model.randomNames).toEqual(meta.Z_columns);
      if (meta.Z_columns.length > 0) expect(cscTriplets(model.Z)).toEqual(readTriplets(`design/${c.name}_Z.csv`));
    });
  }
});
