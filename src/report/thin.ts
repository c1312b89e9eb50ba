// Which draws a trace plot draws. A trace of 100,000 iterations shows no more on a 254-pixel
// plotting area than one of 500, but costs two hundred times the bytes in report.html; so we
// keep `maxPoints` evenly spaced draws, the first and the last among them, so the trace still
// spans the whole run. Each point is drawn at its own draw number, so gaps that differ by one
// (1000 draws into 500 points) do not distort the picture. Isolated spikes between kept draws
// can be lost; the density and rank plots, built from all draws, still show them.

/** Indices 0..n-1 thinned to at most `maxPoints` (>= 2): all when n <= maxPoints, else maxPoints evenly spaced. */
export function thinIndices(n: number, maxPoints: number): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => Math.round(k * step));
}
