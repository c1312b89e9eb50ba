// Per-chain progress bars on stderr (cli-progress); none when stderr is not a terminal.

import cliProgress from "cli-progress";
import type { ChainProgress } from "../samplers/run/chain.js";

export interface ProgressDisplay {
  update(p: ChainProgress): void;
  stop(): void;
}

export function createProgressDisplay(chains: number, enabled: boolean): ProgressDisplay | undefined {
  if (!enabled) return undefined;
  const multi = new cliProgress.MultiBar(
    { format: " chain {chain} [{bar}] {percentage}% | {value}/{total} it | {rate} it/s", hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const bars = Array.from({ length: chains }, (_, c) => multi.create(1, 0, { chain: c + 1, rate: "0" }));
  return {
    update(p) {
      const bar = bars[p.chain];
      if (!bar) return;
      bar.setTotal(p.total);
      bar.update(p.iteration, { chain: p.chain + 1, rate: p.rate.toFixed(0) });
    },
    stop() {
      multi.stop();
    },
  };
}
