// The zero-truncated multinomial's law given its latent traits (ztmultinomial.ts): exact draws
// conditioned on which categories are present, and the expected counts under that condition.
// Simulation and prediction only: these allocate, unlike the sampler's likelihood.

import { DataError } from "../../errors.js";
import { rBinomial } from "../../random/distributions.js";
import type { Rng } from "../../random/stream.js";
import { allPresentEvaluator } from "./all-present.js";
import { logChoose } from "./logit.js";
import { exp, log, log1p, pow } from "../../math/deterministic.js";

let pkk = allPresentEvaluator(8, 64);

/**
 * Counts of n draws over the categories with present[j] = 1 (all when null), probabilities
 * softmax(l_1..l_{K-1}, 0) restricted to them, conditioned on each present category getting at
 * least one: rejection from the multinomial, then, if that keeps failing, the exact sequential
 * draw y_i | rest ~ C(rest, a) w^a (1 - w)^(rest - a) pkk(the later categories, rest - a).
 * Writes the K counts to `out` (absent categories 0).
 */
export function drawZeroTruncatedMultinomial(l: ArrayLike<number>, K: number, n: number, present: ArrayLike<number> | null, rng: Rng, out: Float64Array): void {
  if (K > 8) pkk = allPresentEvaluator(K, 64);
  const idx = new Int32Array(K);
  const q = new Float64Array(K);
  let k = 0, Z = 0, m = 0;
  for (let j = 0; j < K - 1; j++) if (!present || present[j]) m = Math.max(m, l[j]);
  for (let j = 0; j < K; j++) {
    out[j] = 0;
    if (present && !present[j]) continue;
    idx[k] = j;
    q[k] = exp((j < K - 1 ? l[j] : 0) - m);
    Z += q[k++];
  }
  if (n < k) throw new DataError(`a ${k}-category zero-truncated multinomial row needs at least ${k} counts, got ${n}`);
  for (let i = 0; i < k; i++) q[i] /= Z;
  for (let attempt = 0; attempt < 100; attempt++) {
    let rest = n, mass = 1, ok = true;
    for (let i = 0; i < k; i++) {
      const c = i === k - 1 ? rest : rBinomial(rng, rest, Math.min(1, q[i] / mass));
      out[idx[i]] = c;
      rest -= c;
      mass -= q[i];
      if (c === 0) ok = false;
    }
    if (ok) return;
  }
  // exact sequential draw
  let rest = n;
  for (let i = 0; i < k - 1; i++) {
    let mass = 0;
    for (let t = i; t < k; t++) mass += q[t];
    const w = q[i] / mass;
    const later = k - i - 1;
    const sub = new Float64Array(later);
    for (let t = 0; t < later; t++) sub[t] = q[i + 1 + t] / (mass - q[i]);
    const weights: number[] = [];
    let top = -Infinity;
    for (let a = 1; a <= rest - later; a++) {
      const lw = logChoose(rest, a) + a * log(w) + (rest - a) * log1p(-w) + pkk.log(sub, later, rest - a);
      weights.push(lw);
      top = Math.max(top, lw);
    }
    let total = 0;
    for (let a = 0; a < weights.length; a++) total += (weights[a] = exp(weights[a] - top));
    let v = rng.uniform() * total, a = 0;
    while (a < weights.length - 1 && v > weights[a]) v -= weights[a++];
    out[idx[i]] = a + 1;
    rest -= a + 1;
  }
  out[idx[k - 1]] = rest;
}

/**
 * E[y_j | l, the categories with present[j] = 1 (all when null) each present, the others 0]
 * = n q_j P(the other present ones all present in n - 1 draws) / pkk(q_S, n), q the softmax
 * over the present categories (the conditioned law's mean, by linearity over the n draws). The
 * numerator sums over the r draws that fall in category j,
 *   P = sum_r C(m, r) q_j^r (1 - q_j)^(m - r) pkk(q_{S\j} / (1 - q_j), m - r),
 * in logs with pkk from all-present.ts (exact where inclusion-exclusion cancels: one category
 * holding nearly all the mass). Writes the first K-1 columns; NaN when n < |S| (no such row).
 */
export function expectedCounts(x: ArrayLike<number>, K: number, n: number, out: Float64Array, present: ArrayLike<number> | null = null): void {
  if (K > 8) pkk = allPresentEvaluator(K, 64);
  const on = (j: number) => !present || present[j] === 1;
  const q = new Float64Array(K), sub = new Float64Array(K);
  let Z = 0, m = -Infinity, S = 0;
  for (let j = 0; j < K; j++) if (on(j)) m = Math.max(m, j < K - 1 ? x[j] : 0);
  for (let j = 0; j < K; j++) if (on(j)) { Z += (q[j] = exp((j < K - 1 ? x[j] : 0) - m)); S++; }
  for (let j = 0; j < K; j++) q[j] /= Z;
  if (!(n >= S)) {
    out.fill(NaN, 0, K - 1);
    return;
  }
  // fast path: inclusion-exclusion, where it cannot have cancelled (all-present.ts's bound)
  const bound = 1e6 * (1 << S) * (n + 1) * Number.EPSILON;
  const denominator = othersPresent(q, K, -1, n, on);
  let fast = denominator > bound;
  for (let j = 0; j < K - 1 && fast; j++) {
    const numerator = on(j) ? othersPresent(q, K, j, n - 1, on) : 0;
    if (on(j) && !(numerator > bound)) fast = false;
    out[j] = on(j) ? (n * q[j] * numerator) / denominator : 0;
  }
  if (fast) return;
  const logAll = pkk.log(compact(q, on, K), S, n);
  for (let j = 0; j < K - 1; j++) {
    if (!on(j)) {
      out[j] = 0;
      continue;
    }
    if (S === 1) {
      out[j] = n;
      continue;
    }
    // the other present categories, renormalised
    let rest = 0, k = 0;
    for (let i = 0; i < K; i++) if (i !== j && on(i)) rest += q[i];
    for (let i = 0; i < K; i++) if (i !== j && on(i)) sub[k++] = q[i] / rest;
    const lq = log(q[j]), lr = log(rest), M = n - 1;
    const terms: number[] = [];
    for (let r = 0; r <= M - k; r++) terms.push(logChoose(M, r) + (r > 0 ? r * lq : 0) + (M - r > 0 ? (M - r) * lr : 0) + pkk.log(sub, k, M - r));
    let top = -Infinity;
    for (const t of terms) top = Math.max(top, t);
    let sum = 0;
    for (const t of terms) sum += exp(t - top);
    out[j] = n * q[j] * exp(top + log(sum) - logAll);
  }
}

/** P(every present category but `skip` gets >= 1 of m draws from q): inclusion-exclusion over the empty ones. */
function othersPresent(q: Float64Array, K: number, skip: number, m: number, on: (j: number) => boolean): number {
  let p = 0;
  const cats: number[] = [];
  for (let j = 0; j < K; j++) if (j !== skip && on(j)) cats.push(j);
  for (let mask = 0; mask < 1 << cats.length; mask++) {
    let empty = 0, size = 0;
    for (let b = 0; b < cats.length; b++) if (mask & (1 << b)) { empty += q[cats[b]]; size++; }
    p += (size % 2 === 0 ? 1 : -1) * pow(Math.max(0, 1 - empty), m);
  }
  return p;
}

/** The probabilities of the present categories, in order. */
function compact(q: Float64Array, on: (j: number) => boolean, K: number): Float64Array {
  const out: number[] = [];
  for (let j = 0; j < K; j++) if (on(j)) out.push(q[j]);
  return Float64Array.from(out);
}
