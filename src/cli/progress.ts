// Progress on stderr: per-chain bars (cli-progress) on a terminal; off a terminal (batch jobs,
// logs) a plain line per chain every few seconds: chain, iteration, rate, time left.

import cliProgress from "cli-progress";
import type { ChainProgress } from "../samplers/run/chain.js";

export interface ProgressDisplay {
  update(p: ChainProgress): void;
  stop(): void;
}

export type ProgressMode = "bars" | "lines" | "off";

/** Bars on a terminal, lines elsewhere, nothing when quiet. */
export function progressMode(quiet: boolean | undefined, isTTY: boolean): ProgressMode {
  return quiet ? "off" : isTTY ? "bars" : "lines";
}

/** `chainIds`: the chains shown (their 0-based indices), one bar or line each. */
export function createProgressDisplay(chainIds: readonly number[], mode: ProgressMode, write: (text: string) => void = (t) => process.stderr.write(t), everySeconds = 5): ProgressDisplay | undefined {
  if (mode === "off") return undefined;
  return mode === "bars" ? progressBars(chainIds) : progressLines(chainIds, write, everySeconds);
}

function progressBars(chainIds: readonly number[]): ProgressDisplay {
  const multi = new cliProgress.MultiBar(
    { format: " chain {chain} [{bar}] {percentage}% | {value}/{total} it | {rate} it/s", hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map(chainIds.map((c) => [c, multi.create(1, 0, { chain: c + 1, rate: "0" })]));
  return {
    update(p) {
      const bar = bars.get(p.chain);
      if (!bar) return;
      bar.setTotal(p.total);
      bar.update(p.iteration, { chain: p.chain + 1, rate: p.rate.toFixed(0) });
    },
    stop() {
      multi.stop();
    },
  };
}

/** Seconds as "42 s", "12 min", "3.5 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 100) return `${Math.round(seconds)} s`;
  if (seconds < 6000) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** One progress line of a chain. */
export function formatProgressLine(p: ChainProgress): string {
  const left = p.rate > 0 ? (p.total - p.iteration) / p.rate : Infinity;
  const percent = p.total > 0 ? Math.floor((100 * p.iteration) / p.total) : 100;
  return `mcglmm: chain ${p.chain + 1}: iteration ${p.iteration}/${p.total} (${percent}%), ${p.rate.toFixed(0)} it/s, ${formatDuration(left)} left\n`;
}

function progressLines(chainIds: readonly number[], write: (text: string) => void, everySeconds: number): ProgressDisplay {
  const latest = new Map<number, ChainProgress>();
  const printed = new Map<number, number>();
  const flush = () => {
    for (const c of chainIds) {
      const p = latest.get(c);
      if (p && printed.get(c) !== p.iteration) {
        write(formatProgressLine(p));
        printed.set(c, p.iteration);
      }
    }
  };
  const timer = setInterval(flush, everySeconds * 1000);
  timer.unref();
  return {
    update(p) {
      latest.set(p.chain, p);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
