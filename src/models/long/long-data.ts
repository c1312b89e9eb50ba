// Long-format data, MCMCglmm's `family = NULL` ("multivariate as univariate", R/MCMCglmm.R): one
// response column, a `trait` factor naming each row's trait and a `family` column giving its
// family. Checks the two columns as MCMCglmm does (trait a factor, one family per trait, families
// with one data column and one liability only), naming the column and row at fault.

import { DataError, ModelSpecError } from "../../errors.js";
import { familyDefinition } from "../families/registry.js";
import type { DataFrame, FactorColumn, FamilyName } from "../types.js";

export interface LongTraits {
  /** Trait names in the order of the trait factor's levels (unused levels dropped, as MCMCglmm). */
  readonly traitNames: readonly string[];
  /** Per data row: its trait index. */
  readonly traitOf: Int32Array;
  /** Per trait: its family. */
  readonly families: readonly FamilyName[];
  readonly warnings: readonly string[];
}

/** MCMCglmm refuses these in long format: several data columns or several liabilities per row. */
const NOT_LONG = /cen|multinomial|zi|hu|za|nzbinom|ncst|msst|ztmb/;

function factorColumn(data: DataFrame, name: string, why: string): FactorColumn {
  const col = data.columns.get(name);
  if (col === undefined) throw new DataError(`family = null (long format) needs a "${name}" column in the data ${why}; the columns are: ${data.names.join(", ")}`);
  if (col.kind !== "factor") throw new DataError(`column "${name}" must be a factor (text labels) with family = null, as MCMCglmm requires; it is numeric`);
  const missing = col.codes.indexOf(-1);
  if (missing >= 0) throw new DataError(`column "${name}" is missing at data row ${missing + 1}; with family = null every row needs its ${name}`);
  return col;
}

/** The traits and families of long-format data (spec.family === null). */
export function longTraits(data: DataFrame): LongTraits {
  const trait = factorColumn(data, "trait", "naming each row's trait");
  const family = factorColumn(data, "family", "giving each row's family");
  const warnings: string[] = [];
  const used = trait.levels.map((_, k) => trait.codes.includes(k));
  if (used.includes(false)) {
    warnings.push(`trait: level(s) ${trait.levels.filter((_, k) => !used[k]).join(", ")} have no rows and are dropped (as MCMCglmm: "some levels in trait are not used")`);
  }
  const keptLevels = trait.levels.map((_, k) => k).filter((k) => used[k]);
  const index = new Int32Array(trait.levels.length).fill(-1);
  keptLevels.forEach((k, t) => (index[k] = t));
  const traitOf = Int32Array.from(trait.codes, (c) => index[c]);
  const familyCode = new Int32Array(keptLevels.length).fill(-1);
  const firstRow = new Int32Array(keptLevels.length).fill(-1);
  for (let i = 0; i < data.nrow; i++) {
    const t = traitOf[i], f = family.codes[i];
    if (familyCode[t] < 0) {
      familyCode[t] = f;
      firstRow[t] = i;
    } else if (familyCode[t] !== f) {
      throw new DataError(
        `trait "${trait.levels[keptLevels[t]]}" has two families: "${family.levels[familyCode[t]]}" (data row ${firstRow[t] + 1}) and "${family.levels[f]}" (data row ${i + 1}); ` +
          "all data of one trait must come from the same distribution (MCMCglmm)",
      );
    }
  }
  const families = Array.from(familyCode, (f, t) => {
    const name = family.levels[f];
    try {
      familyDefinition(name);
    } catch (e) {
      throw new DataError(`column "family", data row ${firstRow[t] + 1}: ${(e as Error).message}`);
    }
    if (NOT_LONG.test(name) || familyDefinition(name).columns(name as FamilyName) !== 1) {
      throw new ModelSpecError(
        `family "${name}" (trait "${trait.levels[keptLevels[t]]}", data row ${firstRow[t] + 1}) cannot be used with family = null: in long format each row needs one data column and one liability ` +
          "(censored, multinomial, zero-inflated/altered/hurdle, ncst, msst, ztmb and categorical with more than two categories must be set up wide, with cbind(...)), as in MCMCglmm",
      );
    }
    return name as FamilyName;
  });
  return { traitNames: keptLevels.map((k) => trait.levels[k]), traitOf, families, warnings };
}
