// Acceptance property (issue 15): random specs over random CSVs (random column types, missing
// cells, odd values, random formulas over the columns), read by loadSpec and fitted with a tiny
// run, either give a result whose summaries are finite or throw one of the typed errors; never
// another exception, a hang, or a NaN in summary.json. Fixed seed, so a failure reproduces.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { McglmmError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { loadSpec } from "../../src/io/spec-file.js";
import type { SummaryRow } from "../../src/posterior/summary.js";

type Kind = "num" | "int" | "count" | "fac" | "bin" | "qnum" | "logical" | "many";
const KINDS: Kind[] = ["num", "int", "count", "fac", "bin", "qnum", "logical", "many"];
const ODD = ["abc", '"1,5"', "Inf", "-Inf", "1e300", "NaN", "-0", "1e-300", '""', '"NA"', " 3 ", "TRUE", '"x y"'];
const FAMILIES = ["gaussian", "poisson", "categorical", "threshold", "ordinal", "multinomial2"];

function cell(kind: Kind, row: number, u: number): string {
  switch (kind) {
    case "num": return (Math.round((u - 0.5) * 2000) / 100).toString();
    case "int": return String(Math.floor(u * 4));
    case "count": return String(Math.floor(u * u * 12));
    case "fac": return ["a", "b", "c"][Math.floor(u * 3)];
    case "bin": return u < 0.4 ? "no" : "yes";
    case "qnum": return `"${Math.floor(u * 5) + 10}"`;
    case "logical": return u < 0.5 ? "TRUE" : "FALSE";
    case "many": return (row * 1.7 + u).toFixed(3);
  }
}

const columnArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  missing: fc.constantFrom(0, 0, 0, 0, 0.1, 0.5),
  odd: fc.constantFrom(0, 0, 0, 0, 0, 0, 0.03, 0.3),
});

const dataArb = fc.record({
  columns: fc.array(columnArb, { minLength: 2, maxLength: 5 }),
  nrow: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 9, max: 40 })),
  seed: fc.integer({ min: 1, max: 1e6 }),
  header: fc.constantFrom("plain", "plain", "plain", "plain", "plain", "plain", "rownames", "rownames", "reserved"),
});

const specArb = fc.record({
  response: fc.integer({ min: 0, max: 4 }),
  second: fc.integer({ min: 0, max: 4 }),
  terms: fc.array(fc.record({ a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }), op: fc.constantFrom("+", ":", "*", "I2") }), { maxLength: 3 }),
  noIntercept: fc.boolean(),
  random: fc.constantFrom("none", "none", "plain", "us", "idh", "usTrait", "idhTrait", "two"),
  rcov: fc.constantFrom("us", "us", "idh", "units"),
  /** Now and then a formula that does not parse, or is not a string. */
  garbage: fc.constantFrom(...new Array<null>(30).fill(null), "unbalanced", "number", "family"),
  randomColumn: fc.integer({ min: 0, max: 4 }),
  family: fc.constantFrom(...FAMILIES, "gaussian2", "mixed"),
  prior: fc.constantFrom("none", "free", "fixed", "withG", "withB", "badG"),
  forced: fc.constantFrom("none", "none", "none", "none", "none", "none", "factor", "numeric", "ordered", "integer"),
  extraKey: fc.constantFrom(...new Array<null>(18).fill(null), "nitts", "priors"),
  /** Most runs give the response columns a type their family accepts, so that many runs fit. */
  matchResponse: fc.constantFrom(true, true, true, true, false),
});

/** Column kinds that suit each family's response (first and second response column). */
const RESPONSE_KINDS: Record<string, [Kind, Kind]> = {
  gaussian: ["num", "num"],
  poisson: ["count", "count"],
  categorical: ["bin", "bin"],
  threshold: ["int", "int"],
  ordinal: ["fac", "fac"],
  multinomial2: ["count", "count"],
  gaussian2: ["num", "num"],
  mixed: ["num", "int"],
};

