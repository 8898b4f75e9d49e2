#!/usr/bin/env bash
# The main job: run every notebook top to bottom (outputs saved into the notebooks), regenerate README.md
# from nbs/index.ipynb, and render the docs site into _docs/. With --no-run, only README and site.
# Uses nbdev-readme and nbdev-docs where Quarto is on PATH, tools/build_site.py otherwise.
# NOTEBOOKS="10_kd_basics 21_rekd" runs only those notebooks, one after another (then the front page); each notebook that
# ran is stamped into results/timings.json (wall time, digests of its code and modules), which `make test` checks.
# A whole run puts the chapters that compute on one torch thread (they call torch.set_num_threads(1)) in two lanes that
# run side by side, so both cores work: LANE_A and LANE_B, each in its own order, after every other chapter (the
# lanes take about the same time). A chapter in a lane reads results only of the chapters before the lanes and of
# those before it in its own lane (nb60 reads what nb31 and nb50 wrote; nb41 reads nb40 and nb08's models; nb62 reads nb41 and nb43). The wall times of lane chapters are then times on a shared machine. LANES=0
# runs every chapter one after another.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
VENV=$(cd "$VENV" && pwd)  # absolute: the notebooks run from nbs/
BIN="$VENV/bin"
export KD_NOTES_PROFILE=${KD_NOTES_PROFILE:-fast}
export KD_NOTES_QUIET=1      # no progress bars in saved outputs
export WANDB_MODE=${WANDB_MODE:-disabled}
export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"  # the kernel of .venv first
run=1; [ "${1:-}" = "--no-run" ] && run=0

"$BIN/nbdev-export"
"$BIN/nbdev-sidebar"   # nbs/sidebar.yml, for nbdev-docs where Quarto is installed
"$BIN/python" -c "from kd_notes.exercises import main; main()"  # exercises/ and solutions/ from the chapters (make exercises)
if [ $run = 1 ]; then
  # numbered chapters in reading order, then the front page (it reads what the chapters wrote)
  if [ -n "${NOTEBOOKS:-}" ]; then
    nbs=(); for n in $NOTEBOOKS; do n=${n%.ipynb}; [ -f "nbs/$n.ipynb" ] || { echo "No notebook nbs/$n.ipynb (NOTEBOOKS=$NOTEBOOKS)" >&2; exit 1; }; nbs+=("$n.ipynb"); done
    [[ " ${nbs[*]} " == *" index.ipynb "* ]] || nbs+=(index.ipynb)
  else
    mapfile -t nbs < <(cd nbs && ls [0-9]*.ipynb 2>/dev/null | sort; echo index.ipynb)
  fi
  LANE_A=${LANE_A-41_bias_distillation 62_human_error 30_sae_toy}
  LANE_B=${LANE_B-31_sae_teacher_student 50_interp_tools 60_case_studies}
  lanes=0
  if [ -z "${NOTEBOOKS:-}" ] && [ "${LANES:-1}" != 0 ] && [ -n "$LANE_A" ] && [ -n "$LANE_B" ]; then
    lanes=1
    for n in $LANE_A $LANE_B; do
      [ -f "nbs/$n.ipynb" ] || { echo "No notebook nbs/$n.ipynb in LANE_A/LANE_B" >&2; exit 1; }
      grep -q 'set_num_threads(1)' "nbs/$n.ipynb" || { echo "nbs/$n.ipynb does not set one torch thread: take it out of LANE_A/LANE_B" >&2; exit 1; }
    done
    rest=(); for nb in "${nbs[@]}"; do [[ " $LANE_A $LANE_B index " == *" ${nb%.ipynb} "* ]] || rest+=("$nb"); done
  else
    rest=("${nbs[@]}")
  fi
  echo "Running ${#nbs[@]} notebooks in the '$KD_NOTES_PROFILE' profile..."
  total_start=$(date +%s)
  run_nb() {  # run one notebook in place, then stamp it (its code cells are what ran; nbdev-clean below changes no source)
    local nb=$1 start took; start=$(date +%s)
    (cd nbs && KD_NOTES_NOTEBOOK="$PWD/$nb" "$BIN/jupyter" nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.timeout=3600 --ExecutePreprocessor.kernel_name=python3 "$nb" >/dev/null 2>"$VENV/.book-$nb.log") \
      || { cat "$VENV/.book-$nb.log" >&2; echo "FAILED: nbs/$nb (log above)" >&2; return 1; }
    took=$(( $(date +%s) - start ))
    echo "  nbs/$nb  $took s${2:-}"
    "$BIN/python" -c "import sys; from kd_notes.core import stamp_notebook; stamp_notebook(sys.argv[1], float(sys.argv[2]))" "nbs/$nb" "$took"
  }
  for nb in "${rest[@]}"; do run_nb "$nb"; done
  if [ $lanes = 1 ]; then
    echo "Two lanes side by side: [$LANE_A] and [$LANE_B]"
    killtree() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do killtree "$c"; done; kill "$1" 2>/dev/null || true; }
    ( for n in $LANE_A; do run_nb "$n.ipynb" "  (lane A)" || exit 1; done ) & lane_a=$!
    trap 'killtree $lane_a' EXIT  # lane B failed: stop lane A too
    for n in $LANE_B; do run_nb "$n.ipynb" "  (lane B)"; done
    wait $lane_a || { echo "FAILED: lane A ($LANE_A)" >&2; exit 1; }
    trap - EXIT
    run_nb index.ipynb
  fi
  echo "All notebooks ran in $(( $(date +%s) - total_start )) s."
  "$BIN/nbdev-clean"
fi

if command -v quarto >/dev/null 2>&1; then
  echo "Quarto found: nbdev-readme and nbdev-docs"
  "$BIN/nbdev-readme"
  "$BIN/nbdev-docs"
else
  echo "Quarto not found: rendering offline with tools/build_site.py"
  "$BIN/python" tools/build_site.py --out _docs
fi
echo
echo "Open the site: $(pwd)/_docs/index.html"
