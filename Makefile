# Two commands do all the setup from a fresh clone:
#   make site   build the site into site/   (make serve: live preview on http://127.0.0.1:8000)
#   make test   run every test
#   make bench  measure build speed, page weight and Lighthouse scores into BENCHMARKS.md (a few minutes)
# Each creates .venv from the pinned requirements the first time.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# Same inputs, same bytes: sitemap dates come from this, not from the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: site serve test docs lint bench clean

$(BIN)/.site-installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.site-installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

docs: $(BIN)/.site-installed
	$(BIN)/python build_facts.py

site: docs
	$(BIN)/mkdocs build --strict

# --livereload: MkDocs 1.6.1 turns live reload off by default with click 8.2.2-8.3.x; harmless otherwise.
serve: docs
	$(BIN)/mkdocs serve --strict --livereload --dev-addr 127.0.0.1:8000

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(BIN)/.dev-installed lint
	$(BIN)/python -m pytest

# Not part of `make test`: slow, and its figures are measurements, not pass/fail checks.
bench: $(BIN)/.dev-installed
	$(BIN)/python bench/run.py

clean:
	rm -rf docs site .pytest_cache
