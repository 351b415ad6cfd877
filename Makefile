# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test serve worker messages clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Everything is pinned: direct dependencies in pyproject.toml, the rest in requirements.lock.
# Installed with uv (pinned here, itself installed from PyPI into the venv by pip), which honours
# the same pins as constraints and installs in seconds where pip took minutes (issue 17).
# --compile-bytecode writes every package's .pyc once at install: a process then starts without
# compiling its imports (about 3 s of CPU per process where PYTHONDONTWRITEBYTECODE is set, as on
# CI: every test process, gunicorn master and CLI call paid it).
UV_VERSION := 0.13.8
UV := $(BIN)/uv

$(UV): | $(BIN)/python
	@echo "Installing uv $(UV_VERSION) into $(VENV) (the installer)…"
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml requirements.lock | $(UV)
	@echo "Installing the pinned dependencies (constraints: requirements.lock)…"
	$(UV) pip install --compile-bytecode --python $(BIN)/python -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(UV) pip install --compile-bytecode --python $(BIN)/python -c requirements.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@echo "Preparing the database (instance/bintek.db)…"
	$(FLASK) db upgrade
	@echo "Seeding the demo event (once; later runs only reprint the logins)…"
	$(FLASK) seed-demo
	@echo "Starting on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# The suite in one process per core (pytest-xdist; each process has its own databases, see
# docs/contributing.md). PYTEST_WORKERS=4 for another count; PYTEST_ARGS=-n0 runs it in one process
# (PYTEST_ARGS goes to both runs below). The browser tests run after the rest, in processes of
# their own: a process that drove Playwright's sync API keeps its greenlets, and a later test in
# that process was seen to hang inside Playwright's event loop (docs/contributing.md).
PYTEST_WORKERS ?= auto
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m compileall -q -j 0 workshop tests  # the project's own .pyc, once (see above)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --ignore=tests/browser $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal tests/browser $(PYTEST_ARGS)

# gunicorn.conf.py: workers from the CPU count (WEB_CONCURRENCY overrides), redacted logs,
# forwarded headers only from FORWARDED_ALLOW_IPS. Uses DATABASE_URL (SQLite in instance/ without).
serve: install
	$(FLASK) db upgrade
	BIND=$${BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# Long jobs (certificate ZIPs, the evidence bundle) in an RQ worker: the web process hands jobs to
# Redis when REDIS_URL is set (else it runs them in a thread). Same environment as `make serve`.
# WORKER_ARGS=--burst stops once the queue is empty (the tests use it); RQ_QUEUE names the queue
# (default bintek; the tests give each test process its own).
worker: install
	@test -n "$$REDIS_URL" || { echo "make worker needs REDIS_URL (e.g. redis://127.0.0.1:6379/0); without it the web process runs jobs itself."; exit 1; }
	$(BIN)/rq worker --url "$$REDIS_URL" $(WORKER_ARGS) "$${RQ_QUEUE:-bintek}"

# Regenerate the translation template and merge it into the catalogues after changing strings.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o workshop/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i workshop/translations/messages.pot -d workshop/translations --no-fuzzy-matching

clean-db:
	rm -f instance/bintek.db instance/bintek.db-wal instance/bintek.db-shm instance/demo-login.txt
