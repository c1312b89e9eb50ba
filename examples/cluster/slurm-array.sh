#!/bin/bash
# One mcglmm chain per task of a Slurm job array; `mcglmm combine` joins them afterwards.
#
#   sbatch --array=1-4 examples/cluster/slurm-array.sh spec.json runs/animal [more fit options]
#   mcglmm combine runs/animal            # once every task has finished (or: see README)
#
# The array indices are the chain numbers 1..N, and N must be the spec's `chains` (or the
# --chains you pass): task K runs chain K, with chain K's random stream of the full run, and
# writes runs/animal/chain-K/ (draws as they are made, its summary, its state). A task that was
# killed (time limit, preemption) continues with `mcglmm resume runs/animal --chain K` when it
# was run with --checkpoint-every.
#SBATCH --job-name=mcglmm-chain
#SBATCH --cpus-per-task=1
#SBATCH --output=mcglmm-chain-%A-%a.log
set -euo pipefail

spec=${1:?usage: sbatch --array=1-N slurm-array.sh SPEC OUTDIR [fit options]}
out=${2:?usage: sbatch --array=1-N slurm-array.sh SPEC OUTDIR [fit options]}
shift 2

# MCGLMM lets a site (or the test) point at its own mcglmm command.
${MCGLMM:-mcglmm} fit "$spec" --chain auto --threads 1 --out "$out" "$@"
