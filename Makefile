PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench clean

$(BIN)/cadence: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.test-deps: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

run: $(BIN)/cadence
	$(BIN)/cadence

lint: $(VENV)/.test-deps
	$(BIN)/ruff check cadence tests bench docs
	$(BIN)/ruff format --check cadence tests bench docs
	$(BIN)/lint-imports
	$(BIN)/mypy cadence

# pytest-xdist workers: "auto" is tests/conftest.py's choice for this machine's cores;
# WORKERS=0 runs everything in one process. Tests are handed out one at a time, in
# the order tests/conftest.py gives them (the long trials' chunks first). Byte code is
# cached under .venv even where PYTHONDONTWRITEBYTECODE is set: every worker and each
# of the crash test's 200 writers would compile Cadence and the tests again.
WORKERS ?= auto

test: $(VENV)/.test-deps
	@start=$$(date +%s); status=0; \
	$(MAKE) --no-print-directory lint && \
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX="$(CURDIR)/$(VENV)/pycache" \
		$(BIN)/python -m pytest -q -n $(WORKERS) --dist load --maxschedchunk 1 || status=$$?; \
	took=$$(( $$(date +%s) - start )); \
	printf 'make test: %dm%02ds wall time (lint and pytest with -n %s)\n' \
		$$((took / 60)) $$((took % 60)) '$(WORKERS)'; \
	exit $$status

bench: $(VENV)/.test-deps
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/storage.py
	$(BIN)/python bench/agent.py

clean:
	rm -rf $(VENV) build *.egg-info
