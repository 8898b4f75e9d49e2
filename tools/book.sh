#!/usr/bin/env bash
# The main job: run every notebook top to bottom (outputs saved into the notebooks), regenerate README.md
# from nbs/index.ipynb, and render the docs site into _docs/. With --no-run, only README and site.
# Uses nbdev-readme and nbdev-docs where Quarto is on PATH, tools/build_site.py otherwise.
# NOTEBOOKS="10_kd_basics 21_rekd" runs only those notebooks (then the front page); each notebook that ran is
# stamped into results/timings.json (wall time, digests of its code and modules), which `make test` checks.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BIN="$VENV/bin"
export KD_NOTES_PROFILE=${KD_NOTES_PROFILE:-fast}
export KD_NOTES_QUIET=1      # no progress bars in saved outputs
export WANDB_MODE=${WANDB_MODE:-disabled}
export JUPYTER_PATH="$(cd "$VENV" && pwd)/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"  # the kernel of .venv first
run=1; [ "${1:-}" = "--no-run" ] && run=0

"$BIN/nbdev-export"
"$BIN/nbdev-sidebar"   # nbs/sidebar.yml, for nbdev-docs where Quarto is installed
if [ $run = 1 ]; then
  # numbered chapters in reading order, then the front page (it reads what the chapters wrote)
  if [ -n "${NOTEBOOKS:-}" ]; then
    nbs=(); for n in $NOTEBOOKS; do n=${n%.ipynb}; [ -f "nbs/$n.ipynb" ] || { echo "No notebook nbs/$n.ipynb (NOTEBOOKS=$NOTEBOOKS)" >&2; exit 1; }; nbs+=("$n.ipynb"); done
    [[ " ${nbs[*]} " == *" index.ipynb "* ]] || nbs+=(index.ipynb)
  else
    mapfile -t nbs < <(cd nbs && ls [0-9]*.ipynb 2>/dev/null | sort; echo index.ipynb)
  fi
  echo "Running ${#nbs[@]} notebooks in the '$KD_NOTES_PROFILE' profile..."
  total_start=$(date +%s)
  declare -A took
  for nb in "${nbs[@]}"; do
    start=$(date +%s)
    (cd nbs && KD_NOTES_NOTEBOOK="$PWD/$nb" "../$BIN/jupyter" nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.timeout=3600 --ExecutePreprocessor.kernel_name=python3 "$nb" >/dev/null 2>"../$VENV/.book-$nb.log") \
      || { cat "$VENV/.book-$nb.log" >&2; echo "FAILED: nbs/$nb (log above)" >&2; exit 1; }
    took[$nb]=$(( $(date +%s) - start ))
    echo "  nbs/$nb  ${took[$nb]} s"
    # stamped at once (its code cells are what ran; nbdev-clean below changes no source), so the front page, run last, shows every stamp
    "$BIN/python" -c "import sys; from kd_notes.core import stamp_notebook; stamp_notebook(sys.argv[1], float(sys.argv[2]))" "nbs/$nb" "${took[$nb]}"
  done
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
