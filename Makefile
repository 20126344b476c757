# Joined Up: the two commands are `make demo` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := joinedup.config.settings

.PHONY: demo demo-reset test setup assets system-deps migrate lint typecheck scoping contracts migrations-check deploy-check check serve-demo clean lock bench bench-dashboard bench-assessment

## Set-up -------------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

joinedup/static/dist/app.css: node_modules/.installed assets/scss/app.scss assets/js/app.js scripts/build-assets.mjs
	npm run -s build

setup: $(VENV)/.installed assets

assets: joinedup/static/dist/app.css

# Debian's Chromium for browser tests (never a browser download).
system-deps:
	@scripts/setup-system.sh

lock:
	$(BIN)/pip-compile -q --extra dev --strip-extras --output-file requirements.lock pyproject.toml

## The demo ------------------------------------------------------------------

# Running it again keeps the demo as it was left (load_demo skips when loaded);
# `make demo-reset` reloads it from joinedup/demo/scenarios/.
demo: setup var
	DEMO_MODE=1 $(BIN)/python manage.py migrate --noinput
	DEMO_MODE=1 $(BIN)/python manage.py load_geography
	DEMO_MODE=1 $(BIN)/python manage.py load_demo
	@DEMO_MODE=1 PORT=$(PORT) scripts/serve-demo.sh

demo-reset: setup var
	DEMO_MODE=1 $(BIN)/python manage.py migrate --noinput
	DEMO_MODE=1 $(BIN)/python manage.py load_demo --reset

# SQLite cannot create its file in a missing directory.
var:
	mkdir -p var

## Tests and checks -------------------------------------------------------------

test: setup system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Domain code: the modules of core and partnerships, not their views, forms, URLs, admin or tests.
TYPECHECKED := $(filter-out %/views.py %forms.py %/urls.py %/admin.py %/apps.py %/context_processors.py %/__init__.py,\
	$(wildcard joinedup/core/*.py joinedup/core/imports/*.py joinedup/accounts/services.py \
	  joinedup/partnerships/*.py joinedup/partnerships/services/*.py \
	  joinedup/strategy/*.py joinedup/strategy/services/*.py \
	  joinedup/performance/*.py joinedup/performance/services/*.py \
	  joinedup/governance/*.py joinedup/governance/services/*.py \
	  joinedup/assessment/*.py joinedup/assessment/services/*.py joinedup/performance/analysis/*.py))

typecheck: setup
	$(BIN)/mypy $(TYPECHECKED)

scoping: setup
	$(BIN)/python scripts/check_scoping.py

contracts: setup
	$(BIN)/lint-imports

migrations-check: setup var
	$(BIN)/python manage.py makemigrations --check --dry-run

# Production settings must pass Django's deployment checklist (throwaway secret for the check).
deploy-check: setup var
	JOINEDUP_ENV=production ALLOWED_HOSTS=joinedup.example.org \
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Speed goals are benchmarks that print ratios, never timed tests (see bench/README.md).
# Needs PostgreSQL at 127.0.0.1:5432 (BENCH_POSTGRES to change); BENCH_ARGS="--rows 100000".
bench: setup
	$(BIN)/python bench/import_observations.py $(BENCH_ARGS)

# The dashboard of a 200-indicator partnership on a synthetic national data set against one
# hand-written SQL statement (bench/dashboard_inputs.sql); BENCH_ARGS="--scale full" for 4.8M values.
bench-dashboard: setup
	$(BIN)/python bench/dashboard.py $(BENCH_ARGS)

# --- assessment demo ---
# The results of a 500-respondent self-assessment round of the shipped 7S framework against one
# plain SQL count of the same answers (bench/assessment_answers.sql); BENCH_ARGS="--respondents 2000".
bench-assessment: setup
	$(BIN)/python bench/assessment_round.py $(BENCH_ARGS)
# --- end assessment demo ---

check: lint typecheck scoping contracts migrations-check deploy-check

clean:
	rm -rf $(VENV) node_modules joinedup/static/dist var
