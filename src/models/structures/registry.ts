// The variance-structure registry: one line per structure module, and the helpers every stage
// uses to read a term's structure (no stage switches on structure names).

import type { CovarianceTerm } from "../types.js";
import { ante, antec, antecv, antev } from "./ante.js";
import { corg } from "./corg.js";
import { corgh } from "./corgh.js";
import { cors } from "./cors.js";
import { idh } from "./idh.js";
import { idv } from "./idv.js";
import type { StructureDefinition } from "./types.js";
import { sub } from "./sub.js";
import { us } from "./us.js";

export const STRUCTURES = { idv, idh, us, corg, corgh, ante, antec, antev, antecv, cors, sub } as const satisfies Readonly<Record<string, StructureDefinition>>;

/** The variance functions mcglmm implements. */
export type StructureKey = keyof typeof STRUCTURES;

/**
 * Other names for a structure: `cor` is read as `corg` (MCMCglmm < 2.18 called the correlation
 * structure cor; 2.18 renamed it corg and 2.36 stops on cor, so scripts that say cor mean corg).
 */
export const STRUCTURE_ALIASES: Readonly<Record<string, StructureKey>> = { cor: "corg" };

/**
 * The structure a variance-function name means, with its order for the parameterised names
 * (ante2 -> ante, order 2), or undefined for a name no structure reads.
 */
export function resolveStructureName(fn: string): { key: StructureKey; order?: number } | undefined {
  for (const [key, def] of Object.entries(STRUCTURES) as [StructureKey, StructureDefinition][]) {
    if (def.namePattern === undefined) {
      if (fn === key) return { key };
      continue;
    }
    const m = def.namePattern.exec(fn);
    if (m) return { key, order: Number(m[1]) };
  }
  const alias = STRUCTURE_ALIASES[fn];
  return alias === undefined ? undefined : { key: alias };
}

export function structureOf(term: Pick<CovarianceTerm, "structure">): StructureDefinition {
  return STRUCTURES[term.structure];
}

/** Whether a term has covariances between its coefficients (full k x k blocks in the MME). */
export function hasCovariances(term: Pick<CovarianceTerm, "structure">): boolean {
  return structureOf(term).parameters === "matrix";
}

/** Size of the covariance matrix a term's prior describes: a shared variance is 1 x 1. */
export function priorDim(term: Pick<CovarianceTerm, "structure" | "dim">): number {
  return structureOf(term).parameters === "shared-variance" ? 1 : term.dim;
}

/** Index into term.vcvNames of element (a, b) of the k x k matrix, or -1 when it is not stored. */
export function vcvIndex(term: Pick<CovarianceTerm, "structure" | "dim">, a: number, b: number): number {
  switch (structureOf(term).parameters) {
    case "shared-variance":
      return a === b ? 0 : -1;
    case "variances":
      return a === b ? a : -1;
    case "matrix":
      return b * term.dim + a;
  }
}

/** Writes a term's k x k matrix M (row-major) as its stored VCV values: write(index, value). */
export function storeVcv(term: Pick<CovarianceTerm, "structure" | "dim">, M: ArrayLike<number>, out: Float64Array[], at: number, slot: number): number {
  const k = term.dim;
  switch (structureOf(term).parameters) {
    case "shared-variance":
      out[at][slot] = M[0];
      return at + 1;
    case "variances":
      for (let a = 0; a < k; a++) out[at + a][slot] = M[a * k + a];
      return at + k;
    case "matrix":
      for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) out[at + b * k + a][slot] = M[a * k + b];
      return at + k * k;
  }
}

/** The dense k x k matrix (row-major) of a term from its stored VCV values: get(index). */
export function loadVcv(term: Pick<CovarianceTerm, "structure" | "dim">, get: (index: number) => number, out: Float64Array): void {
  const k = term.dim;
  out.fill(0);
  switch (structureOf(term).parameters) {
    case "shared-variance": {
      const v = get(0);
      for (let a = 0; a < k; a++) out[a * k + a] = v;
      return;
    }
    case "variances":
      for (let a = 0; a < k; a++) out[a * k + a] = get(a);
      return;
    case "matrix":
      for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) out[a * k + b] = get(b * k + a);
  }
}
