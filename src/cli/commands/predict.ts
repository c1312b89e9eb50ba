// `mcglmm predict spec.json [--newdata file.csv] [--type response|link]
//  [--interval none|confidence|prediction] [--level 0.95] [--out file.csv]`: fit the model
// (keeping the random effects when a term is conditioned on), then write one CSV row per
// predicted row (and trait): row, trait, fit, lwr, upr, mcse.

import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { stringify } from "csv-stringify/sync";
import { DataError } from "../../errors.js";
import { fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { frameFromCsv } from "../../models/frame.js";
import type { DataFrame, ModelSpec } from "../../models/types.js";
import { predict, predictionRows } from "../../posterior/predict.js";
import { addRunOptions, integerOption, parseMarginal, runOptionsFrom, type RunFlags } from "../options.js";

interface PredictFlags extends RunFlags {
  newdata?: string;
  type: string;
  interval: string;
  level: number;
  marginal?: string;
  out?: string;
  maxDraws?: number;
  posterior?: string;
  it?: number;
}

function numberOption(value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return x;
}

/** New data typed with the spec's column types for the columns it has. */
export function readNewdata(path: string, spec: ModelSpec): DataFrame {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new DataError(`cannot read the newdata file ${path}: ${(err as Error).message}`);
  }
  const header = frameFromCsv(text).names;
  const columns = Object.fromEntries(Object.entries(spec.columns ?? {}).filter(([name]) => header.includes(name)));
  return frameFromCsv(text, columns);
}

export function registerPredictCommand(program: Command): void {
  addRunOptions(program
    .command("predict")
    .description("fit a model spec, then predict its data or new data (posterior means, intervals)")
    .argument("<spec>", "model spec file (JSON)")
    .option("--newdata <file>", "CSV of rows to predict (default: the model's data)")
    .option("--type <type>", "link or response", "response")
    .option("--interval <kind>", "none, confidence or prediction", "none")
    .option("--level <p>", "interval probability", numberOption, 0.95)
    .option("--marginal <terms>", 'random terms to marginalise, e.g. "~district" (default all; "none" conditions on all)')
    .option("--max-draws <n>", "use at most this many posterior draws", integerOption)
    .option("--posterior <kind>", "all (every draw, default), mean or mode: predict from the posterior means or modes")
    .option("--it <n>", "predict from this one saved draw (1-based, draws.csv's .draw)", integerOption)
    .option("--out <file>", "write the CSV here instead of stdout")
  )
    .action(async (specPath: string, flags: PredictFlags) => {
      const loaded = loadSpec(specPath);
      const marginal = parseMarginal(flags.marginal);
      // conditioning on any random term needs the random effects' draws
      const pr = marginal !== undefined;
      const result = await fit(loaded.spec, loaded.data, { ...runOptionsFrom(flags), ...(pr ? { pr: true } : {}), relationships: loaded.relationships, useWorkers: true });
      const newdata = flags.newdata ? readNewdata(flags.newdata, loaded.spec) : undefined;
      const p = predict(result, {
        ...(newdata ? { newdata } : {}),
        marginal,
        type: flags.type as "link" | "response",
        interval: flags.interval as "none" | "confidence" | "prediction",
        level: flags.level,
        ...(flags.maxDraws !== undefined ? { maxDraws: flags.maxDraws } : {}),
        ...(flags.posterior !== undefined ? { posterior: flags.posterior as "all" | "mean" | "mode" } : {}),
        ...(flags.it !== undefined ? { it: flags.it } : {}),
      });
      for (const w of p.warnings) process.stderr.write(`warning: ${w}\n`);
      const rows = predictionRows(p);
      const csv = stringify(rows, { header: true, columns: Object.keys(rows[0] ?? { row: 0 }) });
      if (flags.out) {
        writeFileSync(flags.out, csv);
        process.stderr.write(`wrote ${rows.length} predictions to ${flags.out}\n`);
      } else process.stdout.write(csv);
    });
}
