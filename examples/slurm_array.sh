#!/bin/bash
# examples/slurm_array.sh: a vardsim command as a Slurm job array of N tasks and
# a dependent merge job (docs/shards.md).
#
#   examples/slurm_array.sh N OUT COMMAND [ARGS...]
#
# run on the login node, in the directory the command's relative paths start
# from, submits
#   1. an array of N tasks (0..N-1), task K running
#        vardsim COMMAND ARGS --task env --tasks env --threads $SLURM_CPUS_PER_TASK
#                --out OUT.shards/task_K
#      (env: K from SLURM_ARRAY_TASK_ID, N from SLURM_ARRAY_TASK_COUNT), and
#   2. a merge job that starts when every task has succeeded (afterok) and runs
#        vardsim merge OUT.shards/task_* --out OUT --json > OUT.json
# OUT (a new directory) then holds exactly what 'vardsim COMMAND ARGS --out OUT'
# writes in one process, and OUT.json what it prints with --json; the shards
# stay in OUT.shards (remove them when done).  Examples:
#
#   examples/slurm_array.sh 10 runs/flow100 simulate --replications 100 --seed 1
#   examples/slurm_array.sh 20 runs/fc forecast scenarios/policy.yaml --runs 100000
#
# Settings through the environment: VARDSIM (the program, default: vardsim on
# PATH), SBATCH_OPTS (more sbatch options for both jobs, e.g. "--account=X
# --partition=Y"), CPUS (cores per task, default 4), TIME (per task, default
# 02:00:00).  The same N shards can come from anywhere else (a Kubernetes
# indexed job, a shell loop): merge only needs their directories.
set -euo pipefail

VARDSIM=${VARDSIM:-vardsim}

case "${1:-}" in
task) # inside the array: one task
    out=$2
    shift 2
    exec "$VARDSIM" "$@" --task env --tasks env --threads "${SLURM_CPUS_PER_TASK:-1}" \
        --out "$out.shards/task_$SLURM_ARRAY_TASK_ID"
    ;;
merge) # after the array: the merge
    out=$2
    exec "$VARDSIM" merge "$out".shards/task_* --out "$out" --json >"$out.json"
    ;;
esac

if [ $# -lt 3 ]; then
    echo "usage: $0 N OUT COMMAND [ARGS...]" >&2
    exit 2
fi
n=$1 out=$2
case "$n" in '' | *[!0-9]* | 0) echo "$0: N must be a positive integer" >&2; exit 2 ;; esac
if [ -e "$out" ] || [ -e "$out.shards" ]; then
    echo "$0: $out or $out.shards exists; choose a new OUT" >&2
    exit 2
fi
mkdir -p "$out.shards"
# Both jobs run this file (sbatch copies it at submission, so later edits do
# not change jobs already queued) with "task" or "merge" first.
# shellcheck disable=SC2086 # SBATCH_OPTS is a list of options
jid=$(sbatch --parsable --job-name=vardsim-tasks --array="0-$((n - 1))" \
    --cpus-per-task="${CPUS:-4}" --time="${TIME:-02:00:00}" \
    --output="$out.shards/slurm-%A_%a.out" ${SBATCH_OPTS:-} \
    "$0" task "$out" "${@:3}")
jid=${jid%%;*} # "jobid;cluster" on a federated system
# shellcheck disable=SC2086
sbatch --parsable --job-name=vardsim-merge --dependency="afterok:$jid" \
    --cpus-per-task=1 --time="${TIME:-02:00:00}" --output="$out.shards/slurm-merge-%j.out" \
    ${SBATCH_OPTS:-} "$0" merge "$out" >/dev/null
echo "submitted: array job $jid ($n tasks) and its merge into $out"
