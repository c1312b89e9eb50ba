// `npm run test:cluster` (not part of `npm test`: it installs packages and starts daemons, as
// root): installs Debian's slurm-wlm and munge, starts munged and a single-node Slurm
// (slurmctld + slurmd on this machine, a minimal slurm.conf written here, everything under one
// temp folder), submits examples/cluster/slurm-array.sh as a 4-task job array for 4 chains of a
// reference model, waits, combines the chains, checks draws.csv byte for byte (and summary.json
// but for timing) against the same 4 chains fitted in one `mcglmm fit`, and stops the daemons.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";

const SPEC = join(ROOT, "test", "fixtures", "reference", "M2_PlodiaPO", "spec.json");
const FIT = ["--nitt", "3000", "--burnin", "500", "--thin", "5", "--chains", "4", "--seed", "17"];
const base = mkdtempSync(join(tmpdir(), "mcglmm-slurm-"));
const conf = join(base, "slurm.conf");
const mungeSocket = join(base, "munge", "munge.socket");
const env = { ...process.env, SLURM_CONF: conf };

function sh(cmd: string, args: string[], extra: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { encoding: "utf8", env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
}

function installSlurm(): void {
  const has = (bin: string) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
  if (has("slurmctld") && has("slurmd") && has("munged") && has("sbatch")) return;
  const apt = { DEBIAN_FRONTEND: "noninteractive" };
  sh("apt-get", ["update"], apt);
  sh("apt-get", ["install", "-y", "--no-install-recommends", "slurm-wlm", "munge"], apt);
}

function writeSlurmConf(): void {
  const host = hostname();
  for (const d of ["state", "spool", "munge"]) mkdirSync(join(base, d), { recursive: true, mode: 0o700 });
  writeFileSync(conf, [
    "ClusterName=mcglmm-test",
    `SlurmctldHost=${host}`,
    "SlurmUser=root",
    "SlurmdUser=root",
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${mungeSocket}`,
    "MpiDefault=none",
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU",
    "ReturnToService=2",
    // ports away from a real Slurm's 6817/6818
    "SlurmctldPort=16817",
    "SlurmdPort=16818",
    `SlurmctldPidFile=${join(base, "slurmctld.pid")}`,
    `SlurmdPidFile=${join(base, "slurmd.pid")}`,
    `StateSaveLocation=${join(base, "state")}`,
    `SlurmdSpoolDir=${join(base, "spool")}`,
    `SlurmctldLogFile=${join(base, "slurmctld.log")}`,
    `SlurmdLogFile=${join(base, "slurmd.log")}`,
    "JobCompType=jobcomp/none",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    `NodeName=${host} CPUs=${availableParallelism()} State=UNKNOWN`,
    "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
    "",
  ].join("\n"));
}

function startDaemons(): void {
  const keyFile = "/etc/munge/munge.key";
  if (!existsSync(keyFile)) sh("mungekey", ["--create", `--keyfile=${keyFile}`]);
  sh("munged", ["--force", `--socket=${mungeSocket}`, `--pid-file=${join(base, "munge", "munged.pid")}`, `--log-file=${join(base, "munge", "munged.log")}`, `--seed-file=${join(base, "munge", "munged.seed")}`]);
  sh("slurmctld", ["-f", conf, "-c"]);
  sh("slurmd", ["-f", conf]);
  // wait until the node is idle
  for (let i = 0; i < 60; i++) {
    const out = spawnSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8", env });
    if (out.status === 0 && out.stdout.trim() === "idle") return;
    spawnSync("sleep", ["1"]);
  }
  throw new Error(`the Slurm node did not come up:\n${readFileSync(join(base, "slurmctld.log"), "utf8").slice(-2000)}`);
}

function stopDaemons(): void {
  spawnSync("scontrol", ["shutdown"], { env });
  spawnSync("sleep", ["2"]);
  spawnSync("munged", ["--stop", `--socket=${mungeSocket}`]);
}

function withoutTiming(path: string): unknown {
  const s = JSON.parse(readFileSync(path, "utf8"));
  delete s.timing;
  return s;
}

describe("chains as a Slurm job array", () => {
  beforeAll(() => {
    installSlurm();
    writeSlurmConf();
    startDaemons();
  });
  afterAll(() => stopDaemons());

  it("4 array tasks, combined, equal one in-process run byte for byte", async () => {
    const out = join(base, "chains");
    const whole = join(base, "whole");
    // the array script runs mcglmm from this checkout's sources
    const mcglmm = `${process.execPath} --import tsx ${join(ROOT, "src", "cli", "run.ts")}`;
    const submitted = sh("sbatch", ["--wait", "--array=1-4", `--chdir=${ROOT}`, `--output=${join(base, "task-%a.log")}`, join(ROOT, "examples", "cluster", "slurm-array.sh"), SPEC, out, ...FIT, "--quiet"], { MCGLMM: mcglmm });
    expect(submitted).toMatch(/Submitted batch job \d+/);
    for (let k = 1; k <= 4; k++) {
      const log = readFileSync(join(base, `task-${k}.log`), "utf8");
      expect(log).toMatch(/kept 500 draws per chain x 1 chain/);
      expect(JSON.parse(readFileSync(join(out, `chain-${k}`, "chain.json"), "utf8")).status).toBe("complete");
    }
    const combined = await runCli(["combine", out]);
    expect(combined.code).toBe(0);
    const one = await runCli(["fit", SPEC, ...FIT, "--quiet", "--out", whole]);
    expect(one.code).toBe(0);
    expect(readFileSync(join(out, "draws.csv"), "utf8")).toBe(readFileSync(join(whole, "draws.csv"), "utf8"));
    expect(withoutTiming(join(out, "summary.json"))).toEqual(withoutTiming(join(whole, "summary.json")));
  });
});
