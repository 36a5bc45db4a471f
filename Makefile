# egov: the two commands a fresh machine needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test deps lint typecheck messages lock bench bench-onestop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

deps: $(VENV)/.deps

## make run: SQLite under var/, demo data, web server + task worker + periodic runner (Ctrl-C stops all).
run: deps
	mkdir -p var
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_seed
	$(BIN)/python manage.py run_embedded

## make test: ruff, mypy, pytest on SQLite, then PostgreSQL, then e2e in Debian Chromium.
test: deps
	bash tests/run.sh

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: deps
	$(BIN)/mypy .

## Re-extract translatable strings (needs GNU gettext) and compile them.
APPS_WITH_LOCALE := egov/org egov/accounts egov/notifications egov/core/calendar egov/core/files \
	egov/catalog egov/workflow egov/dossiers egov/printing egov/reports egov/api \
	egov/portal egov/payments egov/nationalportal egov/signing egov/documents
messages: deps
	$(BIN)/python manage.py makemessages -l vi -l en --no-obsolete $(foreach d,.venv var bench tests build $(APPS_WITH_LOCALE),--ignore='$(d)/*')
	for d in $(APPS_WITH_LOCALE); do (cd $$d && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l vi -l en --no-obsolete); done
	$(BIN)/python manage.py compile_translations

## Re-pin: regenerate the lock files from pyproject.toml in a throwaway venv.
lock:
	bash deploy/relock.sh

## Benchmarks (see bench/README.md): `make bench` runs the in-process calendar scenario; the one-stop
## scenarios need PostgreSQL with generated data: `make bench-onestop DATABASE_URL=postgres://…/egov_bench`.
bench: deps
	$(BIN)/python -m bench calendar

bench-onestop: deps
	$(BIN)/python manage.py migrate --noinput --settings bench.settings
	$(BIN)/python manage.py demo_seed --settings bench.settings
	$(BIN)/python -m bench.datagen --n 1000000 --settings bench.settings
	$(BIN)/python -m bench --settings bench.settings http_trivial status_lookup staff_inbox counter_intake dashboard

clean:
	rm -rf var/test-files var/e2e
