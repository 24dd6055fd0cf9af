# Tend's everyday commands. `make run` and `make test` set everything up themselves.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# The newest Python that Tend supports (3.13, 3.12 or 3.11) that runs here (a pyenv shim for a
# version that isn't active doesn't); `make PYTHON=/path/to/python` picks another.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c '' >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
export CHROMIUM

.PHONY: help install voice setup run test lint format check-migrations migrate-forward unit browser-check lock audit bench lighthouse load clean fonts icons

help:
	@echo "make run    set up and serve Tend on http://127.0.0.1:$(PORT)/ (SQLite by default)"
	@echo "make test   set up and run the whole suite: lint, migrations check, unit and browser tests"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make format apply ruff's fixes and formatting"
	@echo "make lock   re-pin requirements.lock (production) and requirements-dev.lock (tests, lint, audit, bench)"
	@echo "            from pyproject.toml, keeping today's pins where they still fit; UPGRADE=1 takes the newest"
	@echo "make audit deploy check with production settings, bandit, pip-audit of both lock files"
	@echo "make bench  the benchmarks (page speed, growth with the data, throughput against the floor,"
	@echo "            page weight); figures in BENCHMARKS.md. The PostgreSQL ones make a database"
	@echo "            of their own on the server at BENCH_DATABASE_URL (default: make load's)"
	@echo "make lighthouse  Lighthouse scores for the main pages (npm, system Chromium)"
	@echo "make fonts  remake static/fonts/ (Figtree, cut to what Tend shows); make icons: the icon sprite"

# Tend runs on Python 3.11, 3.12 and 3.13 (requires-python in pyproject.toml). $(call
# check_python,INTERPRETER) stops with a plain message on anything else, or when none was found.
check_python = $(if $(strip $(1)),$(1) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 13) else "Tend needs Python 3.11, 3.12 or 3.13, and $(1) is Python " + sys.version.split()[0] + ". Install one of those, or name it: make PYTHON=/path/to/python3.12")',{ echo "Tend needs Python 3.11, 3.12 or 3.13, and none was found. Install one, or name it: make PYTHON=/path/to/python3.12"; exit 1; })

# A virtual environment with exactly the pinned versions of requirements-dev.lock (what runs
# Tend plus what tests, lints, audits and benchmarks it), every file checked against its hash;
# rebuilt when those pins change. A production server installs requirements.lock alone.
$(BIN)/.installed: requirements-dev.lock
	@test -x $(BIN)/python || $(call check_python,$(PYTHON))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(call check_python,$(BIN)/python)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

install: $(BIN)/.installed

