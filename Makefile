# marsad — two commands do all the set-up: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench resources clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/marsad run --db marsad.db

test: $(DEVSTAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

resources: $(DEVSTAMP)
	$(BIN)/python scripts/build_gazetteer.py

clean:
	rm -rf $(VENV) marsad.db marsad.db-wal marsad.db-shm
