// Draws of the default derived quantities (correlations, heritabilities) for a report rebuilt
// from a fit's folder: draws.csv holds only the sampled parameters, so the model is rebuilt
// from the spec to know which (co)variances each quantity combines.
import { toDataFrame } from "../fit.js";
import type { LoadedSpec } from "../io/spec-file.js";
import { buildModel } from "../models/model.js";
import { defaultDerived, deriveDraws } from "../posterior/derived.js";
import type { ReportDraws } from "./html-report.js";

/** `draws` with the default derived quantities of the spec's model appended. */
export function withDerivedDraws(draws: ReportDraws, loaded: LoadedSpec): ReportDraws {
  const model = buildModel(loaded.spec, toDataFrame(loaded.data, loaded.spec), { ginverse: loaded.relationships ?? {} });
  const functions = defaultDerived(model);
  const names = Object.keys(functions).filter((n) => !draws.parameters.includes(n));
  if (names.length === 0) return draws;
  const vcvNames = [...model.randomTerms, ...model.residualTerms].flatMap((t) => t.vcvNames).filter((n) => draws.parameters.includes(n));
  const chainCount = draws.chains[0]?.length ?? 0;
  // deriveDraws reads draws chain-major: chains[c][p]
  const chainMajor = { names: [...draws.parameters], chains: Array.from({ length: chainCount }, (_, c) => draws.chains.map((perChain) => perChain[c])) };
  const derived = deriveDraws(chainMajor, vcvNames, Object.fromEntries(names.map((n) => [n, functions[n]])));
  return { parameters: [...draws.parameters, ...names], chains: [...draws.chains, ...names.map((n) => derived[n])] };
}
