// Sorting order of doubles by LSD radix sort on their bit patterns: O(n), stable, no
// comparator calls. Ranking 40,000 draws this way takes about a millisecond, several times
// faster than comparison sorting or binary searches into a sorted copy.

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * Indices that put `values` in ascending order (stable: equal values keep their order).
 * -0 sorts just before +0 (no value lies between them, so they stay adjacent); NaN sorts
 * after +Infinity.
 */
export function argsort(values: Float64Array): Uint32Array {
  const n = values.length;
  if (!LITTLE_ENDIAN) {
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    return idx.sort((a, b) => values[a] - values[b] || a - b);
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  // Map each double to an unsigned 64-bit key (hi, lo) in the same order: flip all bits of
  // negatives, only the sign bit of positives.
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    const l = words[2 * i];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
    // a digit shared by all keys does not reorder anything
    if (count[(key[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = idx[i];
      tmp[count[(key[k] >>> shift) & 0xffff]++] = k;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}
