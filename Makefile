# The two commands: `make run` (set up and serve) and `make test` (set up and run the whole suite).
# Both work on a fresh machine with Python 3.11: they create .venv, install the pinned requirements, migrate,
# load the demo masterplan and create a first admin account.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup bench lint messages clean-venv

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11 or newer is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python scripts/run_tests.py $(ARGS)

bench: setup
	$(BIN)/python scripts/bench.py

# The same checks as .pre-commit-config.yaml and CI: style, formatting, the layers of the house, migrations in step.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python scripts/i18n.py fill-en
	$(BIN)/python scripts/i18n.py compile
	$(BIN)/python scripts/i18n.py check

clean-venv:
	rm -rf $(VENV)
