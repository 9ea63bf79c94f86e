# Sourced after common.sh by the tests that run vardsim-mpi under a real
# mpirun (never skipped): MVS, the MPI build beside VS (ctest builds it
# first, make mpi by hand); OpenMPI allowed to run as root, shared memory
# only; TMPDIR in the scratch directory, where the ranks' private
# directories go (a test checks that none is left).
MVS="$(dirname "$VS")/vardsim-mpi"
[ -x "$MVS" ] || fail "$MVS not built (make mpi; make test builds it)"
command -v mpirun >/dev/null || fail "mpirun not found (tools/deps.sh installs openmpi-bin)"
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_btl=self,vader
mkdir -p "$T/tmp"
export TMPDIR="$T/tmp"
