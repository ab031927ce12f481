# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install browser

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
test: $(STAMP) browser
	$(BIN)/python -m pytest
	node --test widget-tests/

## Debian's Chromium for the browser tests (Playwright never downloads one); needs root and apt.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  chromium fonts-noto-color-emoji; } || echo "chromium is not installed: browser tests will skip"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
