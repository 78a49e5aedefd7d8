# Newsroom: `make demo` runs a demo newsroom, `make test` runs the test suite.
# Both work on a fresh clone with only python3 and make installed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links (feeds, canonical, unsubscribe) point at the server make runs.
SITE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help demo run test bench lint format check lock messages clean

help:
	@echo "make demo   create .venv and .env, migrate, load demo content and serve http://$(HOST):$(PORT)/ (PORT=8001 for another port)"
	@echo "make test   install the test dependencies and run the whole suite (DATABASE_URL picks the database)"
	@echo "make bench  seed 1k-100k releases and 10k-1M enquiries in PostgreSQL, measure, write bench/results/"
	@echo "            (BENCH_ARGS=--quick or --smoke for a shorter run)"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make lock   re-pin requirements*.lock from pyproject.toml"
	@echo "make messages  refresh locale/*/django.po from the code and compile the .mo files (needs GNU gettext)"

# The virtual environment is rebuilt whenever a lock file changes.
$(VENV)/.runtime: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PIP) install --require-hashes --no-deps -r requirements-dev.lock
	touch $@

# A local .env (DEBUG on, a generated SECRET_KEY), so that manage.py commands
# work as the README writes them; an existing .env is kept as it is.
.env:
	$(PYTHON) -m newsroom.local_env $@ $(SITE_URL)

# The demo's staff accounts share a published password: asked for explicitly.
demo: $(VENV)/.runtime .env
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} SITE_URL=$(SITE_URL) $(PY) manage.py load_demo --with-demo-accounts
	DEBUG=$${DEBUG:-true} SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

run: $(VENV)/.runtime .env
	DEBUG=$${DEBUG:-true} SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Needs PostgreSQL (BENCH_DATABASE_URL, a database named *bench*, which it
# recreates) and Redis (BENCH_CACHE_URL, whose database it flushes); wrk comes
# from Debian's packages. The dev lock brings aiosmtpd, the SMTP server the
# Contact Us run sends its emails to.
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(PY) -m bench $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

lock: $(VENV)/.dev
	$(PIP) install pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

# The interface's translations: collect every marked string into the
# catalogues, then compile them. The .mo files are committed, so `make demo`
# needs no gettext; run this after changing a user-facing string, translate
# the new entries in the .po files, and run it again. Entries no code uses any
# more stay in the .po files as obsolete (#~) ones: gettext brings each back,
# translated, if its string returns.
LOCALES := -l zh_Hant -l zh_Hans
messages: $(VENV)/.runtime
	DEBUG=$${DEBUG:-true} $(PY) manage.py makemessages $(LOCALES) \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=static --ignore=media --ignore=staticfiles
	DEBUG=$${DEBUG:-true} $(PY) manage.py compilemessages $(LOCALES) --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache
