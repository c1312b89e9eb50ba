import { describe, expect, it } from "vitest";
import { NumericalError } from "../../src/errors.js";
import { createStream, createWishartWorkspace, rInvWishart, rInvWishartConditional, rWishart } from "../../src/random/index.js";
import { sampleMoments } from "./helpers.js";

const S2 = Float64Array.from([2.0, 0.6, 0.6, 1.5]);
const S3 = Float64Array.from([2.0, 0.5, -0.3, 0.5, 1.0, 0.2, -0.3, 0.2, 0.8]);

/** Collect n draws of a k x k matrix: draws[e][i] is element e of draw i. */
function collect(k: number, n: number, draw: (out: Float64Array) => void): Float64Array[] {
  const per = Array.from({ length: k * k }, () => new Float64Array(n));
  const out = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    draw(out);
    for (let e = 0; e < k * k; e++) per[e][i] = out[e];
  }
  return per;
}

/** Inverse-Wishart(df, S) moments (E = S/(df-k-1)); Press (1982) / Gupta & Nagar (2000) Thm 3.4.3. */
function invWishartMoments(S: Float64Array, k: number, df: number, i: number, j: number): { mean: number; variance: number } {
  const m = df - k - 1;
  const sij = S[i * k + j];
  const sii = S[i * k + i];
  const sjj = S[j * k + j];
  return { mean: sij / m, variance: ((df - k + 1) * sij * sij + m * sii * sjj) / ((df - k) * m * m * (df - k - 3)) };
}

function expectMatrixMoments(per: Float64Array[], k: number, moments: (i: number, j: number) => { mean: number; variance: number }, label: string): void {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const { mean, variance } = moments(i, j);
      const m = sampleMoments(per[i * k + j]);
      expect(Math.abs(m.mean - mean), `${label} mean[${i},${j}] ${m.mean} vs ${mean}`).toBeLessThanOrEqual(4 * m.seMean);
      expect(Math.abs(m.variance - variance), `${label} var[${i},${j}] ${m.variance} vs ${variance}`).toBeLessThanOrEqual(4 * m.seVariance);
    }
  }
}

