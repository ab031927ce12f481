# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve on http://127.0.0.1:8000 with SQLite and an embedded Redis, demo included.
run: $(STAMP)
	$(BIN)/commentsvc db upgrade
	$(BIN)/commentsvc demo
	$(BIN)/commentsvc run --port 8000

## Run the whole test suite (SQLite and embedded Redis unless COMMENTSVC_TEST_* are set).
test: $(STAMP)
	$(BIN)/python -m pytest
	node --test widget-tests/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
