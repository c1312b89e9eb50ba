// The linking-function step of building a random term (links.ts): Z columns and the covariance
// record of `vf(f):str(a + b)` and `vf(f):mm(a + b)`, as MCMCglmm's buildZ defines them. The
// factors are coded on one set of levels: a relationship matrix's (when one factor has one, the
// others are coded on its levels, e.g. dam on the pedigree's animals), else their common levels
// (the union, in R's order, when the data do not use every level in every factor: levels that no
// row uses only add effects with no data, which leave the posterior unchanged). Every level keeps
// its columns, as MCMCglmm keeps them for str and mm.

import { DataError, ModelSpecError } from "../../errors.js";
import { sortLevels } from "../frame.js";
import { printNode } from "../formula/print.js";
import type { RandomTermSpec } from "../formula/random.js";
import type { CovarianceTerm, DataFrame } from "../types.js";
import { asFactor, evaluateVariable } from "../variables.js";
import type { Relationship, SparseColumns, TermBlock } from "./build-term.js";
import { LINKS } from "./links.js";
import { STRUCTURES } from "./registry.js";

interface LinkedLevels {
  readonly levels: readonly string[];
  /** Per factor, each row's level (-1: missing). */
  readonly codes: readonly Int32Array[];
  readonly ginverse?: Relationship["Ainv"];
  readonly ginverseRoot?: Relationship["Ainv"];
}

function linkedLevels(spec: RandomTermSpec, frame: DataFrame, relationships: ReadonlyMap<string, Relationship>, where: string): LinkedLevels {
  const factors = spec.groups.map((g) => asFactor(evaluateVariable({ kind: "name", name: g, start: 0, end: 0 }, frame, where)));
  const related = spec.groups.filter((g) => relationships.has(g));
  const rels = [...new Set(related.map((g) => relationships.get(g)!))];
  if (rels.length > 1) {
    throw new ModelSpecError(`${where}: ${related.join(" and ")} have different relationship matrices; the factors of one str/mm term share one`);
  }
  let levels: readonly string[];
  if (rels.length === 1) levels = rels[0].levels;
  else if (factors.every((f) => f.levels.length === factors[0].levels.length && f.levels.every((l, i) => l === factors[0].levels[i]))) levels = factors[0].levels;
  else levels = sortLevels(factors.flatMap((f) => [...f.levels]));
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = factors.map((f, k) => {
    const map = f.levels.map((l) => index.get(l) ?? -1);
    return Int32Array.from(f.codes, (c, r) => {
      if (c < 0) return -1;
      if (map[c] < 0) {
        throw new DataError(`${where}: level "${f.levels[c]}" of "${spec.groups[k]}" (row ${r + 1}) is not in the relationship matrix of "${related[0]}", whose levels every factor of the term must take`);
      }
      return map[c];
    });
  });
  return { levels, codes, ...(rels.length === 1 ? { ginverse: rels[0].Ainv, ...(rels[0].AinvRoot ? { ginverseRoot: rels[0].AinvRoot } : {}) } : {}) };
}

/** Rows of one channel grouped by level (counting sort), each with its weight. */
interface Channel {
  readonly ptr: Int32Array;
  readonly rows: Int32Array;
  readonly weights: Float64Array;
}

function channel(memberships: readonly { codes: Int32Array; sign: number }[], nLevel: number, n: number): Channel {
  const ptr = new Int32Array(nLevel + 1);
  // a row counted once per distinct level (mm(a + b) with a = b at a row adds the weights)
  const seen = new Int32Array(nLevel).fill(-1);
  for (let r = 0; r < n; r++) {
    for (const m of memberships) {
      const c = m.codes[r];
      if (c >= 0 && seen[c] !== r) { seen[c] = r; ptr[c + 1]++; }
    }
  }
  for (let l = 0; l < nLevel; l++) ptr[l + 1] += ptr[l];
  const rows = new Int32Array(ptr[nLevel]);
  const weights = new Float64Array(ptr[nLevel]);
  const next = ptr.slice(0, nLevel);
  const at = new Int32Array(nLevel).fill(-1);
  for (let r = 0; r < n; r++) {
    for (const m of memberships) {
      const c = m.codes[r];
      if (c < 0) continue;
      if (at[c] >= 0 && rows[at[c]] === r) weights[at[c]] += m.sign;
      else { at[c] = next[c]; rows[next[c]] = r; weights[next[c]++] = m.sign; }
    }
  }
  return { ptr, rows, weights };
}