type DataPlan = typeof dataArb extends fc.Arbitrary<infer T> ? T : never;
type SpecPlan = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function uniforms(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function makeCsv(d: DataPlan): { csv: string; names: string[] } {
  const u = uniforms(d.seed);
  const names = d.columns.map((_, j) => (d.header === "reserved" && j === 1 ? "units" : `c${j}`));
  const lines = [(d.header === "rownames" ? '"",' : "") + names.join(",")];
  for (let r = 0; r < d.nrow; r++) {
    const cells = d.columns.map((c) => {
      const a = u(), b = u();
      if (a < c.missing) return b < 0.5 ? "NA" : "";
      if (a > 1 - c.odd) return ODD[Math.floor(b * ODD.length)];
      return cell(c.kind, r, b);
    });
    lines.push((d.header === "rownames" ? `"${r + 1}",` : "") + cells.join(","));
  }
  return { csv: lines.join("\n") + "\n", names };
}

function makeSpec(s: SpecPlan, names: string[]): Record<string, unknown> {
  const col = (k: number) => names[k % names.length];
  const y = col(s.response), y2 = col(s.second === s.response ? s.second + 1 : s.second);
  const multi = s.family === "gaussian2" || s.family === "mixed" || s.family === "multinomial2";
  const lhs = multi ? `cbind(${y}, ${y2})` : y;
  const rhs = s.terms.map((t) => (t.op === "+" ? col(t.a) : t.op === "I2" ? `I(${col(t.a)}^2)` : `${col(t.a)}${t.op}${col(t.b)}`));
  const traitPrefix = multi && s.family !== "multinomial2" ? ["trait - 1"] : [];
  const terms = [...traitPrefix, ...rhs];
  const fixed = `${lhs} ~ ${terms.length > 0 ? terms.join(" + ") : "1"}${s.noIntercept && traitPrefix.length === 0 ? " - 1" : ""}`;
  const g = col(s.randomColumn);
  const randoms: Record<string, string | undefined> = {
    none: undefined,
    plain: `~${g}`,
    us: `~us(1 + ${col(s.randomColumn + 1)}):${g}`,
    idh: `~idh(${col(s.randomColumn + 2)}):${g}`,
    usTrait: `~us(trait):${g}`,
    idhTrait: `~idh(trait):${g}`,
    two: `~${g} + ${col(s.randomColumn + 1)}`,
  };
  const random = randoms[s.random];
  const family = s.family === "gaussian2" ? ["gaussian", "gaussian"] : s.family === "mixed" ? ["gaussian", "threshold"] : s.family;
  const T = multi && s.family !== "multinomial2" ? 2 : 1;
  const V = T === 1 ? 1 : [[1, 0], [0, 1]];
  const rcov = T === 2 ? { us: "~us(trait):units", idh: "~idh(trait):units", units: "~units" }[s.rcov] : s.rcov === "units" ? "~units" : undefined;
  const priors: Record<string, unknown> = {
    none: undefined,
    free: { R: { V, nu: 0.002 } },
    fixed: { R: { V, fix: 1 } },
    withG: { R: { V, nu: 0.002 }, G: { G1: { V: s.random === "plain" ? 1 : [[1, 0], [0, 1]], nu: 2 } } },
    withB: { R: { V, fix: T }, B: { mu: 0, V: 10 } },
    badG: { G: { G1: { V: -1, nu: 1 } } },
  };
  const forced: Record<string, unknown> = {
    none: undefined,
    factor: { [y]: "factor" },
    numeric: { [g]: "numeric" },
    ordered: { [y]: { ordered: ["a", "b", "c"] } },
    integer: { [g]: "integer" },
  };
  return {
    data: "data.csv",
    fixed: s.garbage === "unbalanced" ? `${fixed} + (${y}` : s.garbage === "number" ? 42 : fixed,
    ...(random ? { random } : {}),
    ...(rcov ? { rcov } : {}),
    family: s.garbage === "family" ? "binomial" : family,
    ...(priors[s.prior] ? { prior: priors[s.prior] } : {}),
    ...(forced[s.forced] ? { columns: forced[s.forced] } : {}),
    ...(s.extraKey ? { [s.extraKey]: 1 } : {}),
  };
}

const dir = mkdtempSync(join(tmpdir(), "mcglmm-prop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A row of summary.json: every estimate finite. ESS, R-hat and MCSE may be undefined (null) only
 * where the draws do not define them (posterior's rule: constant indicator chains): a parameter
 * that never moved, a value repeated in 5% or more of the draws (a Metropolis step rejecting
 * through a 30-iteration run, so the 5% or 95% quantile's indicator is constant), or a chain that
 * failed after a few draws (the run says so, and only the mean is then required).
 */
function badStatistic(row: SummaryRow, complete: boolean, largestTie: number): string | null {
  // a failed run may keep a single draw per chain: its mean is all that is defined
  const always = complete ? (["mean", "sd", "q2_5", "q50", "q97_5", "hpd_lower", "hpd_upper"] as const) : (["mean"] as const);
  for (const key of always) if (!Number.isFinite(row[key])) return `${row.name}.${key} = ${row[key]}`;
  if (row.sd > 0 && complete && largestTie < 0.05) {
    for (const key of ["ess_bulk", "ess_tail", "rhat", "mcse_mean"] as const) if (!Number.isFinite(row[key])) return `${row.name}.${key} = ${row[key]}`;
  }
  return null;
}

/** Share of the draws taken by the most repeated value. */
function largestTie(chains: readonly Float64Array[]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const c of chains) for (const x of c) { counts.set(x, (counts.get(x) ?? 0) + 1); total++; }
  return total === 0 ? 1 : Math.max(...counts.values()) / total;
}

describe("random specs and CSVs", () => {
  it("give a finite summary or a typed error, never anything else", async () => {
    let k = 0;
    const outcomes = { fitted: 0, typed: 0, failedChains: 0 };
    await fc.assert(
      fc.asyncProperty(dataArb, specArb, async (d, s) => {
        const width = d.columns.length;
        if (s.matchResponse) {
          const [k1, k2] = RESPONSE_KINDS[s.family];
          const second = s.second === s.response ? s.second + 1 : s.second;
          d.columns[second % width] = { ...d.columns[second % width], kind: k2 };
          d.columns[s.response % width] = { ...d.columns[s.response % width], kind: k1 };
        }
        const { csv, names } = makeCsv(d);
        const spec = makeSpec(s, names);
        const sub = join(dir, String(k++));
        mkdirSync(sub);
        writeFileSync(join(sub, "data.csv"), csv);
        writeFileSync(join(sub, "spec.json"), JSON.stringify(spec));
        let summaryJson: string;
        try {
          const loaded = loadSpec(join(sub, "spec.json"));
          const started = Date.now();
          const result = await fit(loaded.spec, loaded.data, { nitt: 40, burnin: 10, thin: 1, chains: 2, threads: 1, seed: 1, relationships: loaded.relationships });
          // 40 iterations of a model this small take milliseconds: seconds would mean a stuck sampler
          if (Date.now() - started > 10_000) throw new Error(`the fit took ${Date.now() - started} ms\nspec ${JSON.stringify(spec)}\ncsv\n${csv}`);
          const summary = result.summary();
          summaryJson = JSON.stringify(summary);
          if (!result.complete) {
            // a chain that failed is reported with its iteration and component (typed NumericalError)
            expect(result.failures.length).toBeGreaterThan(0);
            for (const f of result.failures) expect(summary.warnings).toContainEqual(expect.stringContaining(`chain ${f.chain + 1} failed at iteration ${f.iteration} in ${f.component}`));
            outcomes.failedChains++;
          }
          for (const row of [...summary.fixed, ...summary.covariances, ...summary.cutpoints]) {
            const bad = badStatistic(row, result.complete, largestTie(result.draws[row.name] ?? []));
            if (bad !== null) throw new Error(`non-finite summary ${bad}\nspec ${JSON.stringify(spec)}\ncsv\n${csv}\nwarnings ${summary.warnings.join(" | ")}`);
          }
          expect(summary.fixed.length + summary.covariances.length).toBeGreaterThan(0);
          // NaN and Infinity would be written as null: the DIC is a finite number or absent (null)
          expect(summary.dic === null || Number.isFinite(summary.dic)).toBe(true);
          expect(JSON.parse(summaryJson).fixed).toHaveLength(summary.fixed.length);
          if (process.env.PROP_DEBUG) console.log("FITTED", result.complete, JSON.stringify(spec));
          outcomes.fitted++;
        } catch (err) {
          if (err instanceof McglmmError) {
            outcomes.typed++;
            if (process.env.PROP_DEBUG) console.log("TYPED", (err as Error).message.slice(0, 150).replace(/"[^"]*"/g, "Q"));
            return;
          }
          throw new Error(`${(err as Error).stack}\nspec ${JSON.stringify(spec)}\ncsv\n${csv}`);
        }
      }),
      { seed: Number(process.env.PROP_SEED ?? 20261130), numRuns: Number(process.env.PROP_RUNS ?? 600), endOnFailure: true },
    );
    if (process.env.PROP_DEBUG) console.log("OUTCOMES", JSON.stringify(outcomes));
    // both kinds of outcome occur, so the property tests something on each side
    expect(outcomes.fitted).toBeGreaterThan(20);
    expect(outcomes.typed).toBeGreaterThan(20);
  }, 120_000);
});
