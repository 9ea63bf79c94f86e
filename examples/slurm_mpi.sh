#!/bin/bash
# examples/slurm_mpi.sh: one vardsim run spread over the ranks of an MPI job
# (docs/scaleout.md).  Every rank runs the same command; the replications of
# the flow simulation and the forecast's Monte Carlo runs are split over the
# ranks, rank 0 writes the run directory, and the result is the same as
# `vardsim run` on one machine, byte for byte.
#
#   make mpi                              # build/vardsim-mpi (OpenMPI)
#   sbatch examples/slurm_mpi.sh scenarios/policy.yaml runs/policy
#
# One rank per core and one thread per rank (the scenario's
# simulation.threads: 0 means all cores of the node, too many when 32 ranks
# share it: set it to 1 in the scenario, or give --cpus-per-task and keep
# ranks x threads <= cores).  Each rank repeats the serial part of the
# command (loading, network design, the stages without units), so a job of
# many ranks pays off only for many units: 1,000 replications, a sweep.
#
#SBATCH --job-name=vardsim-mpi
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=32
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=500M
#SBATCH --time=01:00:00
#SBATCH --output=vardsim-mpi-%j.log
set -eu
SCENARIO=${1:-scenarios/today.yaml}
OUT=${2:-runs/$(basename "$SCENARIO" .yaml)}
VARDSIM_MPI=${VARDSIM_MPI:-build/vardsim-mpi}

# Slurm starts the ranks itself when its MPI plugin (PMIx) matches OpenMPI's;
# otherwise use OpenMPI's launcher inside the allocation:
#   mpirun -n "$SLURM_NTASKS" "$VARDSIM_MPI" run ...
# The ranks > 0 write into private directories under $TMPDIR (node-local
# scratch is best) and remove them at the end; only rank 0 writes $OUT, so
# $OUT must be on a file system the job's first node can write.
if srun --mpi=list 2>&1 | grep -q pmix; then
    launch=(srun --mpi=pmix)
else
    launch=(mpirun -n "${SLURM_NTASKS:-1}")
fi
# VARDSIM_MPI_LOG=1: rank 0 reports every phase's compute time per rank on
# stderr (the job's log), the figures docs/scaleout.md projects from
VARDSIM_MPI_LOG=1 "${launch[@]}" "$VARDSIM_MPI" run "$SCENARIO" --out "$OUT" --force
