// Test statistics for posterior predictive checks (Gelman, Meng & Stern 1996): functions of one
// response's values in a data set, observed or replicated. Built-ins by name; any user function
// of the values. Some built-ins are vector-valued (one value per category or group level) and
// are checked component by component.

import { familyDefinition } from "../models/families/registry.js";
import { ModelSpecError } from "../errors.js";
import type { FactorColumn } from "../models/types.js";

/** What a statistic may use besides the values: the response and the grouping factors. */
export interface StatisticContext {
  readonly response: string;
  readonly family: string;
  /** Category labels (values are 0-based codes into them). */
  readonly categories?: readonly string[];
  /** Trials per value (multinomial families). */
  readonly trials?: Float64Array;
  /** Grouping factors named in `groups`, restricted to the same units as the values. */
  readonly groups: readonly FactorColumn[];
}

/** A user statistic: a number from one data set's values of a response (missing units removed). */
export type StatisticFunction = (y: Float64Array, context: StatisticContext) => number;

export type BuiltinStatistic = "mean" | "sd" | "prop_zero" | "max" | "min" | "category_proportions" | "group_means";

export type StatisticSpec = BuiltinStatistic | StatisticFunction | { name: string; fn: StatisticFunction };

/** A resolved statistic: component labels for the context, and the function computing them. */
export interface TestStatistic {
  readonly name: string;
  labels(context: StatisticContext): string[];
  compute(y: Float64Array, context: StatisticContext): number[];
}

const mean = (y: Float64Array): number => y.reduce((s, v) => s + v, 0) / y.length;

function sd(y: Float64Array): number {
  const m = mean(y);
  return Math.sqrt(y.reduce((s, v) => s + (v - m) * (v - m), 0) / (y.length - 1));
}

const scalar = (name: string, f: (y: Float64Array) => number): TestStatistic => ({
  name,
  labels: () => [name],
  compute: (y) => [f(y)],
});

export const BUILTIN_STATISTICS: Readonly<Record<BuiltinStatistic, TestStatistic>> = {
  mean: scalar("mean", mean),
  sd: scalar("sd", sd),
  prop_zero: scalar("prop_zero", (y) => y.reduce((s, v) => s + (v === 0 ? 1 : 0), 0) / y.length),
  max: scalar("max", (y) => y.reduce((m, v) => Math.max(m, v), -Infinity)),
  min: scalar("min", (y) => y.reduce((m, v) => Math.min(m, v), Infinity)),
  category_proportions: {
    name: "category_proportions",
    labels: (ctx) => {
      if (!ctx.categories) throw new ModelSpecError(`statistic "category_proportions" needs a categorical, threshold or ordinal response; "${ctx.response}" is ${ctx.family}`);
      return ctx.categories.map((c) => `category_proportions[${c}]`);
    },
    compute: (y, ctx) => {
      const p = new Array<number>(ctx.categories?.length ?? 0).fill(0);
      for (const v of y) p[v]++;
      return p.map((c) => c / y.length);
    },
  },
  group_means: {
    name: "group_means",
    labels: (ctx) => {
      if (ctx.groups.length === 0) throw new ModelSpecError('statistic "group_means" needs grouping factors: pass groups, e.g. { groups: ["herd"] }');
      return ctx.groups.flatMap((g) => g.levels.map((l) => `group_means[${g.name}=${l}]`));
    },
    compute: (y, ctx) =>
      ctx.groups.flatMap((g) => {
        const sum = new Float64Array(g.levels.length), cnt = new Float64Array(g.levels.length);
        g.codes.forEach((c, i) => {
          if (c < 0) return;
          sum[c] += y[i];
          cnt[c]++;
        });
        return Array.from(sum, (s, l) => (cnt[l] > 0 ? s / cnt[l] : NaN));
      }),
  },
};

/**
 * Built-in statistics that suit a family by default.
 *
 * @example
 * ```ts
 * ppc(result, defaultStatistics("poisson"));
 * ```
 */
export function defaultStatistics(family: string): BuiltinStatistic[] {
  return [...familyDefinition(family).defaultStatistics];
}

export function resolveStatistic(spec: StatisticSpec): TestStatistic {
  if (typeof spec === "string") {
    const s = BUILTIN_STATISTICS[spec as BuiltinStatistic];
    if (!s) throw new ModelSpecError(`unknown statistic "${spec}"; built-ins: ${Object.keys(BUILTIN_STATISTICS).join(", ")}, or pass a function`);
    return s;
  }
  const name = typeof spec === "function" ? spec.name || "statistic" : spec.name;
  const fn = typeof spec === "function" ? spec : spec.fn;
  if (typeof fn !== "function") throw new ModelSpecError(`statistic "${name}" is not a function`);
  return { name, labels: () => [name], compute: (y, ctx) => [fn(y, ctx)] };
}
