// Known sampling variances (meta-analysis), as MCMCglmm's `mev` argument: it appends the random
// term us(sqrt(MCMC_mev)):MCMC_meta, one level per (stacked) observation whose Z entry is the
// square root of that observation's sampling variance, with the variance held at 1 by its own
// prior (V = 1, nu = 1, fix = 1). Marginally the residual of observation i gains v_i.
// Names as MCMCglmm prints them after dropping its "MCMC_" prefixes: the variance is
// "sqrt(mev):sqrt(mev).meta", the effects "sqrt(mev).meta.<row>".

import { DataError, ModelSpecError } from "../../errors.js";
import type { TermRows } from "../prediction-terms.js";
import type { CovarianceTerm, DataFrame, Model, ModelSpec } from "../types.js";
import type { TermBlock } from "./build-term.js";

/** The mev columns, one per trait (a single name serves a single-trait model). */
function mevColumns(mev: ModelSpec["mev"], nTraits: number): string[] {
  const names = typeof mev === "string" ? [mev] : Array.isArray(mev) ? mev : null;
  if (names === null || names.length === 0 || names.some((n) => typeof n !== "string")) {
    throw new ModelSpecError(`"mev" must name a data column of sampling variances (or one per trait), got ${JSON.stringify(mev)}`);
  }
  if (names.length !== nTraits) {
    throw new ModelSpecError(`"mev" names ${names.length} column(s) but the model has ${nTraits} trait(s): give one column of sampling variances per trait`);
  }
  return names;
}

/** The mev term's Z block (columns from zOffset on) over the stacked rows (row = trait * nUnits + unit). */
export function mevBlock(mev: ModelSpec["mev"], data: DataFrame, nTraits: number, zOffset: number): TermBlock {
  const columns = mevColumns(mev, nTraits);
  const n = data.nrow;
  const nrow = n * nTraits;
  const values = new Float64Array(nrow);
  columns.forEach((name, t) => {
    const col = data.columns.get(name);
    if (col === undefined) throw new DataError(`"mev" names column "${name}", which is not in the data; the columns are: ${data.names.join(", ")}`);
    if (col.kind !== "numeric") throw new DataError(`"mev" column "${name}" must be numeric (sampling variances), but it is a factor`);
    for (let u = 0; u < n; u++) {
      const v = col.values[u];
      if (Number.isNaN(v)) throw new DataError(`"mev" column "${name}" is missing at row ${u + 1}; every observation needs its sampling variance`);
      if (!(v > 0) || !Number.isFinite(v)) throw new DataError(`"mev" column "${name}" has ${v} at row ${u + 1}; sampling variances must be positive and finite`);
      values[t * n + u] = Math.sqrt(v);
    }
  });
  const levels = Array.from({ length: nrow }, (_, r) => String(r + 1));
  const term: CovarianceTerm = {
    label: "us(sqrt(mev)):meta",
    structure: "us",
    dim: 1,
    coefNames: ["sqrt(mev)"],
    factor: "meta",
    nLevels: [nrow],
    levelNames: [levels],
    zOffset,
    vcvNames: ["sqrt(mev):sqrt(mev).meta"],
    knownVariance: true,
  };
  return {
    term,
    names: levels.map((l) => `sqrt(mev).meta.${l}`),
    columns: { colPtr: Int32Array.from({ length: nrow + 1 }, (_, j) => j), rowIdx: Int32Array.from({ length: nrow }, (_, r) => r), values },
  };
}

/**
 * The mev term over the rows of a prediction (stacked rows u in [n0, n0 + n1), row = t * (n0 + n1)
 * + u): coefficient sqrt(v) from the same column(s); a training row is its own level (the fit's
 * column zOffset + row), a new row a level the fit never saw.
 */
export function mevTermRows(model: Model, term: CovarianceTerm, stacked: DataFrame, n0: number, n1: number, where: string): TermRows {
  const T = model.nTraits;
  const total = n0 + n1;
  const columns = mevColumns(model.spec.mev, T);
  const level = new Int32Array(T * n1);
  const coef = new Float64Array(T * n1);
  const column = new Int32Array(T * n1);
  columns.forEach((name, t) => {
    const col = stacked.columns.get(name);
    if (col === undefined || col.kind !== "numeric") throw new DataError(`${where}: the sampling variances "${name}" (mev) are needed for every row`);
    for (let u = 0; u < n1; u++) {
      const out = t * n1 + u;
      const v = col.values[t * total + n0 + u];
      if (!(v > 0) || !Number.isFinite(v)) throw new DataError(`${where}: "mev" column "${name}" has ${v} at row ${u + 1}; sampling variances must be positive`);
      level[out] = out;
      coef[out] = Math.sqrt(v);
      column[out] = n0 === 0 ? term.zOffset + t * model.nUnits + u : -1;
    }
  });
  const levels = Array.from({ length: T * n1 }, (_, r) => n0 === 0 ? String(r + 1) : `new.${r + 1}`);
  return { term, slots: 1, level, levels, coef, column };
}