# The offline voice in an environment of its own (Piper is GPL-3.0: Tend runs it as a program
# and never imports it), pinned with hashes in requirements-voice.lock. build_narration finds
# it at .voice-venv/bin/python (or VOICE_PYTHON).
VOICE_VENV := .voice-venv
$(VOICE_VENV)/bin/.installed: requirements-voice.lock
	@test -x $(VOICE_VENV)/bin/python || $(call check_python,$(PYTHON))
	test -x $(VOICE_VENV)/bin/python || $(PYTHON) -m venv $(VOICE_VENV)
	$(VOICE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-voice.lock
	touch $@

voice: $(VOICE_VENV)/bin/.installed

# Database tables and the data the app needs; safe to run again and again.
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sync_practices

# The demo person (demo / practice-kindly) is made the first time only; see seed_demo.
# The library's narration is made in the background while Tend already serves (the first time
# takes some minutes, with installing the voice; then only changed steps): each step's Listen
# appears once its narration is made. Its progress is in narration.log.
run: setup
	$(BIN)/python manage.py seed_demo --with-therapist
	{ $(MAKE) --no-print-directory voice && $(BIN)/python manage.py build_narration; } > narration.log 2>&1 & \
	trap 'kill $$! 2>/dev/null' EXIT; \
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

# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own test database,
# live server and Chromium; the default is one per core. TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
unit: install voice browser-check
	$(BIN)/pytest -n $(TEST_WORKERS)

# A database made by Tend before the house was rebuilt (issue 14) migrates forward with every
# row, login and share (.ci/migrate_forward.py; needs the git history, as any clone has).
migrate-forward: install
	$(BIN)/python .ci/migrate_forward.py

test: lint check-migrations migrate-forward unit

# Two lock files, both pinned with a hash for every file: requirements.lock holds what production
# needs ([project] dependencies), requirements-dev.lock that plus the dev group, at the same
# versions (the runtime pins constrain the second resolution). uv resolves --universal: one set
# of pins, with markers where a pin applies to some systems only, that installs on every Python
# requires-python admits (3.11 to 3.13) and every platform, whichever Python made it. uv keeps
# the pins already in the files where they still satisfy pyproject.toml; UPGRADE=1 takes the
# newest versions instead. uv itself is installed into a throwaway venv and removed afterwards.
UV_VERSION := 0.13.9
UPGRADE ?=
UV_COMPILE = .lock-venv/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --no-header --quiet $(if $(UPGRADE),--upgrade)
lock:
	@$(call check_python,$(PYTHON))
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --group dev -c requirements.lock -o requirements-dev.lock
	.lock-venv/bin/uv pip compile requirements-voice.in --universal --python-version 3.11 \
		--generate-hashes --no-header --quiet $(if $(UPGRADE),--upgrade) -o requirements-voice.lock
	{ echo "# What Tend needs in production, pinned with hashes; made by 'make lock' from [project]"; \
	  echo "# dependencies in pyproject.toml, for Python 3.11 to 3.13. Install on a server with:"; \
	  echo "#   pip install --require-hashes -r requirements.lock"; \
	  cat requirements.lock; } > .lock-venv/runtime && mv .lock-venv/runtime requirements.lock
	{ echo "# requirements.lock (same versions) plus what tests, lints, audits and benchmarks Tend: the"; \
	  echo "# dev group in pyproject.toml. Made by 'make lock'; 'make install' puts it into .venv."; \
	  cat requirements-dev.lock; } > .lock-venv/dev && mv .lock-venv/dev requirements-dev.lock
	{ echo "# The voice that speaks narration (Piper and its en_US joe voice), for .voice-venv alone;"; \
	  echo "# made by 'make lock' from requirements-voice.in; 'make voice' installs it."; \
	  cat requirements-voice.lock; } > .lock-venv/voice && mv .lock-venv/voice requirements-voice.lock
	rm -rf .lock-venv

# Security checks. The deploy check runs with production-like settings (a throwaway key; the
# database is never opened); bandit reports medium severity and above; pip-audit checks every
# pin in requirements.lock (what production runs) and then in requirements-dev.lock (what
# developers and CI run) against its vulnerability service and fails on any known one. With
# --strict it also fails when a package could not be checked. AUDIT_OFFLINE=1 drops --strict
# where that service can't be reached: a known vulnerability still fails, and the packages
# left unchecked are counted in a loud message, never reported as clean.
AUDIT_OFFLINE ?=
AUDITED_LOCKS := requirements.lock requirements-dev.lock
audit: install
	@echo "== manage.py check --deploy (production settings)"
	env DEBUG=false ALLOWED_HOSTS=tend.example.org \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DATABASE_URL=sqlite:////tmp/tend-audit-never-opened.sqlite3 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	@echo "== bandit (medium severity and above)"
	$(BIN)/bandit -q -r compassion_site practices journal progress care -ll
	@for lock in $(AUDITED_LOCKS); do \
		echo "== pip-audit $$lock"; \
		if [ -z "$(AUDIT_OFFLINE)" ]; then \
			$(BIN)/pip-audit -r "$$lock" --strict --require-hashes --disable-pip --progress-spinner off \
			|| { echo "pip-audit failed on $$lock: a known vulnerability, or a package it could not check (its vulnerability service unreachable?). Offline, AUDIT_OFFLINE=1 still fails on known vulnerabilities."; exit 1; }; \
		else \
			log=$$(mktemp); \
			$(BIN)/pip-audit -r "$$lock" --require-hashes --disable-pip --progress-spinner off 2>&1 | tee "$$log"; \
			status=$${PIPESTATUS[0]}; \
			unchecked=$$(grep -c "could not be audited" "$$log"); rm -f "$$log"; \
			if [ "$$status" != 0 ]; then echo "pip-audit FAILED on $$lock (exit $$status)"; exit "$$status"; fi; \
			if [ "$$unchecked" != 0 ]; then \
				echo "!!! pip-audit could NOT reach its vulnerability service for $$unchecked packages of $$lock:"; \
				echo "!!! they were NOT checked, so \"No known vulnerabilities found\" does not cover them. AUDIT_OFFLINE is set, so this passes."; \
			fi; \
		fi; \
	done

# Every bench/*.py in turn. The PostgreSQL ones (throughput.py; growth.py, else on SQLite) make
# and drop a database of their own on the server at BENCH_DATABASE_URL: by default the local
# development server, as `make load`. One that cannot run says why and exits 0.
BENCH_DATABASE_URL ?= $(LOAD_DATABASE_URL)
bench: setup
	@for script in bench/[!_]*.py; do [ -e "$$script" ] || continue; echo "== $$script"; BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python "$$script"; done

# The self-hosted font (Figtree, OFL) and the icon sprite (Lucide, ISC), remade from their
# pinned npm packages by tools/look_assets.py; the results are committed.
fonts: install
	$(BIN)/python tools/look_assets.py fonts

icons: install
	$(BIN)/python tools/look_assets.py icons

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
