#!/usr/bin/env bash
# An l2l experiment on a Slurm cluster with the MPI backend (docs/running-at-scale.md).
#
#   sbatch experiments/slurm-mpi.sh experiments/reservoir-enkf.yaml --scale paper
#   sbatch --dependency=afterany:<jobid> experiments/slurm-mpi.sh --resume results/reservoir-enkf-paper.h5
#
# Rank 0 runs both loops and is the only process that opens the result file; every other rank
# evaluates inner runs. One rank per core; BLAS inside an inner run is single-threaded. The
# result file is replaced atomically after every generation, so a job that hits its time limit
# or loses a node leaves a complete, readable file: resubmit with --resume (second line above)
# and the run continues to the same final datasets as an uninterrupted one, on any number of ranks.
#
# Build once on a login node (Swift 6 and Open MPI from your site's modules or Debian packages):
#   L2L_MPI=1 swift build -c release --product l2l --build-path .build-mpi
#SBATCH --job-name=l2l
#SBATCH --ntasks=64                 # ranks: 63 workers + rank 0
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=2G            # the full reservoir (1,600 E + 400 I) needs about 1 GiB per inner run
#SBATCH --time=04:00:00
#SBATCH --output=l2l-%j.out
#SBATCH --signal=B:TERM@120         # a resubmitted job resumes from the last completed generation anyway
set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-.}"
bin="${L2L_MPI_BIN:-.build-mpi/release/l2l}"
# module load openmpi                # site-specific; the build and the run must use the same Open MPI
export OMPI_MCA_mpi_yield_when_idle=1
if [ "${1:-}" = "--resume" ]; then
  file="$2"
  # Continue on whatever allocation this job got; results do not depend on the number of ranks.
  exec srun --mpi=pmix "$bin" resume "$file" --backend mpi
else
  spec="${1:?usage: sbatch experiments/slurm-mpi.sh SPEC [--scale NAME] [-o FILE] | --resume FILE}"
  shift
  # Write to node-local or parallel-file-system storage; the file is small next to the compute.
  exec srun --mpi=pmix "$bin" run "$spec" --backend mpi "$@"
fi
