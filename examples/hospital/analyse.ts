// The hospital study end to end: fits the example's models to hospital.csv, checks every
// estimate against the simulator's true value and writes a self-contained HTML report with the
// study's displays (see report.ts) and results.json (timings, convergence, coverage).
//   npx tsx examples/hospital/analyse.ts [--out DIR] [--chains N] [--threads N] [--target-ess N] [--concurrent]
//     [--stop-at ISO-DATE] (or SIGUSR2: chains stop and the report is written with the draws so far)
// The suite runs analyse() on a reduced simulated study (test/examples/hospital.test.ts).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
// a script, not a test: install the Node platform (worker-thread chains) as src/index.ts does
import "../../src/platform/node/install.js";
import { createStopFlag } from "../../src/samplers/run/executor.js";
import { fit, type Fit, type FitOptions } from "../../src/fit.js";
import { frameFromCsv } from "../../src/models/frame.js";
import type { DataFrame } from "../../src/models/types.js";
import type { Summary, SummaryRow } from "../../src/posterior/summary.js";
import type { RunOptions } from "../../src/settings.js";
import type { TruthRow } from "./displays.js";
import { remissionDisplays, type RemissionDisplays } from "./remission-displays.js";
import { hospitalReportHtml } from "./report.js";
import { HERE, MODELS, TITLES, jointDerived, modelSpec, readTruthFile, type ModelName } from "./specs.js";

type StudyData = DataFrame | readonly Record<string, unknown>[];

export interface AnalyseOptions {
  /** The study (default: hospital.csv beside this script). */
  data?: StudyData;
  /** True values by model and parameter (default: truth.json). */
  truths?: Record<string, Record<string, number>>;
  /** Overrides of the specs' nitt/burnin/thin/chains/threads/seed. */
  run?: RunOptions;
  /** Sample in rounds until every parameter has bulk-ESS >= targetEss and R-hat < 1.01 (fit's option). */
  targetEss?: number;
  maxIterations?: number;
  /** Posterior draws used by predict() for the displays. */
  maxDraws?: number;
  outDir: string;
  quiet?: boolean;
  /** Fit only these models (default all). */
  models?: readonly ModelName[];
  /**
   * Fit the joint model at the same time as the others (two streams: the joint model, and the
   * other models one after another), so its long run does not hold theirs up on a machine with
   * cores to spare. Each model's seconds then include the other stream's competition.
   */
  concurrent?: boolean;
  /**
   * fit()'s stop flag, shared by every model: once set, running chains stop and keep their draws
   * (the report shows how far they got) and models not yet started are skipped.
   */
  stopFlag?: Int32Array;
}

export interface ModelOutcome {
  name: ModelName;
  title: string;
  result: Fit;
  summary: Summary;
  truth: TruthRow[];
  /** Wall-clock seconds of fit() (all chains). */
  seconds: number;
  iterationsPerChain: number;
  maxRhat: number;
  minEssBulk: number;
}

export interface Analysis {
  models: ModelOutcome[];
  remission?: RemissionDisplays;
  reportPath: string;
  html: string;
}

const allRows = (s: Summary): SummaryRow[] => [...s.fixed, ...s.covariances, ...s.cutpoints, ...s.derived];

/** Each true value against its posterior 95% (2.5%, 97.5% quantile) interval. */
export function compareWithTruth(summary: Summary, truth: Record<string, number>): TruthRow[] {
  const rows = new Map(allRows(summary).map((r) => [r.name, r]));
  return Object.entries(truth).map(([name, value]) => {
    const row = rows.get(name);
    if (!row) throw new Error(`truth names ${name}, which the fit does not report (it has ${[...rows.keys()].join(", ")})`);
    return { name, truth: value, row, inside: row.q2_5 <= value && value <= row.q97_5 };
  });
}

/** Worst R-hat and least bulk-ESS over the sampled parameters (constant ones, e.g. fixed variances, skipped). */
function convergence(summary: Summary): { maxRhat: number; minEssBulk: number } {
  let maxRhat = 0, minEssBulk = Infinity;
  for (const r of [...summary.fixed, ...summary.covariances, ...summary.cutpoints]) {
    if (!Number.isFinite(r.rhat) && !Number.isFinite(r.ess_bulk)) continue;
    maxRhat = Math.max(maxRhat, r.rhat);
    minEssBulk = Math.min(minEssBulk, r.ess_bulk);
  }
  return { maxRhat, minEssBulk };
}

async function fitModel(name: ModelName, data: StudyData, truth: Record<string, number>, o: AnalyseOptions): Promise<ModelOutcome> {
  const spec = modelSpec(name);
  const start = performance.now();
  const result = await fit(spec, data, {
    ...o.run,
    ...(name === "remission" ? { pr: true } : {}),
    ...(name === "joint" ? { derived: jointDerived() } : {}),
    ...(o.quiet ? {} : { onProgress: progressPrinter(name) }),
    ...(o.stopFlag ? { stopFlag: o.stopFlag } : {}),
    ...(o.targetEss ? { targetEss: o.targetEss, ...(o.maxIterations ? { maxIterations: o.maxIterations } : {}) } : {}),
  });
  const seconds = (performance.now() - start) / 1000;
  const summary = result.summary();
  return { name, title: TITLES[name], result, summary, truth: compareWithTruth(summary, truth), seconds, iterationsPerChain: Math.max(...result.run.iterations), ...convergence(summary) };
}

