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
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# gunicorn.conf.py: workers from the CPU count (WEB_CONCURRENCY overrides), redacted logs,
# forwarded headers only from FORWARDED_ALLOW_IPS. Uses DATABASE_URL (SQLite in instance/ without).
serve: install
	$(FLASK) db upgrade
	BIND=$${BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# Regenerate the translation template and merge it into the catalogues after changing strings.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o workshop/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i workshop/translations/messages.pot -d workshop/translations --no-fuzzy-matching

clean-db:
	rm -f instance/bintek.db instance/bintek.db-wal instance/bintek.db-shm instance/demo-login.txt
