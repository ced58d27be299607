#!/usr/bin/env bash
# Regenerates notebooks-export/: runs every smoke study with the release l2l, executes each study's
# notebook on its result file (jupyter nbconvert --execute) and exports it as Markdown + PNG figures.
#
#   scripts/notebooks.sh                 # run the studies, execute the notebooks in place, export them
#   scripts/notebooks.sh --check         # CI: the same, but executed into a temporary directory; the
#                                        # committed notebooks and exports are left untouched
#   scripts/notebooks.sh --no-run NAME…  # reuse the result files already in $L2L_SMOKE_DIR; only NAME…
#
# Exits non-zero if a study fails to run or any notebook cell raises, so a change of the result-file
# layout that breaks a notebook fails CI. Environment:
#   L2L_BIN        the l2l binary (default: $(swift build -c release --show-bin-path)/l2l, built if missing)
#   L2L_PYTHON     a Python with h5py, xarray, h5netcdf, matplotlib and nbconvert (default: .venv/bin/python,
#                  set up by scripts/python-env.sh --notebooks)
#   L2L_SMOKE_DIR  where the smoke result files go (default: results/smoke, which the notebooks read by default)
#   L2L_JOBS       --jobs of l2l run (default: 2)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

check=0 run=1 only=()
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --no-run) run=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "notebooks.sh: unknown option $arg" >&2; exit 2 ;;
    *) only+=("$arg") ;;
  esac
done

# notebook  →  specs it reads (the first one is its L2L_RESULT)
studies=(
  "reservoir-enkf:reservoir-enkf"
  "celegans-foraging:celegans-foraging celegans-foraging-menomad celegans-foraging-ga celegans-foraging-es celegans-chemotaxis celegans-chemotaxis-ga"
  "nne-mnist:nne-mnist dopamine-mnist"
  "morris-lecar-wm:morris-lecar-wm morris-lecar-wm-ga morris-lecar-wm-cmaes morris-lecar-wm-enkf"
  "gonogo-neuromod:gonogo-neuromod gonogo-dopamine-only"
  "enkf-digits:enkf-digits es-digits"
  "mads-functions:mads-functions"
)

smoke="${L2L_SMOKE_DIR:-results/smoke}"
mkdir -p "$smoke"
smoke="$(cd "$smoke" && pwd)"
jobs="${L2L_JOBS:-2}"

if [[ -n "${L2L_PYTHON:-}" ]]; then
  py="$L2L_PYTHON"
else
  scripts/python-env.sh --notebooks
  py="$root/.venv/bin/python"
fi
"$py" -c "import h5py, xarray, h5netcdf, matplotlib, nbconvert, nbclient, ipykernel" \
  || { echo "notebooks.sh: $py lacks the notebook packages (Tests/python/requirements-notebooks.txt)" >&2; exit 1; }