export async function analyse(o: AnalyseOptions): Promise<Analysis> {
  const data = o.data ?? frameFromCsv(readFileSync(join(HERE, "hospital.csv"), "utf8"), modelSpec("joint").columns);
  const truths = o.truths ?? readTruthFile().models;
  mkdirSync(o.outDir, { recursive: true });
  const models: ModelOutcome[] = [];
  const chosen = o.models ?? MODELS;
  const fitInTurn = async (names: readonly ModelName[]) => {
    for (const name of names.filter((m) => chosen.includes(m))) {
      if (o.stopFlag && Atomics.load(o.stopFlag, 0) !== 0) {
        if (!o.quiet) console.log(`\n== ${TITLES[name]}: not fitted (stopped)`);
        continue;
      }
      const m = await fitModel(name, data, truths[name], o);
      models.push(m);
      models.sort((a, b) => MODELS.indexOf(a.name) - MODELS.indexOf(b.name));
      // results so far, so a long run that is stopped still leaves its numbers
      writeFileSync(join(o.outDir, "results.json"), JSON.stringify(resultsRecord(models), null, 2) + "\n");
      if (!o.quiet) printOutcome(m);
    }
  };
  // the joint model first: it is the longest and the one the acceptance times; the zero-inflated
  // model, the next longest, last
  const others: ModelName[] = ["remission", "ntumors", "mobility", "ntumors-zi"];
  if (o.concurrent) await Promise.all([fitInTurn(["joint"]), fitInTurn(others)]);
  else await fitInTurn(["joint", ...others]);
  const fitted = models.find((m) => m.name === "remission")?.result;
  const remission = fitted ? remissionDisplays(fitted, o.maxDraws ?? 200) : undefined;
  const html = hospitalReportHtml(models, remission);
  const reportPath = join(o.outDir, "report.html");
  writeFileSync(reportPath, html);
  return { models, ...(remission ? { remission } : {}), reportPath, html };
}

function resultsRecord(models: readonly ModelOutcome[]) {
  return models.map((m) => ({
    model: m.name,
    seconds: m.seconds,
    chains: m.result.settings.chains,
    threads: m.result.settings.threads,
    iterationsPerChain: m.iterationsPerChain,
    maxRhat: m.maxRhat,
    minEssBulk: m.minEssBulk,
    ...(m.result.convergence ? { targetReached: m.result.convergence.reached } : {}),
    stopped: m.result.run.stopped,
    covered: m.truth.filter((t) => t.inside).length,
    checked: m.truth.length,
    missed: m.truth.filter((t) => !t.inside).map((t) => ({ name: t.name, truth: t.truth, q2_5: t.row.q2_5, q97_5: t.row.q97_5 })),
  }));
}

/** A line on stderr per chain at every tenth of each round, so a long run shows how far it is. */
function progressPrinter(name: ModelName): NonNullable<FitOptions["onProgress"]> {
  return (p) => {
    if (p.iteration % Math.max(1, Math.round(p.total / 10)) !== 0) return;
    process.stderr.write(`${name} chain ${p.chain + 1}: ${p.iteration}/${p.total} (${p.rate.toFixed(1)} it/s)\n`);
  };
}

function printOutcome(m: ModelOutcome): void {
  console.log(`\n== ${m.title}`);
  console.log(`  ${m.seconds.toFixed(1)} s, ${m.iterationsPerChain} iterations per chain; max R-hat ${m.maxRhat.toFixed(3)}, min bulk-ESS ${m.minEssBulk.toFixed(0)}`);
  for (const t of m.truth) {
    console.log(`  ${t.inside ? " " : "x"} ${t.name.padEnd(40)} true ${t.truth.toFixed(3).padStart(8)}  mean ${t.row.mean.toFixed(3).padStart(8)}  [${t.row.q2_5.toFixed(3)}, ${t.row.q97_5.toFixed(3)}]`);
  }
  console.log(`  ${m.truth.filter((t) => t.inside).length} of ${m.truth.length} true values inside their 95% intervals`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(HERE, "analyse.ts")) {
  const { values } = parseArgs({ options: { "stop-at": { type: "string" }, out: { type: "string" }, chains: { type: "string" }, threads: { type: "string" }, "target-ess": { type: "string" }, models: { type: "string" }, concurrent: { type: "boolean" }, nitt: { type: "string" }, burnin: { type: "string" } } });
  // SIGUSR2, or the time --stop-at (ISO date) names, stops the chains: the report is written with the draws so far
  const stopFlag = createStopFlag();
  const stop = () => Atomics.store(stopFlag, 0, 1);
  process.on("SIGUSR2", stop);
  const stopIn = values["stop-at"] ? Date.parse(values["stop-at"]) - Date.now() : undefined;
  if (stopIn !== undefined) {
    if (!Number.isFinite(stopIn)) throw new Error(`--stop-at ${values["stop-at"]} is not a date`);
    setTimeout(stop, Math.max(0, stopIn)).unref();
  }
  const analysis = await analyse({
    stopFlag,
    outDir: values.out ?? join(HERE, "out"),
    run: {
      chains: Number(values.chains ?? 4),
      threads: Number(values.threads ?? 2),
      ...(values.nitt ? { nitt: Number(values.nitt) } : {}),
      ...(values.burnin ? { burnin: Number(values.burnin) } : {}),
    },
    targetEss: Number(values["target-ess"] ?? 400),
    maxIterations: 60000,
    ...(values.models ? { models: values.models.split(",") as ModelName[] } : {}),
    ...(values.concurrent ? { concurrent: true } : {}),
  });
  console.log(`\nreport: ${analysis.reportPath}`);
}
