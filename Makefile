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

test: lint
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test-deps
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/storage.py

clean:
	rm -rf $(VENV) build *.egg-info
