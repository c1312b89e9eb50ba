import { describe, expect, it } from "vitest";
import { createStream, deriveStreamSeed, mhAccept, restoreStream, streamState } from "../../src/random/index.js";
import type { Rng } from "../../src/random/index.js";
import { expectMoments, ksCritical, ksStatistic } from "./helpers.js";

function take(rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i % 3 === 2 ? rng.normal() : rng.uniform());
  return out;
}

describe("createStream", () => {
  it("gives the same stream for the same (seed, chain)", () => {
    expect(take(createStream(2024, 3), 50)).toEqual(take(createStream(2024, 3), 50));
  });

  it("gives different streams for different chains and seeds", () => {
    const base = take(createStream(1, 0), 20);
    for (const [seed, chain] of [[1, 1], [1, 2], [2, 0], [0, 1], [-1, 0], [2 ** 52, 0]] as const) {
      const other = take(createStream(seed, chain), 20);
      const same = other.filter((x, i) => x === base[i]).length;
      expect(same, `seed ${seed} chain ${chain}`).toBe(0);
    }
    const seeds = new Set<string>();
    for (let s = 0; s < 20; s++) for (let c = 0; c < 20; c++) seeds.add(deriveStreamSeed(s, c));
    expect(seeds.size).toBe(400);
  });

  it("draws neighbouring chains that are uncorrelated", () => {
    const a = createStream(5, 0);
    const b = createStream(5, 1);
    const n = 100_000;
    let sab = 0;
    for (let i = 0; i < n; i++) sab += a.normal() * b.normal();
    // Correlation of independent normals: sd 1/sqrt(n).
    expect(Math.abs(sab / n)).toBeLessThan(4 / Math.sqrt(n));
  });

  it("rejects seeds that are not safe integers and negative chains", () => {
    expect(() => createStream(1.5, 0)).toThrow(RangeError);
    expect(() => createStream(1, -1)).toThrow(RangeError);
    expect(() => createStream(2 ** 60, 0)).toThrow(RangeError);
  });
});

describe("stream state", () => {
  it("round-trips through JSON and continues identically, also mid normal pair", () => {
    for (const warmup of [0, 1, 2, 7]) {
      const s = createStream(99, 4);
      for (let i = 0; i < warmup; i++) s.normal();
      const saved = JSON.parse(JSON.stringify(streamState(s)));
      const expected = take(s, 40);
      const restored = restoreStream(saved);
      expect(take(restored, 40), `after ${warmup} normals`).toEqual(expected);
    }
  });

  it("does not share state with the saved object", () => {
    const s = createStream(3, 0);
    const saved = streamState(s);
    const r1 = restoreStream(saved);
    const first = take(r1, 10);
    const r2 = restoreStream(saved);
    expect(take(r2, 10)).toEqual(first);
  });
});

describe("uniform and normal", () => {
  it("uniforms lie in (0, 1) and are uniform (KS)", () => {
    const rng = createStream(11, 0);
    const n = 100_000;
    const xs = new Float64Array(n);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u > 0 && u < 1)) outside++;
      xs[i] = u;
    }
    expect(outside).toBe(0);
    expect(ksStatistic(xs, (x) => x)).toBeLessThan(ksCritical(n));
  });

  it("normals have mean 0, variance 1, and zero skewness", () => {
    const rng = createStream(12, 0);
    const n = 400_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = rng.normal();
    expectMoments(xs, 0, 1, "normal");
    let s3 = 0;
    for (const x of xs) s3 += x * x * x;
    // Var(Z^3) = 15.
    expect(Math.abs(s3 / n)).toBeLessThan(4 * Math.sqrt(15 / n));
  });
});

describe("mhAccept", () => {
  it("accepts with probability min(1, exp(logRatio))", () => {
    const rng = createStream(13, 0);
    for (const lr of [-3, -0.7, -0.01]) {
      const n = 100_000;
      let acc = 0;
      for (let i = 0; i < n; i++) if (mhAccept(rng, lr)) acc++;
      const p = Math.exp(lr);
      expect(Math.abs(acc / n - p), `logRatio ${lr}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("always accepts non-negative and +Infinity ratios and rejects NaN and -Infinity", () => {
    const rng = createStream(14, 0);
    for (let i = 0; i < 1000; i++) {
      expect(mhAccept(rng, 0)).toBe(true);
      expect(mhAccept(rng, 2)).toBe(true);
      expect(mhAccept(rng, Infinity)).toBe(true);
      expect(mhAccept(rng, Number.NaN)).toBe(false);
      expect(mhAccept(rng, -Infinity)).toBe(false);
    }
  });
});
