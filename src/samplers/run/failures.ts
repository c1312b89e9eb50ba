// When a run has no saved draw at all (every chain failed before its first saved iteration, or
// the run was stopped during burn-in), the fit cannot be summarised: say why, chain by chain
// (component, iteration, the kernel's message) with what the user can do about it.

import { familyOf } from "../../models/families/registry.js";
import { McglmmError } from "../../errors.js";
import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import type { ChainFailure } from "./chain.js";

export type RunFailure = ChainFailure & { readonly chain: number };

/** Thrown by fit() when no chain saved a draw; `failures` holds each chain's error. */
export class NoDrawsError extends McglmmError {
  constructor(
    message: string,
    readonly failures: readonly RunFailure[],
    /** True when the run was stopped (Ctrl-C, stop flag) rather than failed. */
    readonly stopped: boolean,
    /** Iterations each chain ran. */
    readonly iterations: readonly number[],
  ) {
    super(message);
  }
}

/** What to try for a chain failure, from the model's shape and the failing component. */
export function failureAdvice(failure: ChainFailure, model: Model, prior: Prior): string {
  // a binary logit/probit response, or a threshold one: its residual variance is not identified
  const binary = model.responses.find((r) => (r.categories?.length === 2 && familyOf(r).link === "logit") || familyOf(r).cutpointLink === "pinned");
  if (binary && prior.R.some((p) => p.fixFrom > 0) && /latent|^R\b|units|positive-definite|scale/.test(`${failure.component} ${failure.message}`)) {
    return `the residual variance of the ${binary.family} response ${binary.name} is not identified by the data; fix it as MCMCglmm advises: prior R: {V: 1, fix: 1}`;
  }
  const extreme = model.responses.find((r) => r.y.some((v) => !Number.isNaN(v) && !(Math.abs(v) < 1e100)));
  if (extreme) return `the response ${extreme.name} holds infinite or extreme values (|y| >= 1e100): remove or rescale them`;
  // an indefinite ginverse shows in the location draw or, when a move keeps C positive-definite,
  // as a negative crossproduct u' A^-1 u in the term's own variance draw
  const related = model.randomTerms.filter((t) => t.ginverse);
  const inTerm = related.some((t) => failure.component === `G.G${model.randomTerms.indexOf(t) + 1}` || failure.component.includes(t.label));
  if (related.length > 0 && (failure.component === "location effects" || inTerm)) {
    return "the mixed-model equations lost positive-definiteness: check that every ginverse/pedigree matrix is positive-definite, and the priors";
  }
  if (failure.component === "worker") return "the worker thread running the chain died (out of memory?): try fewer threads, or --threads 1";
  return "check the data for extreme values and the priors (an improper or nearly improper prior can let a variance run off)";
}

/** The error for a run that saved no draw. */
export function noDrawsError(failures: readonly RunFailure[], stopped: boolean, iterations: readonly number[], burnin: number, model: Model, prior: Prior): NoDrawsError {
  const lines: string[] = [];
  if (failures.length > 0) {
    lines.push(`no draws were saved: ${failures.length === iterations.length ? "every chain" : `${failures.length} chain(s)`} failed before the first saved iteration`);
    for (const f of [...failures].sort((a, b) => a.chain - b.chain)) {
      lines.push(`  chain ${f.chain + 1}: iteration ${f.iteration}, ${f.component}: ${f.message}`);
      lines.push(`    what to do: ${failureAdvice(f, model, prior)}`);
    }
  }
  if (stopped) {
    const most = Math.max(0, ...iterations);
    lines.push(`${failures.length > 0 ? "and the" : "no draws were saved: the"} run was interrupted at iteration ${most}, during burn-in (burnin = ${burnin}), before any draw was saved`);
  }
  return new NoDrawsError(lines.join("\n"), failures, stopped, iterations);
}
