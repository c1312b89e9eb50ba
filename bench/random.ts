// Throughput of the random-variate generators (printed, not asserted): `npx tsx bench/random.ts`.
import {
  createStream,
  createWishartWorkspace,
  gamma,
  rInvWishart,
  rPolyaGamma,
  rPolyaGammaOne,
  rTruncNormal,
} from "../src/random/index.js";

function rate(label: string, n: number, body: () => number): void {
  // Warm up so the JIT has compiled the generator before timing.
  let sink = 0;
  for (let i = 0; i < Math.min(n, 100_000); i++) sink += body();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += body();
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = n / seconds;
  const shown = perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(1)} k/s`;
  console.log(`${label.padEnd(34)} ${shown.padStart(12)}   (${((seconds / n) * 1e9).toFixed(0)} ns/draw)${Number.isFinite(sink) ? "" : " !"}`);
}

export async function run(): Promise<void> {
  const rng = createStream(1, 0);
  rate("uniform (xor4096 .double)", 5_000_000, () => rng.uniform());
  rate("normal (polar)", 5_000_000, () => rng.normal());
  rate("gamma(shape 0.1)", 2_000_000, () => gamma(rng, 0.1, 1));
  rate("gamma(shape 1)", 2_000_000, () => gamma(rng, 1, 1));
  rate("gamma(shape 7.5)", 2_000_000, () => gamma(rng, 7.5, 1));
  for (const z of [0, 0.5, 3, 10]) rate(`PG(1, ${z})`, 500_000, () => rPolyaGammaOne(rng, z));
  rate("PG(2.5, 1) (2 exact + series)", 100_000, () => rPolyaGamma(rng, 2.5, 1));
  rate("PG(20, 1) (exact sum)", 50_000, () => rPolyaGamma(rng, 20, 1));
  rate("PG(200, 1) (shifted gamma)", 500_000, () => rPolyaGamma(rng, 200, 1));
  rate("truncnormal [-1, 2]", 2_000_000, () => rTruncNormal(rng, 0, 1, -1, 2));
  rate("truncnormal [8, inf)", 2_000_000, () => rTruncNormal(rng, 0, 1, 8, Infinity));
  rate("truncnormal [0, inf)", 2_000_000, () => rTruncNormal(rng, 0, 1, 0, Infinity));
  const ws = createWishartWorkspace(3);
  const S = Float64Array.from([2, 0.5, -0.3, 0.5, 1, 0.2, -0.3, 0.2, 0.8]);
  const out = new Float64Array(9);
  rate("inverse-Wishart k=3", 500_000, () => {
    rInvWishart(rng, 10.5, S, out, ws);
    return out[0];
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (isMain) await run();
