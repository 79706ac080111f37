# Two commands do all the setup from a fresh clone:
#   make site   build the site into site/   (make serve: live preview on http://127.0.0.1:8000)
#   make test   run every test (make test-quick: all but the browser and slow groups, in seconds)
#   make golden         after a deliberate change to the output: rewrite the fixture site's golden docs/
#   make broken-readme  after changing tests/broken/cases/: regenerate tests/broken/README.md
#   make bench  measure build speed, page weight and Lighthouse scores into BENCHMARKS.md (a few minutes)
#   make translations  what the Japanese edition (facts.ja.json) still needs: missing and stale texts
#   make diff       what readers would see change since the last `make publish` (published.json)
#   make publish    the publishing build: needs site_url in mkdocs.yml; records published.json (commit it)
#   make linkcheck  is every source link still there? (needs the internet; not part of `make test`)
# Each creates .venv from the pinned requirements the first time.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# Same inputs, same bytes: sitemap dates come from this, not from the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: translations site publish diff linkcheck serve test test-quick docs lint lock-check bench clean golden broken-readme

# After installing, check that .venv holds exactly what the lock files pin.
$(BIN)/.site-installed: requirements.txt check_lock.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python check_lock.py requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.site-installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python check_lock.py --exact requirements-dev.txt
	touch $@

docs: $(BIN)/.site-installed
	$(BIN)/python build_facts.py

# docs/ and site/ are each built beside the old one and swapped in only when the build passed.
site: $(BIN)/.site-installed
	$(BIN)/python build_facts.py --site site
	$(BIN)/python -m factsite.readability site --report-only  # prints the table; `make test` enforces grade 8
	@if [ -d site/ja ]; then $(BIN)/python -m factsite.readability_ja site/ja --report-only; fi  # Japanese pages: jReadability

# Publishing: as `site`, but facts overdue for checking, a site past its review date, a missing
# site_url or a changed section without a changelog entry fail it. Then published.json records
# what the site shows: commit it, so `make diff` compares with what was really published.
publish: $(BIN)/.site-installed
	$(BIN)/python build_facts.py --publish --site site

# Each Japanese text that is missing or stale (its English changed): state, key, hash of the English, English.
translations: $(BIN)/.site-installed
	@$(BIN)/python build_facts.py --translations

# Exit 0: readers would see no change; 1: the changes are listed (as diff(1) does).
diff: $(BIN)/.site-installed
	@$(BIN)/python build_facts.py --diff

linkcheck: $(BIN)/.site-installed
	$(BIN)/python -m factsite.linkcheck facts.json

lock-check: $(BIN)/.dev-installed
	$(BIN)/python check_lock.py --exact requirements-dev.txt

# --livereload: MkDocs 1.6.1 turns live reload off by default with click 8.2.2-8.3.x; harmless otherwise.
serve: docs
	$(BIN)/mkdocs serve --strict --livereload --dev-addr 127.0.0.1:8000

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every test. Those that need no browser run in parallel (pytest-xdist, one worker per core; builds
# they share are made once per run, tests/conftest.py); the Chromium tests then run one at a time.
# --dist worksteal: an idle worker takes tests queued for the other, so a few long tests (kills,
# builds run together) do not leave one core waiting at the end (2-3 s of about 63 s on 2 cores).
test: $(BIN)/.dev-installed lint
	$(BIN)/python -m pytest -n auto --dist worksteal -m "not browser"
	$(BIN)/python -m pytest -m browser

# While editing: every test but those that drive Chromium (-m browser) or run real MkDocs builds,
# kills, live preview and the update day (-m slow; see pyproject.toml), in parallel, with a quarter of
# the generated examples (Hypothesis profile "quick"). `make test` runs them all, with every example.
test-quick: $(BIN)/.dev-installed
	HYPOTHESIS_PROFILE=quick $(BIN)/python -m pytest -n auto --dist worksteal -m "not browser and not slow" -q

# tests/fixture_site/golden/ is what the build must write for the small invented fixture site.
# After a deliberate change to the output, rewrite it, review `git diff tests/fixture_site/golden`, commit.
golden: $(BIN)/.site-installed
	$(BIN)/python tests/golden.py --refresh

# tests/broken/README.md is generated from the corpus; `make test` fails while it is out of date.
broken-readme:
	$(PYTHON) tests/broken/make_readme.py

# Not part of `make test`: slow, and its figures are measurements, not pass/fail checks.
bench: $(BIN)/.dev-installed
	$(BIN)/python bench/run.py

clean:
	rm -rf docs site .docs.* .site.* .pytest_cache
