# LearnAnything — the two commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := app

.PHONY: run test test-fast coverage format doctor lint typecheck pytest test-postgres translations extract-messages db seed e2e-deps screenshots bench soak deploy-check package-check clean help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)  ## Create the virtualenv with every pinned dependency

translations: $(STAMP)  ## Compile the message catalogs (.po → .mo)
	$(BIN)/pybabel compile -d app/translations --statistics

# The template is a by-product (build/, not committed); the catalogs keep no source locations and
# no template date, so a catalog changes only when a message does.
extract-messages: $(STAMP)  ## Refresh the catalogs after changing user-visible strings
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project LearnAnything --version 1.0 -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d app/translations --no-fuzzy-matching \
		--ignore-pot-creation-date --ignore-obsolete

db: $(STAMP)  ## Apply the migrations and load the initial data (idempotent)
	$(BIN)/flask db upgrade
	$(BIN)/flask seed

seed: db

# The job worker (course generations) runs in the background and stops when the site stops.
run: db translations  ## Set everything up and serve http://127.0.0.1:5000 (SQLite) with a job worker
	$(BIN)/flask worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
		$(BIN)/flask run --host 127.0.0.1 --port 5000

lint: $(STAMP)  ## ruff (lint + format check)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)  ## mypy on the application package
	$(BIN)/mypy

pytest: $(STAMP) translations  ## The test suite alone
	$(BIN)/python -m pytest -q

test: lint typecheck pytest  ## Set up, lint, type-check and run the whole test suite

# Two workers on SQLite, each with its own in-memory database; serial when TEST_DATABASE_URL names
# one shared PostgreSQL database. A file's tests stay together, in order, on one worker: some
# share process-wide state in that order (Flask-Limiter's storage health, tests/operations).
# `make test` (the CI command) always runs serially.
test-fast: $(STAMP) translations  ## Unit and integration tests without the slow ones (under a minute)
	$(BIN)/python -m pytest -q -m "not slow" $(if $(TEST_DATABASE_URL),,-n 2 --dist loadfile)

coverage: $(STAMP) translations  ## The suite without the slow tests, with branch coverage of app/
	$(BIN)/python -m pytest -q -m "not slow" --cov --cov-report=term --cov-report=html:htmlcov

format: $(STAMP)  ## Rewrite the code in the house format and apply ruff's safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

doctor: $(STAMP)  ## Check the project against its own conventions, rule by rule
	$(BIN)/flask doctor

test-postgres:  ## The whole suite on PostgreSQL (database `test` on 127.0.0.1)
	TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test $(MAKE) test

e2e-deps:  ## Install Debian's Chromium for the browser tests
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

screenshots: $(STAMP)  ## Every page on a phone and a desktop, French and English, into screenshots/
	$(BIN)/python scripts/screenshots.py --out screenshots

bench: $(STAMP)  ## Benchmarks (gunicorn + wrk): see bench/README.md
	$(BIN)/python bench/run.py --db both

soak: $(STAMP)  ## 60 s of mixed traffic on two instances through a PostgreSQL restart and a Redis stop
	PYTHONPATH=scripts $(BIN)/python bench/soak.py

deploy-check: $(STAMP)  ## nginx + two instances + PostgreSQL + Redis on loopback, proved (root; not in CI)
	bash scripts/deploy-check.sh

package-check:  ## Install the package into a fresh virtualenv and run it from another directory
	bash scripts/package-check.sh

clean:  ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov build dist *.egg-info
