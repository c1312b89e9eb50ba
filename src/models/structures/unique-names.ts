// Two terms over the same factor and coefficients (us(trait):g + corgh(trait):g) give the same
// MCMCglmm names: MCMCglmm keeps the duplicates in its VCV matrix, and R makes them unique when
// the draws become a data frame (make.unique: "name", "name.1", "name.2", ...). mcglmm stores
// draws by name, so it names them apart the same way, at model build, where every later stage
// reads them.

import type { CovarianceTerm } from "../types.js";

/** R's make.unique: later duplicates get ".1", ".2", ... (skipping names already in use). */
export function makeUnique(names: readonly string[]): string[] {
  const used = new Set(names);
  const emitted = new Set<string>();
  const next = new Map<string, number>();
  return names.map((name) => {
    if (!emitted.has(name)) {
      emitted.add(name);
      return name;
    }
    let k = next.get(name) ?? 1;
    while (used.has(`${name}.${k}`)) k++;
    next.set(name, k + 1);
    const unique = `${name}.${k}`;
    used.add(unique);
    emitted.add(unique);
    return unique;
  });
}

/**
 * The terms with their (co)variance names made unique after the fixed-effect names (which keep
 * theirs): random terms first, then residual terms, the order the draws store them in.
 */
export function uniqueVcvNames(fixedNames: readonly string[], terms: readonly CovarianceTerm[]): CovarianceTerm[] {
  const all = makeUnique([...fixedNames, ...terms.flatMap((t) => t.vcvNames)]);
  let at = fixedNames.length;
  return terms.map((t) => {
    const vcvNames = all.slice(at, at + t.vcvNames.length);
    at += t.vcvNames.length;
    return vcvNames.every((n, i) => n === t.vcvNames[i]) ? t : { ...t, vcvNames };
  });
}