/** Build the columns and covariance record of a str/mm random term. */
export function buildLinkedTerm(
  spec: RandomTermSpec,
  frame: DataFrame,
  relationships: ReadonlyMap<string, Relationship>,
  zOffset: number,
  coefs: { names: string[]; columns: Float64Array[] } | null,
  where: string,
): TermBlock {
  const link = LINKS[spec.link!.kind];
  const factors = spec.groups;
  if (zOffset < 0) throw new ModelSpecError(`${where}: ${link.key}(...) is for random terms, not residual ones`);
  if (link.structure !== null && spec.structure !== null && spec.structure !== link.structure) {
    throw new ModelSpecError(`${where}: ${link.key}(...) takes the variance function ${link.structure}: write "${link.key}(${factors.join(" + ")})" or "${link.structure}(...):${link.key}(...)", not ${spec.structure}(...)`);
  }
  const g = linkedLevels(spec, frame, relationships, where);
  const nLevel = g.levels.length;
  const n = frame.nrow;
  const channels = link.combine === "stack"
    ? g.codes.map((codes) => channel([{ codes, sign: 1 }], nLevel, n))
    : [channel(g.codes.map((codes, k) => ({ codes, sign: spec.link!.signs[k] })), nLevel, n)];
  const innerNames = coefs?.names ?? ["(Intercept)"];
  const xs = innerNames.map((_, i) => coefs?.columns[i]);

  // pseudo-coefficients (inner coefficient i, channel c), coefficient-major, as buildZ's cbind
  const pairs = innerNames.flatMap((_, i) => channels.map((_, c) => ({ i, c })));
  const nnz = pairs.map(({ i, c }) => countNonZero(channels[c], xs[i]));
  const ncol = pairs.length * nLevel;
  const colPtr = new Int32Array(ncol + 1);
  const total = nnz.reduce((s, v) => s + v, 0);
  const rowIdx = new Int32Array(total);
  const values = new Float64Array(total);
  let j = 0, w = 0;
  for (const { i, c } of pairs) {
    const ch = channels[c], x = xs[i];
    for (let l = 0; l < nLevel; l++) {
      for (let q = ch.ptr[l]; q < ch.ptr[l + 1]; q++) {
        const r = ch.rows[q];
        const v = ch.weights[q] * (x === undefined ? 1 : x[r]);
        if (v !== 0) { rowIdx[w] = r; values[w++] = v; }
      }
      colPtr[++j] = w;
    }
  }
  const columns: SparseColumns = { colPtr, rowIdx, values };

  const prefix = (i: number) => (coefs === null ? "" : innerNames[i] + ".");
  const channelName = (c: number) => (link.combine === "stack" ? factors[c] : factors[0]);
  const names = pairs.flatMap(({ i, c }) => g.levels.map((l) => `${prefix(i)}${channelName(c)}.${l}`));
  const vcvFactor = link.vcvFactor(factors);
  const structure = link.structure ?? spec.structure ?? "idv";
  const coefNames = link.combine === "stack"
    ? pairs.map(({ i, c }) => (coefs === null ? factors[c] : `${factors[c]}:${innerNames[i]}`))
    : innerNames;
  let vcvNames: string[];
  if (link.combine === "stack") vcvNames = coefNames.flatMap((cj) => coefNames.map((ci) => `${ci}.${cj}`));
  else if (spec.inner === null) vcvNames = [vcvFactor];
  else vcvNames = STRUCTURES[structure].vcvNames(printNode(spec.inner).replace(/ /g, ""), coefNames, vcvFactor);
  const term: CovarianceTerm = {
    label: spec.label,
    structure,
    dim: coefNames.length,
    coefNames,
    factor: vcvFactor,
    nLevels: coefNames.map(() => nLevel),
    levelNames: coefNames.map(() => g.levels),
    zOffset,
    ...(g.ginverse === undefined ? {} : { ginverse: g.ginverse }),
    ...(g.ginverseRoot === undefined ? {} : { ginverseRoot: g.ginverseRoot }),
    vcvNames,
    ...(spec.order === undefined ? {} : { order: spec.order }),
  };
  return { term, names, columns };
}

function countNonZero(ch: Channel, x: Float64Array | undefined): number {
  let cnt = 0;
  for (let q = 0; q < ch.rows.length; q++) if (ch.weights[q] * (x === undefined ? 1 : x[ch.rows[q]]) !== 0) cnt++;
  return cnt;
}
