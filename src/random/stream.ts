// Seeded random streams: one per (seed, chain), so a chain's draws do not depend on how many
// threads run the chains. Uniforms come from seedrandom's xor4096 (Brent's xorgens, period
// 2^4128, passes BigCrush) through `.double()` (53 bits, never exactly 0); normals from
// Marsaglia's polar method with the second variate of each pair cached.

import seedrandom from "seedrandom";
import { log } from "../math/deterministic.js";

/** The random source every variate generator takes. */
export interface Rng {
  /** A uniform draw in the open interval (0, 1): never 0 (so log(u) is finite), never 1. */
  uniform(): number;
  /** A standard normal draw. */
  normal(): number;
  /** out[0..n) = n standard normal draws, the same as n calls of normal() (no per-draw boxing). */
  fillNormal?(out: Float64Array, n: number): void;
}

/** n standard normal draws into out, in bulk when the source supports it. */
export function fillNormal(rng: Rng, out: Float64Array, n: number): void {
  if (rng.fillNormal) rng.fillNormal(out, n);
  else for (let i = 0; i < n; i++) out[i] = rng.normal();
}

/** A stream's complete state: JSON-serialisable, so it can be checkpointed or posted to a worker. */
export interface StreamState {
  readonly algorithm: "xor4096";
  readonly seed: number;
  readonly chain: number;
  readonly prng: seedrandom.State.Xor4096;
  /** The cached second normal of the last polar pair, when `hasSpare`. */
  readonly spare: number;
  readonly hasSpare: boolean;
}

type Xor4096 = seedrandom.StatefulPRNG<seedrandom.State.Xor4096>;

/** The seeded stream of one chain. Use `createStream`, `streamState`, `restoreStream`. */
export class Stream implements Rng {
  private spare = 0;
  private hasSpare = false;
  private readonly single = new Float64Array(1);

  /** @internal */
  constructor(
    readonly seed: number,
    readonly chain: number,
    private readonly prng: Xor4096,
  ) {}

  uniform(): number {
    return this.prng.double();
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    this.fillNormal(this.single, 1);
    return this.single[0];
  }

  /** Marsaglia & Bray (1964) polar method: exact, one log and one sqrt per pair. */
  fillNormal(out: Float64Array, n: number): void {
    // The pending spare's path runs on every call (written to out[0], which the loop overwrites
    // when there is none): a path first taken late in a run has no type feedback and would
    // deoptimise the compiled kernels this is inlined into, costing a small fit their recompilation.
    const take = n > 0 && this.hasSpare;
    if (n > 0) out[0] = this.spare;
    this.hasSpare = this.hasSpare && !take;
    let i = take ? 1 : 0;
    const prng = this.prng;
    while (i < n) {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * prng.double() - 1;
        v = 2 * prng.double() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * log(s)) / s);
      out[i++] = u * f;
      if (i < n) out[i++] = v * f;
      else {
        this.spare = v * f;
        this.hasSpare = true;
      }
    }
  }

  /** @internal used by `streamState`. */
  snapshot(): StreamState {
    return {
      algorithm: "xor4096",
      seed: this.seed,
      chain: this.chain,
      prng: this.prng.state(),
      spare: this.spare,
      hasSpare: this.hasSpare,
    };
  }

  /** @internal used by `restoreStream`. */
  setSpare(spare: number, hasSpare: boolean): void {
    this.spare = spare;
    this.hasSpare = hasSpare;
  }
}

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijective, well-avalanching 64-bit mix. */
function mix64(x: bigint): bigint {
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return x ^ (x >> 31n);
}

/**
 * The xor4096 string seed of chain `chain` under the user's `seed`: 128 well-mixed bits of
 * (seed, chain), so neighbouring seeds and chains give unrelated streams.
 */
export function deriveStreamSeed(seed: number, chain: number): string {
  const GOLDEN = 0x9e3779b97f4a7c15n;
  const s = BigInt.asUintN(64, BigInt(seed));
  const k = mix64((mix64((s + GOLDEN) & MASK64) + BigInt(chain + 1) * GOLDEN) & MASK64);
  const k2 = mix64((k + GOLDEN) & MASK64);
  return `mcglmm:${k.toString(16).padStart(16, "0")}${k2.toString(16).padStart(16, "0")}`;
}

function checkSeed(seed: number, chain: number): void {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
  if (!Number.isSafeInteger(chain) || chain < 0) {
    throw new RangeError(`chain index must be a non-negative integer, got ${chain}`);
  }
}

/** The stream of chain `chain` (0-based) under the user's `seed` (any safe integer). */
export function createStream(seed: number, chain: number): Stream {
  checkSeed(seed, chain);
  const prng = seedrandom.xor4096(deriveStreamSeed(seed, chain), { state: true });
  return new Stream(seed, chain, prng);
}

/** A copy of the stream's state; `restoreStream(streamState(s))` continues exactly where `s` is. */
export function streamState(stream: Stream): StreamState {
  return stream.snapshot();
}

/** A new stream that continues from a saved state. The saved object is not modified. */
export function restoreStream(state: StreamState): Stream {
  if (state.algorithm !== "xor4096") {
    throw new RangeError(`unknown stream algorithm '${String(state.algorithm)}' in saved state`);
  }
  checkSeed(state.seed, state.chain);
  const prng = seedrandom.xor4096("", {
    state: { i: state.prng.i, w: state.prng.w, X: state.prng.X.slice() },
  });
  const stream = new Stream(state.seed, state.chain, prng);
  stream.setSpare(state.spare, state.hasSpare);
  return stream;
}
