# kd_notes: `make book` runs every notebook and renders the site; `make test` checks everything.
# Both set up .venv on first use (tools/install.sh) and skip the install while the requirements are unchanged.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export KD_NOTES_PROFILE ?= fast
export WANDB_MODE ?= disabled
# Notebooks whose cells marked `# NBVAL_CHECK_OUTPUT` must reproduce their saved outputs.
NBVAL_NBS = $(shell grep -l '"# NBVAL_CHECK_OUTPUT' nbs/*.ipynb 2>/dev/null)
PYTEST_WORKERS ?= 2

.PHONY: help install book test bench lab site readme lock clean-site exercises

help:
	@echo "make book   install, run every notebook ($$KD_NOTES_PROFILE profile, default fast), write README.md, render _docs/"
	@echo "make test   install, then: notebooks clean, library in sync, outputs not stale, nbdev-test on every notebook (test profile), tests/, nbval, site in a browser"
	@echo "make bench  run the benchmarks in bench/ (trainer overhead, cached teacher, latency, memory; SAE training and activation collection) into results/"
	@echo "make lab    open JupyterLab on the repository (nbs/, exercises/, solutions/) with the project's environment"
	@echo "make exercises  write exercises/ and solutions/ from the chapters' exercises (FORCE=1 overwrites notebooks you edited)"
	@echo "make site   render _docs/ and README.md from the notebooks as they are (no execution)"
	@echo "make lock   regenerate constraints.txt from the installed environment"

install:
	@VENV=$(VENV) bash tools/install.sh

book: install
	@VENV=$(VENV) bash tools/book.sh

site: install
	@VENV=$(VENV) bash tools/book.sh --no-run

# tests/ on both cores (worksteal: each notebook test is its own item); then nbval in one process, because a
# notebook's cells must run in order in one kernel.
test: install
	$(PY) -m pytest tests -n $(PYTEST_WORKERS) --dist worksteal -p no:cacheprovider
	$(PY) -m pytest $(NBVAL_NBS) --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

bench: install
	KD_NOTES_QUIET=1 $(PY) bench/kd_basics.py
	KD_NOTES_QUIET=1 $(PY) bench/sae.py

exercises: install
	$(PY) -c "from kd_notes.exercises import main; main()"

lab: install
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(VENV)/bin/jupyter lab --notebook-dir=.

lock: install
	@{ echo "# Every package of the tested environment, pinned; regenerate with \`make lock\`."; \
	   echo "# Used as pip constraints (-c) next to requirements.txt: it pins, it does not add."; \
	   $(PY) -m pip freeze --exclude-editable \
	     | grep -v -iE "^($$(cat requirements-data.txt requirements-test.txt | sed -e 's/#.*//' -e 's/==.*//' -e '/^ *$$/d' | paste -sd'|'))==" \
	     | sed 's/+cpu//'; } > constraints.txt
	@echo "constraints.txt written"

clean-site:
	rm -rf _docs _proc
