# Sourced by the study scripts under bench/ (fresh-episodes, paper-foraging): one `l2l run` at a time
# into OUT_DIR, niced, `--jobs 2`, each run's log beside its file and its wall time and load appended to
# OUT_DIR/times.txt.
#   source bench/study-runner.sh OUT_DIR      then      run NAME SPEC [ARGS …]   (writes OUT_DIR/NAME.h5)
# L2L_BIN: the l2l binary (default .build/release/l2l); ONLY="NAME …": run only those names (the others'
# files already in OUT_DIR, e.g. an arm added later). Defines OUT and B (the binary) for the caller's
# analysis line.
OUT=${1:?output directory}
B=${L2L_BIN:-.build/release/l2l}
mkdir -p "$OUT"
run() {
  local name=$1; shift
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return 0; fi
  local t0=$(date +%s)
  nice -n 10 "$B" run "$@" -o "$OUT/$name.h5" --jobs 2 --quiet --overwrite > "$OUT/$name.log" 2>&1
  echo "$name rc=$? wall=$(( $(date +%s) - t0 )) s load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/times.txt"
}
