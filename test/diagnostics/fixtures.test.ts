// Every figure of the posterior 1.4.0 reference values, for every fixture, to relative 1e-6.
import { describe, expect, it } from "vitest";
import {
  essBasic,
  essBulk,
  essMean,
  essTail,
  mcseMean,
  mcseQuantile,
  quantile7,
  rhat,
  rhatBasic,
  summariseDraws,
  type Chains,
} from "../../src/diagnostics/index.js";
import { meanOf, varianceOf } from "../../src/diagnostics/moments.js";
import { expectClose, loadChains, loadExpected } from "./load-fixture.js";

const expected = loadExpected();

function pooled(chains: Chains): Float64Array {
  const out = new Float64Array(chains.length * chains[0].length);
  chains.forEach((c, i) => out.set(c, i * c.length));
  return out;
}

/** Each reported figure, computed by the single-purpose functions. */
const measures: Record<string, (chains: Chains) => number> = {
  rhat,
  rhat_basic: rhatBasic,
  ess_bulk: essBulk,
  ess_tail: essTail,
  ess_basic: essBasic,
  ess_mean: essMean,
  mcse_mean: mcseMean,
  mcse_q5: (c) => mcseQuantile(c, 0.05),
  mcse_q95: (c) => mcseQuantile(c, 0.95),
  mean: (c) => meanOf(pooled(c)),
  sd: (c) => Math.sqrt(varianceOf(pooled(c))),
  q5: (c) => quantile7(pooled(c), 0.05),
  q95: (c) => quantile7(pooled(c), 0.95),
};

describe.each(Object.keys(expected))("fixture %s", (name) => {
  const exp = expected[name];
  const chains = loadChains(name);
  const figures = Object.keys(exp).filter((k) => k !== "chains" && k !== "draws_per_chain");
  let summary: Record<string, number> | undefined;
  const summarised = (): Record<string, number> =>
    (summary ??= summariseDraws(chains) as unknown as Record<string, number>);

  it("has the stated shape", () => {
    expect(chains.length).toBe(exp.chains);
    for (const c of chains) expect(c.length).toBe(exp.draws_per_chain);
  });

  it("reports every figure the reference does", () => {
    for (const k of figures) expect(measures[k], k).toBeDefined();
  });

  it.each(figures)("%s matches posterior to 1e-6", (key) => {
    expectClose(measures[key](chains), exp[key]);
  });

  it.each(figures.filter((k) => k !== "rhat_basic" && k !== "ess_basic"))(
    "summariseDraws %s matches posterior to 1e-6",
    (key) => {
      expect(summarised()[key], key).toBeTypeOf("number");
      expectClose(summarised()[key], exp[key]);
    },
  );
});
