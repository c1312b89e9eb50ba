// `mcglmm effects spec.json --effect x [--by f] [--condition name=value ...] [--plot file.svg]`:
// fit the model, then write the conditional effects of one predictor (predicted response
// with intervals over its range, the others at their means / reference levels) as CSV, and
// optionally their plot as SVG.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { stringify } from "csv-stringify/sync";
import { McglmmError } from "../../errors.js";
import { fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { conditionalEffects } from "../../posterior/effects.js";
import { effectsPlotSvg } from "../../report/effects-plot.js";
import { addRunOptions, integerOption, parseMarginal, runOptionsFrom, type RunFlags } from "../options.js";

interface EffectsFlags extends RunFlags {
  effect: string;
  by?: string;
  condition: Record<string, number | string>;
  points?: number;
  type: string;
  level: number;
  marginal?: string;
  maxDraws?: number;
  out?: string;
  plot?: string;
}

function conditionOption(value: string, previous: Record<string, number | string>): Record<string, number | string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`"${value}" is not name=value`);
  const name = value.slice(0, eq), raw = value.slice(eq + 1);
  const num = Number(raw);
  return { ...previous, [name]: raw.trim() !== "" && Number.isFinite(num) ? num : raw };
}

function levelOption(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError(`"${value}" is not a probability between 0 and 1`);
  return x;
}

export function registerEffectsCommand(program: Command): void {
  addRunOptions(program
    .command("effects")
    .description("fit a model spec, then the predicted response against one predictor (others at means / reference levels), as CSV and SVG")
    .argument("<spec>", "model spec file (JSON)")
    .requiredOption("--effect <column>", "the predictor on the x axis")
    .option("--by <column>", "one curve per level of this predictor (numeric: mean - sd, mean, mean + sd)")
    .option("--condition <name=value>", "hold another predictor at this value (repeatable)", conditionOption, {})
    .option("--points <n>", "grid points for a numeric effect (default 50)", integerOption)
    .option("--type <type>", "response or link", "response")
    .option("--level <p>", "interval probability", levelOption, 0.95)
    .option("--marginal <terms>", 'random terms to marginalise (default all; "none" conditions on all)')
    .option("--max-draws <n>", "use at most this many posterior draws", integerOption)
    .option("--out <file>", "write the CSV here instead of stdout")
    .option("--plot <file>", "write the plot as SVG"))
    .action(async function (this: Command, specPath: string, flags: EffectsFlags) {
      try {
        const loaded = loadSpec(specPath);
        const marginal = parseMarginal(flags.marginal);
        const result = await fit(loaded.spec, loaded.data, { ...runOptionsFrom(flags), ...(marginal !== undefined ? { pr: true } : {}), relationships: loaded.relationships, useWorkers: true });
        const ce = conditionalEffects(result, {
          effect: flags.effect,
          ...(flags.by !== undefined ? { by: flags.by } : {}),
          conditions: flags.condition,
          ...(flags.points !== undefined ? { points: flags.points } : {}),
          type: flags.type as "link" | "response",
          level: flags.level,
          ...(marginal !== undefined ? { marginal } : {}),
          ...(flags.maxDraws !== undefined ? { maxDraws: flags.maxDraws } : {}),
        });
        const rows = ce.rows.map((r) => ({ [ce.effect]: r.x, ...(ce.by !== undefined ? { [ce.by]: r.by } : {}), ...(r.trait !== undefined ? { trait: r.trait } : {}), estimate: r.estimate, lower: r.lower, upper: r.upper }));
        const csv = stringify(rows, { header: true, columns: Object.keys(rows[0]) });
        if (flags.out) writeFileSync(flags.out, csv);
        else process.stdout.write(csv);
        if (flags.plot) {
          const traits = [...new Set(ce.rows.map((r) => r.trait).filter((t): t is string => t !== undefined))];
          writeFileSync(flags.plot, traits.length > 1 ? traits.map((trait) => effectsPlotSvg(ce, { trait })).join("\n") : effectsPlotSvg(ce));
        }
        const held = Object.entries(ce.conditions).map(([k, v]) => `${k} = ${v}`).join(", ");
        process.stderr.write(`effects of ${ce.effect}${ce.by ? ` by ${ce.by}` : ""}${held ? `; others held at ${held}` : ""}\n`);
      } catch (e) {
        if (e instanceof McglmmError) this.error(`error: ${e.message}`, { exitCode: 1 });
        throw e;
      }
    });
}
