# Outage Lab
#   make lab     set up .venv and open the first lesson in JupyterLab
#   make test    set up .venv (+ Chromium) and run the whole suite: lint, format, types, tests,
#                notebooks
#   make record  re-run the notebooks in place to re-record their outputs
#   make bench   run the benchmarks
#   make clean   remove caches and build output (keeps .venv; `rm -rf .venv` to start afresh)
#   make lite    build the browser-only edition (JupyterLite) in build/lite

SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
# JupyterLab refuses to start as root without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test record bench clean

lab:
	bash scripts/setup.sh lab
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/00_start_here.ipynb

# A stable figure MIME type, so stored notebook outputs compare equal.
test record: export PLOTLY_RENDERER := plotly_mimetype

# nbval in lax mode compares only the outputs of cells tagged nbval-check-output
# (the numbers the lesson text quotes); every other cell just has to run.
test:
	bash scripts/setup.sh test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PYTHON) -m pytest tests notebooks labkit --doctest-modules \
		--nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

record:
	bash scripts/setup.sh lab
	$(PYTHON) scripts/record_notebooks.py notebooks/*.ipynb

bench:
	bash scripts/setup.sh test
	$(PYTHON) bench/bench_simulate.py
	$(PYTHON) bench/bench_bgp.py
	$(PYTHON) bench/bench_browser.py
	$(PYTHON) bench/bench_explore.py
	$(PYTHON) bench/bench_frames.py
	$(PYTHON) bench/bench_scenarios.py
	$(PYTHON) bench/bench_dashboard.py
	$(PYTHON) bench/bench_lessons.py
	$(PYTHON) bench/bench_sweep.py

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache .hypothesis bench/results
	find . -path ./$(VENV) -prune -o \
		\( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print0 | xargs -0 -r rm -rf

# The lessons as a static site in build/site/ (open build/site/index.html; works offline).
.PHONY: site
site:
	bash scripts/setup.sh lab
	$(PYTHON) scripts/build_site.py --out build/site

# The browser-only edition: a JupyterLite site of every lesson in build/lite, built from PyPI and
# npm by scripts/build_lite.py (its tools go into .cache/lite/venv; downloads stay in .cache/lite,
# which `make clean` keeps). Serve it with
#   python3 -m http.server 8000 --bind 127.0.0.1 --directory build/lite
.PHONY: lite bench-lite
LITE_PYTHON := $(if $(wildcard $(PYTHON)),$(PYTHON),python3)

lite:
	$(LITE_PYTHON) scripts/build_lite.py

bench-lite:
	bash scripts/setup.sh test
	$(PYTHON) bench/bench_lite.py
