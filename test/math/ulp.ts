// Distance in units in the last place between two doubles: the difference of their positions in
// the ordered sequence of all doubles (so 0 for equal, 1 for neighbours; +0 and -0 are 0 apart).

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

function ordinal(x: number): bigint {
  f64[0] = x;
  const bits = i64[0];
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/** ulps between a and b; 0 when both are NaN, Infinity when only one is. */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}
