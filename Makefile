# Psoas Coach: `make run` serves the app, `make test` runs the whole suite.
# Both install exactly what requirements.lock pins into .venv, bootstrapping uv when it is missing.

SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
# make is the development entry point; production sets DEBUG=0 (or leaves it unset) itself.
export DEBUG ?= 1

# The first Python 3.12+ on PATH (.python-version steers pyenv shims and uv to 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	command -v $$p; break; fi; done)
# A working uv on PATH, or our own copy in .tools/ (made with pip on first use).
UV ?= $(shell if uv --version >/dev/null 2>&1; then command -v uv; else echo .tools/bin/uv; fi)
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` serves: `make run PORT=8101`. Links in emails (reminders, the morning digest)
# follow it unless SITE_URL is set.
HOST ?= 127.0.0.1
PORT ?= 8000
SERVED_URL = $${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: help install run reminders test lint fmt lock demo clean load-check multi-host-check bench \
	messages compile

help:
	@echo "make run    install, migrate, load the library and a demo trainer, serve on http://$(HOST):$(PORT)"
	@echo "make reminders   send the reminder emails due now (printed here in development)"
	@echo "make test   install and run the whole test suite (set DATABASE_URL for PostgreSQL)"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make fmt    format and autofix with ruff"
	@echo "make lock   refresh requirements.lock from pyproject.toml"
	@echo "make messages   update locale/*/LC_MESSAGES/django.po from the code (needs gettext)"
	@echo "make compile    compile the .po catalogues into the committed .mo files (needs gettext)"
	@echo "make load-check   parallel writes through gunicorn: nothing lost, no \"database is locked\""
	@echo "make multi-host-check   two gunicorn hosts and a task worker sharing PostgreSQL, Redis and S3"
	@echo "make bench  seed 1M session logs, serve with gunicorn, measure the key pages with wrk"

.tools/bin/uv:
	@test -n "$(PYTHON)" || { echo "Psoas Coach needs Python 3.12 or newer on PATH."; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

$(BIN)/.synced: requirements.lock | $(UV)
	@test -n "$(PYTHON)" || { echo "Psoas Coach needs Python 3.12 or newer on PATH."; exit 1; }
	test -x $(BIN)/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(VENV) requirements.lock
	touch $@

install: $(BIN)/.synced

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	SITE_URL="$(SERVED_URL)" $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The links in these emails point where `make run` serves (same HOST and PORT); ARGS="--now ..."
reminders: install
	SITE_URL="$(SERVED_URL)" $(BIN)/python manage.py send_reminders $(ARGS)

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# uv.lock names the package index's addresses, so it stays local; the committed lock is the export.
lock: | $(UV)
	$(UV) lock --python $(PYTHON)
	$(UV) export --quiet --format requirements-txt --all-groups --no-emit-project --no-header \
		--no-annotate --output-file requirements.lock

# Translations (README, "Languages"): `make messages` collects every marked string into the
# catalogues, translators fill in locale/<lang>/LC_MESSAGES/django.po, `make compile` writes the
# .mo files, which are committed so `make run` needs no gettext tools. tests/test_translations.py
# fails when a catalogue is stale or a string lacks a translation.
MESSAGE_LANGUAGES ?= es
MAKEMESSAGES_ARGS = --no-location --no-obsolete --ignore=.venv --ignore=.tools --ignore=staticfiles \
	--ignore=media --ignore=tests --ignore=bench --ignore=docs --ignore=backups
messages: install
	@command -v xgettext >/dev/null 2>&1 || { echo "make messages needs GNU gettext (apt-get install gettext)"; exit 1; }
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) $(MAKEMESSAGES_ARGS)

compile: install
	@command -v msgfmt >/dev/null 2>&1 || { echo "make compile needs GNU gettext (apt-get install gettext)"; exit 1; }
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache

load-check: install
	$(BIN)/python -m bench.load_check --seconds 20 --workers 16 \
		--json bench/load-check-$$(if [ -n "$$DATABASE_URL" ]; then echo postgresql; else echo sqlite; fi).json

# Needs PostgreSQL (DATABASE_URL, default the local server) and redis-server on PATH; starts its
# own Redis, moto S3 server, mail server, two gunicorn hosts and a task worker (docs/deploy.md).
multi-host-check: install
	$(BIN)/python -m bench.multi_host_check --json bench/multi-host-check.json \
		--database-url "$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk with apt"; \
		$$( [ "$$(id -u)" -eq 0 ] || echo sudo ) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run
