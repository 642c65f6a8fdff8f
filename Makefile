# InfoLavoro kiosk: `make run` serves the standalone demo, `make test` runs the whole suite.

PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 5000
HOST   ?= 127.0.0.1
WORKERS ?= 2
THREADS ?= 16
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi

.PHONY: run run-network test bench screenshots install install-test db demo translations-extract translations-update translations-compile lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations-compile: install
	$(BIN)/pybabel -q compile -d translations

db: install translations-compile
	$(FLASK) db upgrade

demo: db
	$(FLASK) kiosk demo

## Serve the standalone app with the demo data on http://$(HOST):$(PORT) through gunicorn.
## The printable sheets are made in the background while the server starts, at the lowest priority on every core
## but one, so the kiosk never waits for them; QR codes point to this server.
run: demo
	@echo "InfoLavoro kiosk on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	export KIOSK_PUBLIC_URL="$${KIOSK_PUBLIC_URL:-http://$(HOST):$(PORT)/}" KIOSK_BIND="$(HOST):$(PORT)" \
	       KIOSK_WORKERS="$(WORKERS)" KIOSK_THREADS="$(THREADS)"; \
	($(FLASK) kiosk sheets > instance/sheets.log 2>&1 &); \
	exec $(BIN)/gunicorn -c deploy/gunicorn.conf.py wsgi:app

## Serve a network on this machine: central on http://127.0.0.1:$(CENTRAL_PORT) with the local PostgreSQL and the
## demo, desks la-spezia on $(LA_SPEZIA_PORT) and sarzana on $(SARZANA_PORT) on their own SQLite files, each with its
## sync loop (deploy/network.py). A second run keeps the databases; `make run-network FRESH=1` starts from scratch.
CENTRAL_PORT ?= 5000
LA_SPEZIA_PORT ?= 5001
SARZANA_PORT ?= 5002
run-network: install translations-compile
	CENTRAL_PORT="$(CENTRAL_PORT)" LA_SPEZIA_PORT="$(LA_SPEZIA_PORT)" SARZANA_PORT="$(SARZANA_PORT)" FRESH="$(FRESH)" \
	    $(BIN)/python deploy/network.py

## Install the test dependencies and run the whole suite.
test: install-test translations-compile
	$(BIN)/pytest $(PYTEST_ARGS)

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

## Measure the server times the issues set targets for; `make bench BENCH=morning` runs one (offers, relevance, sheets, queue,
## morning, reports, sync), `BENCH_SECONDS=20` shortens the busiest morning.
bench: $(VENV)/.installed-bench translations-compile
	$(BIN)/python -m benchmarks $(BENCH)

## Take the README's pictures again and save them in docs/.
screenshots: install-test translations-compile
	KIOSK_UPDATE_SCREENSHOTS=1 $(BIN)/pytest -q tests/browser/test_screenshots.py \
	    "tests/documents/test_offer_sheet.py::test_pictures_of_an_arabic_and_a_chinese_sheet_for_the_readme"

translations-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --no-wrap --project="InfoLavoro kiosk" --copyright-holder="InfoLavoro kiosk contributors" .

translations-update: translations-extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.sqlite3* .pytest_cache
