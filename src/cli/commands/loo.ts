// `mcglmm loo FILE.csv|DIR ...`: PSIS-LOO of a pointwise log-likelihood CSV (or a fit folder's
// log_lik.csv, written by `fit --log-lik`), printed as one JSON object; with several inputs,
// each model's estimates and their comparison (loo_compare).
import type { Command } from "commander";
import { McglmmError } from "../../errors.js";
import { looCompare } from "../../posterior/loo-compare.js";
import { readLogLikCsv } from "../../platform/node/log-lik-file.js";
import { looFromLogLik, looJson, type Loo } from "../../posterior/loo.js";

export function registerLooCommand(program: Command): void {
  program
    .command("loo")
    .description("PSIS-LOO (as R's loo): elpd_loo, p_loo, looic with standard errors and Pareto k, as JSON; several inputs are compared")
    .argument("<inputs...>", "pointwise log-likelihood CSV (.chain, then one column per observation, one row per draw) or a fit folder with log_lik.csv")
    .action(async function (this: Command, inputs: string[]) {
      try {
        const results: [string, Loo][] = [];
        for (const input of inputs) {
          const { logLik, chainIds } = await readLogLikCsv(input);
          const l = looFromLogLik(logLik, chainIds);
          for (const w of l.warnings) process.stderr.write(`warning: ${input}: ${w}\n`);
          results.push([input, l]);
        }
        const out =
          results.length === 1
            ? looJson(results[0][1])
            : {
                models: Object.fromEntries(results.map(([name, l]) => [name, looJson(l)])),
                compare: looCompare(Object.fromEntries(results)),
              };
        process.stdout.write(JSON.stringify(out, null, 2) + "\n");
      } catch (e) {
        if (e instanceof McglmmError) this.error(`error: ${e.message}`, { exitCode: 1 });
        const err = e as NodeJS.ErrnoException;
        if (err.syscall !== undefined) this.error(`error: ${err.message}`, { exitCode: 1 });
        throw e;
      }
    });
}
