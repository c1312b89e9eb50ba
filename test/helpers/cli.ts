// Running the `mcglmm` command from source (tsx) in a child process, as a user would.

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `mcglmm args...`; `onStderr` sees the stderr so far and the child (to send it signals). */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ChildProcess) => void } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "run.ts"), ...args], { cwd: ROOT, env: { ...process.env, ...(options.env ?? {}) } });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; options.onStderr?.(stderr, child); });
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** True once the progress lines in `stderr` show every chain 1..chains past iteration `burnin`. */
export function allChainsPast(stderr: string, chains: number, burnin: number): boolean {
  const latest = new Map<number, number>();
  for (const m of stderr.matchAll(/chain (\d+): iteration (\d+)\//g)) latest.set(Number(m[1]), Number(m[2]));
  for (let k = 1; k <= chains; k++) if (!((latest.get(k) ?? 0) > burnin)) return false;
  return true;
}
