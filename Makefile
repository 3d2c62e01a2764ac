# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test lint format install messages clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Demo portal on http://127.0.0.1:8000 with DEBUG on (never use this in production).
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_rounds --demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# As in production (DEBUG off, settings from .env or the environment): migrate,
# collectstatic, gunicorn with gunicorn.conf.py and the outbox worker. See docs/deployment.md.
serve: $(STAMP)
	BIN=$(BIN) scripts/serve.sh

# Uses DATABASE_URL when set (PostgreSQL in CI), SQLite otherwise.
test: export SECRET_KEY ?= insecure-key-for-tests-only
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Speed as in production: gunicorn (gunicorn.conf.py, DEBUG off) on PostgreSQL under wrk,
# against a floor view; writes docs/performance.md. Not part of `make test`. Options:
# BENCH_ARGS="--seconds 8 --refill --record NAME" (see bench/run.py and docs/performance.md).
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Catalogues: collect the msgids (German, the source language) of code and templates for
# de and en, then compile the .mo files (committed, so a fresh clone needs no gettext).
# New English entries arrive empty or fuzzy: translate them before committing.
# Needs GNU gettext (apt-get install gettext).
MESSAGES_IGNORE := --ignore=.venv --ignore=static --ignore=staticfiles --ignore=tests --ignore=bench --ignore=build
messages: export SECRET_KEY ?= insecure-key-for-messages-only
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale=de --locale=en --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages --locale=de --locale=en $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
