// What ties a chain folder to its run: chain.json, with a fingerprint (SHA-256) of everything that
// decides the chain's draws (the spec's model and priors, the data, the relationship matrices and
// the settings nitt, burnin, thin, chains, seed, pr, latent), the spec file to reload for a resume
// or a combine, and, once the chain is done, its status, timing and DIC sums.

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../errors.js";
import type { DataFrame, ModelSpec } from "../models/types.js";
import type { Relationship } from "../models/structures/build-term.js";
import type { ResolvedSettings } from "../settings.js";
import type { StateSums } from "../samplers/run/chain.js";
import { CHAIN_FILE } from "./chain-files.js";
import { decodeExactJson, encodeExactJson } from "./checkpoint-file.js";
import { writeFileAtomic } from "./output-dir.js";

export const CHAIN_META_VERSION = 1;

/** Settings that are part of the fingerprint (threads are not: they do not change the draws). */
export function fingerprintSettings(s: ResolvedSettings): Pick<ResolvedSettings, "nitt" | "burnin" | "thin" | "chains" | "seed" | "pr" | "latent"> {
  return { nitt: s.nitt, burnin: s.burnin, thin: s.thin, chains: s.chains, seed: s.seed, pr: s.pr, latent: s.latent };
}

const RUN_KEYS = new Set(["nitt", "burnin", "thin", "chains", "seed", "threads", "pr", "latent"]);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** SHA-256 (hex) of the model spec, data, relationships and settings. */
export function runFingerprint(spec: ModelSpec, data: DataFrame, relationships: Record<string, Relationship>, settings: ResolvedSettings): string {
  const hash = createHash("sha256");
  const model = Object.fromEntries(Object.entries(spec).filter(([k]) => !RUN_KEYS.has(k)));
  hash.update(canonical({ spec: model, settings: fingerprintSettings(settings) }));
  const bytes = (a: Float64Array | Int32Array) => hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  hash.update(`data ${data.nrow}`);
  for (const name of data.names) {
    const column = data.columns.get(name);
    if (!column) continue;
    hash.update(`\n${name}:${column.kind}`);
    if (column.kind === "numeric") bytes(column.values);
    else {
      hash.update(canonical({ levels: column.levels, ordered: column.ordered }));
      bytes(column.codes);
    }
  }
  for (const key of Object.keys(relationships).sort()) {
    const r = relationships[key];
    hash.update(`\nrelationship ${key}:${canonical(r.levels)}`);
    bytes(r.Ainv.colPtr);
    bytes(r.Ainv.rowIdx);
    bytes(r.Ainv.values);
  }
  return hash.digest("hex");
}

/** chain.json. */
export interface ChainMeta {
  readonly version: number;
  /** 1-based chain number (chain-K). */
  readonly chain: number;
  /** Chains the run describes. */
  readonly chains: number;
  readonly fingerprint: string;
  /** Absolute path of the spec file, reloaded by resume and combine. */
  readonly spec: string;
  /** The fit's options as given (so resume runs it the same way). */
  readonly options: RunFileOptions;
  /** 0-based chains the invocation that wrote this folder ran (a full fit: all; --chain K: [K-1]). */
  readonly ranChains: readonly number[];
  readonly names: readonly string[];
  /** The parameters by summary group (fixed effects, (co)variances, cutpoints). */
  readonly groups: { readonly fixed: readonly string[]; readonly covariances: readonly string[]; readonly cutpoints: readonly string[] };
  /** The run's resolved settings. */
  readonly settings: { readonly nitt: number; readonly burnin: number; readonly thin: number; readonly chains: number; readonly seed: number };
  readonly status: "running" | "complete" | "stopped" | "failed";
  readonly failure?: { iteration: number; component: string; message: string };
  readonly iterations?: number;
  readonly seconds?: number;
  readonly draws?: number;
  /** The chain's DIC sums (exact encoding), when done. */
  readonly sums?: StateSums;
  /** The chain's Metropolis-Hastings acceptance counts after burn-in (a run of this chain alone), for combine. */
  readonly sampler?: readonly { readonly kernel: string; readonly accepted: number; readonly proposed: number }[];
}

/** The options a run was started with, as resume needs them. */
export interface RunFileOptions {
  readonly nitt?: number;
  readonly burnin?: number;
  readonly thin?: number;
  readonly chains?: number;
  readonly threads?: number;
  readonly seed?: number;
  readonly pr?: boolean;
  readonly latent?: string;
  readonly checkpointEvery?: number;
  readonly targetEss?: number;
}

export function writeChainMeta(folder: string, meta: ChainMeta): void {
  writeFileAtomic(join(folder, CHAIN_FILE), encodeExactJson(meta, 2) + "\n");
}

export function readChainMeta(folder: string): ChainMeta {
  const path = join(folder, CHAIN_FILE);
  if (!existsSync(path)) throw new DataError(`${folder} has no ${CHAIN_FILE}: not a chain folder written by mcglmm fit`);
  try {
    const meta = decodeExactJson<ChainMeta>(readFileSync(path, "utf8"));
    if (meta.version !== CHAIN_META_VERSION || typeof meta.fingerprint !== "string") throw new Error(`unknown version ${String(meta.version)}`);
    return meta;
  } catch (err) {
    throw new DataError(`${path} is damaged or from another version: ${(err as Error).message}`);
  }
}