selected() {  # is notebook $1 asked for?
  ((${#only[@]} == 0)) && return 0
  local n; for n in "${only[@]}"; do [[ "$n" == "$1" ]] && return 0; done; return 1
}

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
failures=()
summary=()
start_all=$SECONDS

# 1. The smoke studies, with the committed specs. The reservoir study is run with its EnKF state and
#    low-rank covariance recorded (record.state: true, record.covariance: low_rank; nothing else changes)
#    so that its notebook can draw the covariance spectra; celegans-foraging with record.state: true
#    (ENOMAD's per-generation record: weights changed against the connectome prior).
if ((run)); then
  if [[ -n "${L2L_BIN:-}" ]]; then
    bin="$L2L_BIN"
  else
    bin="$(swift build -c release --show-bin-path)/l2l"
    [[ -x "$bin" ]] || swift build -c release --product l2l
  fi
  [[ -x "$bin" ]] || { echo "notebooks.sh: no l2l binary at $bin (set L2L_BIN)" >&2; exit 1; }
  for entry in "${studies[@]}"; do
    nb="${entry%%:*}"; selected "$nb" || continue
    for spec in ${entry#*:}; do
      file="experiments/$spec.yaml"
      if [[ ! -f "$file" ]]; then
        echo "== $spec: $file not in this checkout, skipped (its notebook says so)"
        rm -f "$smoke/$spec.h5"
        continue
      fi
      if [[ "$spec" == reservoir-enkf ]]; then
        sed -e 's/^  state: false/  state: true/' -e 's/^  covariance: none/  covariance: low_rank/' \
          "$file" > "$work/$spec.yaml"
        grep -q '^  covariance: low_rank' "$work/$spec.yaml" \
          || { echo "notebooks.sh: could not switch on record.covariance in $file" >&2; exit 1; }
        file="$work/$spec.yaml"
      fi
      if [[ "$spec" == celegans-foraging ]]; then
        sed -e 's/^  state: false/  state: true/' "$file" > "$work/$spec.yaml"
        grep -q '^  state: true' "$work/$spec.yaml" \
          || { echo "notebooks.sh: could not switch on record.state in $file" >&2; exit 1; }
        file="$work/$spec.yaml"
      fi
      t0=$SECONDS
      echo "== $spec: l2l run $file"
      if "$bin" run "$file" -o "$smoke/$spec.h5" --overwrite --jobs "$jobs" --quiet; then
        summary+=("run      $spec: $((SECONDS - t0)) s")
      else
        failures+=("l2l run $spec")
        summary+=("run      $spec: FAILED")
      fi
    done
  done
fi

# 2. The notebooks: executed in place and exported (default), or executed into $work (--check).
# The inline backend (Agg rendering into the notebook's PNG outputs); a plain Agg would draw nothing.
export MPLBACKEND=module://matplotlib_inline.backend_inline
figures() {  # the number of PNG figures in an executed notebook
  "$py" -c 'import json, sys; print(sum("image/png" in o.get("data", {}) for c in json.load(open(sys.argv[1]))["cells"] for o in c.get("outputs", [])))' "$1"
}
for entry in "${studies[@]}"; do
  nb="${entry%%:*}"; selected "$nb" || continue
  specs=(${entry#*:})
  export L2L_RESULT="$smoke/${specs[0]}.h5"
  export L2L_RESULT_DOPAMINE="$smoke/dopamine-mnist.h5"
  export L2L_RESULT_DOPAMINE_ONLY="$smoke/gonogo-dopamine-only.h5"
  export L2L_RESULT_ES="$smoke/es-digits.h5"
  unset L2L_COMPARE  # celegans-foraging finds its variants itself
  if [[ "$nb" == morris-lecar-wm ]]; then  # the other inner optimizers' files, for the comparison figure
    compare=()
    for spec in "${specs[@]:1}"; do [[ -f "$smoke/$spec.h5" ]] && compare+=("$smoke/$spec.h5"); done
    export L2L_COMPARE="$(IFS=:; echo "${compare[*]}")"
  fi
  t0=$SECONDS
  echo "== notebook $nb on $L2L_RESULT"
  if ((check)); then
    cp "notebooks-export/$nb.ipynb" "$work/"
    target=("$work/$nb.ipynb" --output-dir "$work")
  else
    target=("notebooks-export/$nb.ipynb" --inplace)
  fi
  if "$py" -m jupyter nbconvert --to notebook --execute "${target[@]}" \
      --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
      --log-level=WARN 2>"$work/$nb.log" && (($(figures "${target[0]}") > 0)); then
    if ((check)); then
      "$py" -m jupyter nbconvert --to markdown "$work/$nb.ipynb" --output-dir "$work/export" --log-level=WARN
      if ! diff -q "$work/export/$nb.md" "notebooks-export/$nb.md" >/dev/null 2>&1; then
        echo "   note: notebooks-export/$nb.md differs from this run's export (run scripts/notebooks.sh to refresh it)"
      fi
    else
      rm -rf "notebooks-export/${nb}_files"
      "$py" -m jupyter nbconvert --to markdown "notebooks-export/$nb.ipynb" --output-dir notebooks-export --log-level=WARN
    fi
    summary+=("notebook $nb: $((SECONDS - t0)) s")
  else
    grep -v "Kernel is running over TCP" "$work/$nb.log" | tail -40 >&2
    failures+=("notebook $nb")
    summary+=("notebook $nb: FAILED")
  fi
done

printf '%s\n' "${summary[@]}"
echo "total: $((SECONDS - start_all)) s"
if ((${#failures[@]})); then
  printf 'FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
