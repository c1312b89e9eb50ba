// Which parameters get plots: those with draws, and of the two mirror entries of a symmetric
// covariance matrix (MCMCglmm's VCV holds both `a:b.animal` and `b:a.animal`) only the first.

/** True when n2 is n1 with the two coefficients before the term name swapped (a:b.t vs b:a.t). */
export function isMirrorName(n1: string, n2: string): boolean {
  if (n1 === n2 || n1.length !== n2.length) return false;
  for (let i = n1.indexOf(":"); i >= 0; i = n1.indexOf(":", i + 1)) {
    for (let j = n1.indexOf(".", i + 1); j >= 0; j = n1.indexOf(".", j + 1)) {
      const a = n1.slice(0, i), b = n1.slice(i + 1, j), rest = n1.slice(j);
      if (a !== b && n2 === `${b}:${a}${rest}`) return true;
    }
  }
  return false;
}

/**
 * Equal draw for draw up to rounding: a sampled covariance matrix (an inverse-Wishart draw
 * formed by products and inverses) is symmetric only to a few ulps.
 */
function sameDraws(a: readonly Float64Array[], b: readonly Float64Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let c = 0; c < a.length; c++) {
    if (a[c].length !== b[c].length) return false;
    for (let i = 0; i < a[c].length; i++) {
      const x = a[c][i], y = b[c][i];
      if (Object.is(x, y)) continue;
      if (!(Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)))) return false;
    }
  }
  return true;
}

/**
 * For each parameter that duplicates an earlier one (mirror name, the same draws up to rounding), the
 * earlier one's name: its plots serve both.
 */
export function mirroredCovariances(names: readonly string[], drawsOf: (name: string) => readonly Float64Array[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const seen: string[] = [];
  for (const name of names) {
    const draws = drawsOf(name);
    const twin = draws ? seen.find((earlier) => isMirrorName(earlier, name) && sameDraws(drawsOf(earlier)!, draws)) : undefined;
    if (twin !== undefined) out.set(name, twin);
    else seen.push(name);
  }
  return out;
}
