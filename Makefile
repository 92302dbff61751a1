# The two quick-start commands: `make demo` and `make test`. Both build $(VENV) on first use:
# `make demo` with the app and its simulator (`.[sim]`), `make test` adds the test tools.
# Another interpreter: `make test PYTHON=python3.13 VENV=.venv-3.13`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench screenshots

# One stamp per install set, each redone when pyproject.toml changes.
$(BIN)/.installed-demo: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[sim]'
	touch $@

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[sim,test]'
	touch $@

demo: $(BIN)/.installed-demo
	$(BIN)/cuetui demo

test: $(BIN)/.installed
	$(BIN)/python -m pytest -n auto

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py --preset large,xlarge

screenshots: $(BIN)/.installed
	$(BIN)/python scripts/screenshots.py
