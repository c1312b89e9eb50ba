// The keys a model spec may hold, in one place, and the check that refuses any other: a
// misspelt key (`nitts`, `priors`, `Vv`) silently ignored would fit a model other than the one
// written. Modules that add a spec key add it here (SPEC_KEYS or the nested lists).

import { ModelSpecError } from "../errors.js";

/** Top-level keys of a model spec (ModelSpec's fields plus keys read by other modules). */
export const SPEC_KEYS: string[] = [
  "data", "fixed", "random", "rcov", "family", "pedigree", "ginverse", "prior", "columns",
  "nitt", "burnin", "thin", "chains", "threads", "seed", "latent", "pr",
  // measurement-error variances, phylogenies, latent-variable draws, starting values, prior-only runs
  "mev", "phylogeny", "pl", "start", "prior_only",
  // the location sampler (samplers/kernels/location/choice.ts)
  "location",
];

/** Keys of `prior`. */
export const PRIOR_KEYS: string[] = ["R", "G", "B"];

/** Keys of one (co)variance prior (an entry of prior.G, prior.R or prior.R's entries). */
export const VARIANCE_PRIOR_KEYS: string[] = ["V", "nu", "alpha.mu", "alpha.V", "fix", "beta.mu", "beta.V", "covu"];

/** Keys of the fixed-effect prior prior.B. */
export const FIXED_PRIOR_KEYS: string[] = ["mu", "V"];

/** Keys of an object entry of `columns` ({ordered: [...]}, {factor: [...]}). */
export const COLUMN_TYPE_KEYS: string[] = ["ordered", "factor", "levels"];

/** The string column types `columns` accepts. */
export const COLUMN_TYPE_NAMES: string[] = ["numeric", "factor"];

/** Edit distance (insertions, deletions, substitutions; case-insensitive). */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase(), t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length];
}

/** The known name closest to `name`; among equally close ones, one sharing its first letter, then the first listed. */
export function nearestKey(name: string, known: readonly string[]): string {
  let best = known[0], bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k) + (k[0]?.toLowerCase() === name[0]?.toLowerCase() ? 0 : 0.5);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function checkKeys(obj: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new ModelSpecError(`${where} has an unknown key "${key}"; did you mean "${nearestKey(key, known)}"? (known: ${known.join(", ")})`);
    }
  }
}

function requireObject(x: unknown, where: string): Record<string, unknown> {
  if (!isObject(x)) throw new ModelSpecError(`${where} must be an object, got ${JSON.stringify(x) ?? String(x)}`);
  return x;
}

function checkVariancePrior(x: unknown, where: string): void {
  checkKeys(requireObject(x, where), VARIANCE_PRIOR_KEYS, where);
}

/** prior.R is one variance prior, or an object of them (R1, R2, ... as MCMCglmm allows). */
function checkResidualPrior(R: unknown): void {
  const obj = requireObject(R, "prior.R");
  const values = Object.values(obj);
  const direct = Object.keys(obj).some((k) => VARIANCE_PRIOR_KEYS.includes(k)) || values.some((v) => !isObject(v));
  if (direct) checkVariancePrior(obj, "prior.R");
  else for (const [name, v] of Object.entries(obj)) checkVariancePrior(v, `prior.R.${name}`);
}

function checkPrior(prior: unknown): void {
  const obj = requireObject(prior, "prior");
  checkKeys(obj, PRIOR_KEYS, "prior");
  if (obj.R !== undefined) checkResidualPrior(obj.R);
  if (obj.G !== undefined) for (const [name, g] of Object.entries(requireObject(obj.G, "prior.G"))) checkVariancePrior(g, `prior.G.${name}`);
  if (obj.B !== undefined) checkKeys(requireObject(obj.B, "prior.B"), FIXED_PRIOR_KEYS, "prior.B");
}

/** One entry of `columns`: "numeric", "factor", {ordered: [levels]}, {factor: [levels]} or {levels: [levels]} (an unordered factor in that order). */
export function checkColumnType(name: string, type: unknown): void {
  const where = `columns.${name}`;
  const valid = `valid types: ${COLUMN_TYPE_NAMES.map((t) => `"${t}"`).join(", ")}, {"ordered": [levels]}, {"factor": [levels]}, {"levels": [levels]}`;
  if (typeof type === "string") {
    if (!COLUMN_TYPE_NAMES.includes(type)) {
      throw new ModelSpecError(`${where}: unknown column type "${type}"; did you mean "${nearestKey(type, COLUMN_TYPE_NAMES)}"? (${valid})`);
    }
    return;
  }
  if (!isObject(type)) throw new ModelSpecError(`${where}: ${JSON.stringify(type) ?? String(type)} is not a column type (${valid})`);
  checkKeys(type, COLUMN_TYPE_KEYS, where);
  const keys = Object.keys(type);
  if (keys.length !== 1) throw new ModelSpecError(`${where}: give exactly one of "ordered", "factor" or "levels" (${valid})`);
  const levels = type[keys[0]];
  if (!Array.isArray(levels) || levels.length === 0 || !levels.every((l) => typeof l === "string")) {
    throw new ModelSpecError(`${where}: "${keys[0]}" must be a non-empty list of level names (strings)`);
  }
  const dup = levels.find((l, k) => levels.indexOf(l) !== k);
  if (dup !== undefined) throw new ModelSpecError(`${where}: level "${dup}" is listed twice`);
}

const STRING_KEYS = ["data", "fixed", "random", "rcov", "pedigree", "latent", "location"];
const NUMBER_KEYS = ["nitt", "burnin", "thin", "chains", "threads", "seed"];

/**
 * Refuse keys the spec does not know, at every level this package reads (top level, prior,
 * prior.G/R/B entries, columns), naming the key and the nearest known one; and values of the
 * wrong JSON type for the keys read here. Keys other modules add are theirs to check.
 *
 * @example
 * ```ts
 * checkSpecKeys({ fixed: "y ~ x", nitts: 1000 }); // ModelSpecError: unknown key "nitts"; did you mean "nitt"?
 * ```
 */
export function checkSpecKeys(spec: unknown): void {
  const obj = requireObject(spec, "the model spec");
  checkKeys(obj, SPEC_KEYS, "the model spec");
  for (const key of STRING_KEYS) {
    if (obj[key] !== undefined && typeof obj[key] !== "string") throw new ModelSpecError(`"${key}" must be a string, got ${JSON.stringify(obj[key])}`);
  }
  for (const key of NUMBER_KEYS) {
    if (obj[key] !== undefined && typeof obj[key] !== "number") throw new ModelSpecError(`"${key}" must be a number, got ${JSON.stringify(obj[key])}`);
  }
  if (obj.pr !== undefined && typeof obj.pr !== "boolean") throw new ModelSpecError(`"pr" must be true or false, got ${JSON.stringify(obj.pr)}`);
  const family = obj.family;
  if (family !== undefined && family !== null && typeof family !== "string" && !(Array.isArray(family) && family.length > 0 && family.every((f) => typeof f === "string"))) {
    throw new ModelSpecError(`"family" must be a family name or a list of them, got ${JSON.stringify(family)}`);
  }
  if (obj.ginverse !== undefined) {
    for (const [column, file] of Object.entries(requireObject(obj.ginverse, "ginverse"))) {
      if (typeof file !== "string") throw new ModelSpecError(`ginverse.${column} must be a file name, got ${JSON.stringify(file)}`);
    }
  }
  if (obj.prior !== undefined) checkPrior(obj.prior);
  if (obj.columns !== undefined) for (const [name, type] of Object.entries(requireObject(obj.columns, "columns"))) checkColumnType(name, type);
}
