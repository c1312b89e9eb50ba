// Degree lists of the minimum degree ordering (amd.ts): one doubly linked list of variables per
// degree, so that a variable of minimum degree is found, and a variable moved between degrees,
// in constant (amortised) time.

export interface DegreeLists {
  /** Puts variable i in the list of degree d. */
  insert(i: number, d: number): void;
  /** Takes variable i out of its list (no-op when it is in none). */
  remove(i: number): void;
  /** Takes out and returns the most recently inserted variable of minimum degree. */
  removeMin(): number;
}

/** Empty degree lists for variables 0..n-1 of degrees 0..n. */
export function degreeLists(n: number): DegreeLists {
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const inList = new Int32Array(n).fill(-1);
  // no list below mindeg is non-empty
  let mindeg = n;
  const insert = (i: number, d: number): void => {
    const h = head[d];
    next[i] = h;
    prev[i] = -1;
    if (h !== -1) prev[h] = i;
    head[d] = i;
    inList[i] = d;
    if (d < mindeg) mindeg = d;
  };
  const remove = (i: number): void => {
    const d = inList[i];
    if (d < 0) return;
    if (prev[i] !== -1) next[prev[i]] = next[i];
    else head[d] = next[i];
    if (next[i] !== -1) prev[next[i]] = prev[i];
    inList[i] = -1;
  };
  const removeMin = (): number => {
    while (mindeg <= n && head[mindeg] === -1) mindeg++;
    const p = head[mindeg];
    remove(p);
    return p;
  };
  return { insert, remove, removeMin };
}
