# Every target creates .venv and installs the pinned dependencies itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test test-browser crawl backfill demo serve lint bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

# End-to-end tests in headless Chromium: Debian's chromium, driven by Playwright (no download).
test-browser: $(STAMP)
	command -v chromium || (apt-get update && apt-get install -y chromium)
	$(BIN)/python -m pytest -m browser -q

crawl: $(STAMP)
	$(BIN)/monitor-scraper crawl --mode latest

backfill: $(STAMP)
	$(BIN)/monitor-scraper crawl --mode backfill --jobdir data/jobs/backfill

demo: $(STAMP)
	$(BIN)/monitor-scraper demo

serve: $(STAMP)
	$(BIN)/monitor-scraper serve

lint: $(STAMP)
	$(BIN)/ruff check monitor_scraper spiders tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
