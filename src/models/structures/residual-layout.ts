// The residual covariance of each unit, as MCMCglmm's block-diagonal R: every stacked row
// (trait t of unit u) has one residual term and one coefficient of it (model.residualIndex), so
// unit u's T x T residual covariance has entry (a, b) = R_term[coef a, coef b] when traits a and b
// fall in the same term, and 0 otherwise. Units with the same (term, coefficient) per trait share
// that block: they form a pattern. The usual R (one `units`/`us(trait):units` term covering every
// unit, coefficient = trait) is one pattern whose block is the term's matrix itself ("shared"),
// which keeps the samplers' single-block fast paths.
//
// Long-format data (family = null, models/long/) place the data rows on the unit x trait grid; a
// grid cell no data row fills is "absent": term -1, coefficient -1, its own residual of variance 1
// independent of everything, with zero design rows and a missing response, so it never touches
// the posterior (its latent variable is a free N(0, 1) draw).
//
// The chain state stores every term's d x d matrix (row-major) back to back in one array, term 0
// first; `offsets` says where each starts.

import type { CovarianceTerm, Model } from "../types.js";

export interface ResidualPattern {
  /** Per trait: its residual term and that term's coefficient. */
  readonly term: Int32Array;
  readonly coef: Int32Array;
  /** The units with this pattern, ascending. */
  readonly units: Int32Array;
}

export interface ResidualLayout {
  readonly terms: readonly CovarianceTerm[];
  /** Start of each term's d x d matrix in the concatenated residual state. */
  readonly offsets: readonly number[];
  /** Length of the concatenated residual state. */
  readonly size: number;
  readonly patterns: readonly ResidualPattern[];
  /** Pattern of each unit. */
  readonly patternOf: Int32Array;
  /** One pattern, one term, coefficient = trait: every unit's block is term 0's matrix as stored. */
  readonly shared: boolean;
}

const layouts = new WeakMap<Model, ResidualLayout>();

export function residualLayout(model: Model): ResidualLayout {
  const cached = layouts.get(model);
  if (cached) return cached;
  const layout = buildLayout(model);
  layouts.set(model, layout);
  return layout;
}

function buildLayout(model: Model): ResidualLayout {
  const n = model.nUnits, T = model.nTraits;
  const terms = model.residualTerms;
  const offsets: number[] = [];
  let size = 0;
  for (const t of terms) {
    offsets.push(size);
    size += t.dim * t.dim;
  }
  const { term, coef } = model.residualIndex;
  const keys = new Map<string, number>();
  const patternOf = new Int32Array(n);
  const members: number[][] = [];
  const found: { term: Int32Array; coef: Int32Array }[] = [];
  for (let u = 0; u < n; u++) {
    let key = "";
    for (let t = 0; t < T; t++) key += `${term[t * n + u]}.${coef[t * n + u]};`;
    let p = keys.get(key);
    if (p === undefined) {
      p = found.length;
      keys.set(key, p);
      found.push({ term: Int32Array.from({ length: T }, (_, t) => term[t * n + u]), coef: Int32Array.from({ length: T }, (_, t) => coef[t * n + u]) });
      members.push([]);
    }
    patternOf[u] = p;
    members[p].push(u);
  }
  const patterns = found.map((f, p) => ({ ...f, units: Int32Array.from(members[p]) }));
  const only = patterns[0];
  const shared =
    patterns.length === 1 && terms.length === 1 && terms[0].dim === T && only.coef.every((c, t) => c === t) && only.term.every((x) => x === 0);
  return { terms, offsets, size, patterns, patternOf, shared };
}

/** Unit block of pattern p (T x T row-major) from the concatenated residual state R. */
export function fillPatternCovariance(layout: ResidualLayout, p: number, R: Float64Array, T: number, out: Float64Array): void {
  const { term, coef } = layout.patterns[p];
  for (let a = 0; a < T; a++) {
    const ta = term[a];
    if (ta < 0) {
      for (let b = 0; b < T; b++) out[a * T + b] = a === b ? 1 : 0;
      continue;
    }
    const d = layout.terms[ta].dim;
    const base = layout.offsets[ta] + coef[a] * d;
    for (let b = 0; b < T; b++) out[a * T + b] = term[b] === ta ? R[base + coef[b]] : 0;
  }
}

/** Whether traits a and b of pattern p can have a non-zero residual covariance. */
export function patternCovaries(layout: ResidualLayout, p: number, a: number, b: number, hasCovariances: (t: CovarianceTerm) => boolean): boolean {
  const { term } = layout.patterns[p];
  if (a === b) return true;
  return term[a] === term[b] && term[a] >= 0 && hasCovariances(layout.terms[term[a]]);
}
