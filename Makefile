# Two commands: `make run` (install, migrate, load the demo council, serve) and `make test` (the whole suite).
# Django 5.2 runs on Python 3.10 to 3.13; EqA is written for 3.11 and later. The newest one that runs is used (a
# version manager may offer a command for a version it has not switched on).
PYTHON ?= $(firstword $(foreach python,python3.13 python3.12 python3.11 python3,\
	$(shell $(python) -c 'import sys; print(sys.executable)' 2>/dev/null)))
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint check check-deploy bench vendor-govuk

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13) and "EqA needs Python 3.11, 3.12 or 3.13")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The Nu HTML Checker the browser tests run (with Java): npm's vnu-jar ships the jar. Its install script, which would
# fetch a Java of its own, is not run: Debian's Java runs it. And oidc-provider, the OpenID Connect provider the
# single sign-on tests start with node (tests/oidc), which has no install script.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

# DEBUG=1 here only: a developer's machine, with the demo accounts printed for anyone to use. The worker that sends
# email (printed here, as DEBUG's email backend does) runs beside the server; Ctrl+C stops both.
# The links in the emails the worker prints lead to this server, wherever it is served, unless SITE_URL says else.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "EqA is at http://$(HOST):$(PORT)/ (stop it with Ctrl+C)"
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The ten slowest tests are printed, so a slow one is seen when it arrives. The tests run in TEST_WORKERS processes
# (pytest-xdist), each with its own test database, live server, Chromium and HTML checker: two keep both cores of
# a two-core machine busy. `make test TEST_WORKERS=0 PYTEST_ARGS=tests/x.py` runs one module in this process.
TEST_WORKERS ?= 2
test: install
	scripts/system-packages.sh
	$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/pytest --numprocesses=$(TEST_WORKERS) --durations=10 $(PYTEST_ARGS)

# ruff's rules are in pyproject.toml; the layout is ruff's own formatter's. Then no import cycle, and no import
# pointing up from councils or into the other app's internals (scripts/import_cycles.py).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/import_cycles.py

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=eqa_site.test_settings

# Django's deployment checklist against the production settings: DEBUG off, a throwaway key of production length.
check-deploy: install
	env -u DEBUG -u SECURE_SSL_REDIRECT -u SECURE_COOKIES -u HSTS_PRELOAD -u DJANGO_SETTINGS_MODULE \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=eqa.example.gov.uk $(BIN)/python manage.py check --deploy --fail-level WARNING

# The benchmark at council scale (docs/performance.md), against DATABASE_URL: SQLite when it is unset. On PostgreSQL
# it ends with the plan of every statement of every list and filter (benchmarks/explain.py), and fails if a large
# table is read whole.
bench: install
	$(BIN)/python manage.py migrate --no-input --settings=benchmarks.settings
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	@case "$$DATABASE_URL" in postgres*) \
		$(BIN)/python -m benchmarks.explain > bench-results/explain.md; status=$$?; \
		tail -n 1 bench-results/explain.md; echo "The plans: bench-results/explain.md"; exit $$status;; \
	esac

vendor-govuk:
	scripts/vendor-govuk-frontend.sh
