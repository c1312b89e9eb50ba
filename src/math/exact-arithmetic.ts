// Error-free transformations of IEEE double operations (Dekker 1971), for the few places where a
// function needs a result in more than double precision. No fused multiply-add: plain + - * only.

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp's split)

/** a b - p exactly, for p = fl(a b) (Dekker's two-product; |a b| far from overflow). */
export function twoProductError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a), aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b), bLo = b - bHi;
  return ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo;
}
