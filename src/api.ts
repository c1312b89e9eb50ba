// mcglmm's portable API: everything that runs the same in Node and in a browser (models, priors,
// samplers, diagnostics, posterior, reports as text). The entry points add what reads and writes
// files (src/index.ts, Node) or what a web page needs (src/browser.ts), and install their platform.

export { fit, Fit, type FitOptions, type ChainFailureReport } from "./fit.js";
export { resolveSettings, DEFAULTS, type RunOptions, type ResolvedSettings } from "./settings.js";
export { buildModel, type BuildModelOptions } from "./models/model.js";
export { frameFromCsv, frameFromRows } from "./models/frame.js";
export { parsePedigree, inverseA, type Pedigree } from "./models/relationships/pedigree.js";
export { readGinverse } from "./models/relationships/ginverse.js";
export type { Relationship } from "./models/structures/build-term.js";
export { SPEC_KEYS, PRIOR_KEYS, VARIANCE_PRIOR_KEYS, FIXED_PRIOR_KEYS, COLUMN_TYPE_KEYS, COLUMN_TYPE_NAMES, checkSpecKeys } from "./io/spec-keys.js";
export { parseDrawsCsv, formatDrawsCsv, type DrawsTable } from "./io/draws-csv.js";
export { parseSpecJson, relationshipsFromFiles, specWithData, type ReadSpecFile, type SpecWithData } from "./io/spec-sources.js";
export { fitFiles, type FitFiles } from "./io/fit-files.js";
export { usePlatform, currentPlatform, type Platform, type ParallelExecutorRequest } from "./platform/platform.js";
export { resolvePrior, type Prior, type VariancePrior, type FixedPrior } from "./priors/prior.js";
export type { Summary, SummaryRow, Timing } from "./posterior/summary.js";
export { computeDic, type Dic } from "./posterior/dic.js";
export { defaultDerived, type DerivedFunction } from "./posterior/derived.js";
export type { Draws } from "./posterior/draws.js";
export { hpdInterval, pMCMC, equalTailedInterval } from "./posterior/intervals.js";
export {
  rhat,
  rhatBasic,
  essBulk,
  essTail,
  essBasic,
  essMean,
  essQuantile,
  mcseMean,
  mcseQuantile,
  summariseDraws,
  type DrawsSummary,
} from "./diagnostics/index.js";
export { predict, predictionRows, type PredictOptions, type Prediction } from "./posterior/predict.js";
export { posteriorMode, posteriorMode as posterior_mode, posteriorModeOf, posteriorModes, kernelDensity, bandwidthNrd0 } from "./posterior/posterior-mode.js";
export { pointDraws, type PosteriorChoice } from "./posterior/point-draws.js";
export { parseNewick, type NewickTree } from "./models/relationships/newick.js";
export { phylogenyInverse, phylogenyPedigree, tipCovariance, type PhylogenyOptions, type PhylogenyPedigree } from "./models/relationships/phylogeny.js";
export { polyColumns } from "./models/formula/poly.js";
export { simulate, simulatedRows, type SimulateOptions, type Simulation, type SimulatedResponse } from "./posterior/simulate.js";
export { ppc, ppcPValue, formatPpc, type PpcOptions, type PpcCheck, type PpcResult } from "./posterior/ppc.js";
export { calibratedPpc, calibratedPValue, type CalibrationOptions, type CalibratedPpcCheck, type CalibratedPpcResult } from "./posterior/calibrated-ppc.js";
export {
  BUILTIN_STATISTICS,
  defaultStatistics,
  type StatisticSpec,
  type StatisticFunction,
  type StatisticContext,
  type BuiltinStatistic,
} from "./posterior/statistics.js";
export { quantileResiduals, ksUniform, type QuantileResiduals } from "./posterior/residuals.js";
export { waic, pointwiseLogLikelihood, dic, type Waic } from "./posterior/waic.js";
export { loo, logLikChainIds, type LooOptions } from "./posterior/loo-fit.js";
export { looFromLogLik, paretoKWarnings, PARETO_K_BAD, type Loo } from "./posterior/loo.js";
export { looCompare, type LooComparisonRow } from "./posterior/loo-compare.js";
export { psis, type PsisResult } from "./posterior/psis.js";
export { gpdFit, type GpdFit } from "./posterior/gpd-fit.js";
export { relativeEfficiencies } from "./posterior/relative-eff.js";
export { conditionalEffects, type EffectsOptions, type ConditionalEffects, type EffectRow } from "./posterior/effects.js";
export { effectsPlotSvg, type EffectsPlotOptions } from "./report/effects-plot.js";
export type { MarginalSpec } from "./posterior/linear-predictor.js";
export type { ChainProgress } from "./samplers/run/chain.js";
export { createStopFlag } from "./samplers/run/executor.js";
export { NoDrawsError, type RunFailure } from "./samplers/run/failures.js";
export type { ChainCheckpoint } from "./samplers/run/checkpoint.js";
export type { ResumedChain } from "./samplers/run/run-chains.js";
export type { ChainOutput } from "./io/chain-files.js";
export { formatSummaryTable, convergenceWarnings } from "./report/table.js";
export * from "./errors.js";
export type {
  ModelSpec,
  PriorSpec,
  VariancePriorSpec,
  FixedPriorSpec,
  FamilyName,
  DataFrame,
  Column,
  Model,
  Response,
  CovarianceTerm,
  LatentKernelChoice,
} from "./models/types.js";
export { buildHtmlReport, modelInfoFromSpec, type ReportInput, type ReportDraws, type ReportModelInfo } from "./report/html-report.js";
export { summaryTableHtml, isFlaggedRow } from "./report/html-table.js";
export { tracePlotSvg, type TracePlotOptions, type PlotSize } from "./report/trace-plot.js";
export { densityPlotSvg } from "./report/density-plot.js";
export { rankPlotSvg, type RankPlotOptions } from "./report/rank-plot.js";
export { ppcPlotSvg } from "./report/ppc-plot.js";
