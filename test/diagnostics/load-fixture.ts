// Loads a diagnostics fixture (`chain,iter,x`) into chains without going through src/io,
// so these tests do not depend on the CSV reader.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "diagnostics");

export function loadChains(name: string): Float64Array[] {
  const lines = readFileSync(join(FIXTURE_DIR, `${name}.csv`), "utf8").trim().split(/\r?\n/);
  const byChain = new Map<number, number[]>();
  for (const line of lines.slice(1)) {
    const [chain, , x] = line.split(",");
    const c = Number(chain);
    let values = byChain.get(c);
    if (values === undefined) byChain.set(c, (values = []));
    values.push(Number(x));
  }
  return [...byChain.keys()].sort((a, b) => a - b).map((c) => Float64Array.from(byChain.get(c)!));
}

export type ExpectedCase = Record<string, number | null>;

export function loadExpected(): Record<string, ExpectedCase> {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, "expected.json"), "utf8")) as Record<string, ExpectedCase>;
}

/** Asserts |actual - expected| <= rel * |expected|, or NaN when expected is null. */
export function expectClose(actual: number, expected: number | null, rel = 1e-6): void {
  if (expected === null) {
    if (!Number.isNaN(actual)) throw new Error(`expected NaN (R's NA), got ${actual}`);
    return;
  }
  const err = Math.abs(actual - expected);
  if (!(err <= rel * Math.abs(expected))) {
    throw new Error(`expected ${expected}, got ${actual} (relative error ${err / Math.abs(expected)})`);
  }
}
