// Posterior draws: per parameter, one Float64Array per chain (equal lengths).

export interface Draws {
  readonly names: readonly string[];
  /** chains[c][p]: draws of parameter p in chain c. */
  readonly chains: readonly (readonly Float64Array[])[];
}

export function drawsOf(draws: Draws, name: string): Float64Array[] {
  const p = draws.names.indexOf(name);
  if (p < 0) throw new RangeError(`no parameter named ${name}`);
  return draws.chains.map((c) => c[p]);
}

/** Per-parameter views, parameter -> chains, for the API (`fit.draws`). */
export function drawsByParameter(draws: Draws): Record<string, Float64Array[]> {
  const out: Record<string, Float64Array[]> = {};
  draws.names.forEach((name, p) => { out[name] = draws.chains.map((c) => c[p]); });
  return out;
}

/** Trims every chain to the shortest chain's length (chains stopped early end unevenly). */
export function equaliseLengths(chains: Float64Array[][]): Float64Array[][] {
  const n = Math.min(...chains.map((c) => (c.length > 0 ? c[0].length : 0)));
  return chains.map((c) => c.map((d) => (d.length === n ? d : d.slice(0, n))));
}