describe("rInvWishart", () => {
  it.each([
    [2, S2, 14.5],
    [3, S3, 15.5],
    [3, S3, 17],
  ])("k = %i: element means S/(df-k-1) and the known element variances (case %$)", (k, S, df) => {
    const rng = createStream(200, Math.round(k * 100 + df * 10));
    const ws = createWishartWorkspace(k);
    const per = collect(k, 150_000, (out) => rInvWishart(rng, df, S, out, ws));
    expectMatrixMoments(per, k, (i, j) => invWishartMoments(S, k, df, i, j), `IW k=${k} df=${df}`);
  });

  it("returns finite symmetric draws with a valid correlation structure for df near k - 1", () => {
    const rng = createStream(201, 0);
    const ws = createWishartWorkspace(3);
    const out = new Float64Array(9);
    let bad = 0;
    for (let r = 0; r < 5000; r++) {
      rInvWishart(rng, 2.5, S3, out, ws);
      if (out[1] !== out[3] || out[2] !== out[6] || out[5] !== out[7]) bad++;
      if (!out.every(Number.isFinite)) bad++;
      for (let i = 0; i < 3; i++) {
        if (!(out[i * 4] > 0)) bad++;
        for (let j = 0; j < i; j++) if (out[i * 3 + j] ** 2 > out[i * 4] * out[j * 4] * (1 + 1e-9)) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it("matches the scalar inverse gamma for k = 1: IW(nu, s) = IG(nu/2, s/2)", () => {
    const rng = createStream(202, 0);
    const ws = createWishartWorkspace(1);
    const nu = 11;
    const s = 3;
    const [per] = collect(1, 150_000, (out) => rInvWishart(rng, nu, Float64Array.of(s), out, ws));
    const m = sampleMoments(per);
    const shape = nu / 2;
    const scale = s / 2;
    expect(Math.abs(m.mean - scale / (shape - 1))).toBeLessThan(4 * m.seMean);
    expect(Math.abs(m.variance - (scale * scale) / ((shape - 1) ** 2 * (shape - 2)))).toBeLessThan(4 * m.seVariance);
  });

  it("rejects bad df and non-positive-definite scales", () => {
    const rng = createStream(203, 0);
    const ws = createWishartWorkspace(2);
    const out = new Float64Array(4);
    expect(() => rInvWishart(rng, 1, S2, out, ws)).toThrow(RangeError);
    expect(() => rInvWishart(rng, 5, Float64Array.from([1, 2, 2, 1]), out, ws)).toThrow(NumericalError);
  });
});

describe("rWishart", () => {
  it.each([
    [2, S2, 4.5],
    [3, S3, 6.3],
  ])("k = %i: E[W] = df S and Var(W_ij) = df (S_ij^2 + S_ii S_jj) (case %$)", (k, S, df) => {
    const rng = createStream(210, k);
    const ws = createWishartWorkspace(k);
    const per = collect(k, 100_000, (out) => rWishart(rng, df, S, out, ws));
    expectMatrixMoments(
      per,
      k,
      (i, j) => ({ mean: df * S[i * k + j], variance: df * (S[i * k + j] ** 2 + S[i * k + i] * S[j * k + j]) }),
      `W k=${k}`,
    );
  });
});

describe("rInvWishartConditional (Korsgaard et al. 1999)", () => {
  it("k = 2, f = 1: moments agree with numerical integration of the conditional IW density", () => {
    // Sigma ~ IW(nu, S), Sigma22 fixed at s22. Conditional density of (a = Sigma11, c = Sigma12)
    // is |Sigma|^(-(nu+3)/2) exp(-tr(S Sigma^-1)/2) restricted to a > c^2/s22; integrate it on a
    // grid in (t = log u, c) with u = a - c^2/s22 (Jacobian e^t).
    const nu = 12.5;
    const s22 = 0.8;
    const [S11, S12, S22] = [S2[0], S2[1], S2[3]];
    const logDensity = (u: number, c: number) =>
      (-(nu + 3) / 2) * Math.log(u) - (S11 * s22 - 2 * S12 * c + S22 * (u + (c * c) / s22)) / (2 * u * s22);
    const nt = 3000;
    const nc = 401;
    const tLo = Math.log(1e-4);
    const tHi = Math.log(50);
    const dt = (tHi - tLo) / (nt - 1);
    // First pass for the maximum log density (for stable exponentiation).
    const cCentre = (S12 * s22) / S22;
    const halfWidth = (u: number) => (12 * Math.sqrt(u) * s22) / Math.sqrt(S22);
    let maxLog = -Infinity;
    for (let it = 0; it < nt; it++) {
      const u = Math.exp(tLo + it * dt);
      maxLog = Math.max(maxLog, logDensity(u, cCentre) + Math.log(u));
    }
    let z = 0;
    let ea = 0;
    let ec = 0;
    let ea2 = 0;
    let ec2 = 0;
    for (let it = 0; it < nt; it++) {
      const u = Math.exp(tLo + it * dt);
      const hw = halfWidth(u);
      const dc = (2 * hw) / (nc - 1);
      for (let ic = 0; ic < nc; ic++) {
        const c = cCentre - hw + ic * dc;
        const wgt = (ic === 0 || ic === nc - 1 ? 0.5 : 1) * (it === 0 || it === nt - 1 ? 0.5 : 1);
        const f = wgt * dc * Math.exp(logDensity(u, c) + Math.log(u) - maxLog);
        const a = u + (c * c) / s22;
        z += f;
        ea += f * a;
        ec += f * c;
        ea2 += f * a * a;
        ec2 += f * c * c;
      }
    }
    const meanA = ea / z;
    const meanC = ec / z;
    const varA = ea2 / z - meanA * meanA;
    const varC = ec2 / z - meanC * meanC;

    const rng = createStream(220, 0);
    const ws = createWishartWorkspace(2);
    const n = 200_000;
    const as = new Float64Array(n);
    const cs = new Float64Array(n);
    const sigma = Float64Array.from([1, 0.1, 0.1, s22]);
    for (let i = 0; i < n; i++) {
      rInvWishartConditional(rng, nu, S2, 1, sigma, ws);
      as[i] = sigma[0];
      cs[i] = sigma[1];
      if (sigma[3] !== s22 || sigma[1] !== sigma[2]) throw new Error("fixed block changed or asymmetric");
    }
    const ma = sampleMoments(as);
    const mc = sampleMoments(cs);
    expect(Math.abs(ma.mean - meanA), `E[Sigma11] ${ma.mean} vs ${meanA}`).toBeLessThan(4 * ma.seMean);
    expect(Math.abs(mc.mean - meanC), `E[Sigma12] ${mc.mean} vs ${meanC}`).toBeLessThan(4 * mc.seMean);
    expect(Math.abs(ma.variance - varA), `Var[Sigma11] ${ma.variance} vs ${varA}`).toBeLessThan(4 * ma.seVariance);
    expect(Math.abs(mc.variance - varC), `Var[Sigma12] ${mc.variance} vs ${varC}`).toBeLessThan(4 * mc.seVariance);

    // The closed forms implied by the parameterisation agree with the integral:
    // Sigma11.2 ~ IG((nu-1)/2 + 1/2 ... ) i.e. IW_1(nu, S11.2): mean S11.2/(nu-2);
    // B | Sigma11.2 ~ N(S12/S22, Sigma11.2/S22); c = B s22; a = Sigma11.2 + B^2 s22.
    const s112 = S11 - (S12 * S12) / S22;
    const eU = s112 / (nu - 2);
    expect(meanC).toBeCloseTo((S12 / S22) * s22, 8);
    expect(meanA).toBeCloseTo(eU + s22 * ((S12 / S22) ** 2 + eU / S22), 8);
  });

  it.each([1, 2])("k = 3, f = %d: Sigma22 from its IW(df - p, S22) marginal then the conditional reproduces IW(df, S)", (f) => {
    const k = 3;
    const p = f;
    const q = k - f;
    const df = 16.5;
    const rng = createStream(230, f);
    const ws = createWishartWorkspace(k);
    const s22 = new Float64Array(q * q);
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) s22[i * q + j] = S3[(p + i) * k + p + j];
    const block = new Float64Array(q * q);
    const per = collect(k, 150_000, (sigma) => {
      rInvWishart(rng, df - p, s22, block, ws, q);
      for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) sigma[(p + i) * k + p + j] = block[i * q + j];
      rInvWishartConditional(rng, df, S3, f, sigma, ws);
    });
    expectMatrixMoments(per, k, (i, j) => invWishartMoments(S3, k, df, i, j), `conditional f=${f}`);
  });

  it("leaves the fixed block untouched, fixes nothing at f = k, everything at f = 0", () => {
    const rng = createStream(240, 0);
    const ws = createWishartWorkspace(3);
    const sigma = Float64Array.from([1, 0.2, 0.1, 0.2, 1, 0.3, 0.1, 0.3, 0.7]);
    const before = sigma.slice();
    rInvWishartConditional(rng, 8, S3, 0, sigma, ws);
    expect(sigma).toEqual(before);
    rInvWishartConditional(rng, 8, S3, 2, sigma, ws);
    expect(sigma[8]).toBe(before[8]);
    expect(sigma[2]).toBe(sigma[6]);
    expect(sigma[5]).toBe(sigma[7]);
    expect(sigma[0]).not.toBe(before[0]);
    // f = k is an ordinary draw: same stream gives the same matrix as rInvWishart.
    const a = createStream(241, 0);
    const b = createStream(241, 0);
    const x = new Float64Array(9);
    const y = new Float64Array(9);
    rInvWishartConditional(a, 8, S3, 3, x, ws);
    rInvWishart(b, 8, S3, y, ws);
    expect(x).toEqual(y);
  });
});
