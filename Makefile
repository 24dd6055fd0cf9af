# Tend's everyday commands. `make run` and `make test` set everything up themselves.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
export CHROMIUM

.PHONY: help install setup run test lint format check-migrations migrate-forward unit browser-check lock audit bench lighthouse load clean

help:
	@echo "make run    set up and serve Tend on http://127.0.0.1:$(PORT)/ (SQLite by default)"
	@echo "make test   set up and run the whole suite: lint, migrations check, unit and browser tests"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make format apply ruff's fixes and formatting"
	@echo "make lock   re-pin requirements.lock from the ranges in pyproject.toml"
	@echo "make audit deploy check with production settings, bandit, pip-audit of the locked packages"
	@echo "make bench  the benchmarks (page speed, page weight); figures in BENCHMARKS.md"
	@echo "make lighthouse  Lighthouse scores for the main pages (npm, system Chromium)"

# A virtual environment with exactly the pinned versions; rebuilt when the pins change.
$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Tend needs Python 3.11; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(BIN)/.installed

# Database tables and the data the app needs; safe to run again and again.
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sync_practices

# The demo person (demo / practice-kindly) is made the first time only; see seed_demo.
run: setup
	$(BIN)/python manage.py seed_demo --with-therapist
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# The browser tests drive the system Chromium (Debian's `chromium` package); Playwright never
# downloads a browser. As root with apt-get, a missing Chromium is installed here.
browser-check:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Chromium: sudo apt-get install chromium (or set CHROMIUM=/path/to/chromium)"; \
			exit 1; \
		fi; \
	fi

unit: install browser-check
	$(BIN)/pytest

# A database made by Tend before the house was rebuilt (issue 14) migrates forward with every
# row, login and share (.ci/migrate_forward.py; needs the git history, as any clone has).
migrate-forward: install
	$(BIN)/python .ci/migrate_forward.py

test: lint check-migrations migrate-forward unit

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb")); print("\n".join(p["project"]["dependencies"] + p["dependency-groups"]["dev"]))' > .lock-venv/requirements.in
	.lock-venv/bin/python -m pip install --quiet -r .lock-venv/requirements.in
	{ echo "# Pinned by 'make lock' from pyproject.toml; installed by 'make install'."; .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

# Security checks. The deploy check runs with production-like settings (a throwaway key; the
# database is never opened); bandit reports medium severity and above; pip-audit checks every
# pin in requirements.lock against its vulnerability service and fails on any known one. With
# --strict it also fails when a package could not be checked. AUDIT_OFFLINE=1 drops --strict
# where that service can't be reached: a known vulnerability still fails, and the packages
# left unchecked are counted in a loud message, never reported as clean.
AUDIT_OFFLINE ?=
audit: install
	@echo "== manage.py check --deploy (production settings)"
	env DEBUG=false ALLOWED_HOSTS=tend.example.org \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DATABASE_URL=sqlite:////tmp/tend-audit-never-opened.sqlite3 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	@echo "== bandit (medium severity and above)"
	$(BIN)/bandit -q -r compassion_site practices journal -ll
	@echo "== pip-audit requirements.lock"
	@if [ -z "$(AUDIT_OFFLINE)" ]; then \
		$(BIN)/pip-audit -r requirements.lock --strict --no-deps --disable-pip --progress-spinner off \
		|| { echo "pip-audit failed: a known vulnerability, or a package it could not check (its vulnerability service unreachable?). Offline, AUDIT_OFFLINE=1 still fails on known vulnerabilities."; exit 1; }; \
	else \
		log=$$(mktemp); \
		$(BIN)/pip-audit -r requirements.lock --no-deps --disable-pip --progress-spinner off 2>&1 | tee "$$log"; \
		status=$${PIPESTATUS[0]}; \
		unchecked=$$(grep -c "could not be audited" "$$log"); rm -f "$$log"; \
		if [ "$$status" != 0 ]; then echo "pip-audit FAILED (exit $$status)"; exit "$$status"; fi; \
		if [ "$$unchecked" != 0 ]; then \
			echo "!!! pip-audit could NOT reach its vulnerability service for $$unchecked locked packages:"; \
			echo "!!! they were NOT checked, so \"No known vulnerabilities found\" does not cover them. AUDIT_OFFLINE is set, so this passes."; \
		fi; \
	fi

bench: setup
	@for script in bench/[!_]*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python "$$script"; done

# Lighthouse from npm (pinned in bench/lighthouse/package-lock.json), on the system Chromium.
lighthouse: setup
	cd bench/lighthouse && npm ci --no-audit --no-fund --silent
	$(BIN)/python bench/_lighthouse_scores.py

# Load and faults against gunicorn and PostgreSQL (bench/load_test.py): makes and drops the
# database tend_load with this role, and restarts the local PostgreSQL for the fault run.
# `make bench` skips it (it needs LOAD_DATABASE_URL).
LOAD_DATABASE_URL ?= postgres://tend:tend@127.0.0.1:55433/tend
load: install
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python bench/load_test.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
