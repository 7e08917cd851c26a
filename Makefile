# The two commands: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
MANAGE := $(PY) manage.py

.PHONY: run test install install-test migrate demo lint format messages lock screenshots clean

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv>=0.9,<1"

$(VENV)/.installed: requirements/base.txt | $(VENV)/bin/uv
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements/base.txt -r requirements/test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate
	$(MANAGE) load_demo

## Serve the platform with the demo edition on http://127.0.0.1:8000, with a task worker
run: demo
	@echo "Serving on http://127.0.0.1:8000 with a task worker (Ctrl+C stops both)"
	$(MANAGE) serve 127.0.0.1:8000

## Run the whole suite: unit, integration and browser journeys (DATABASE_URL selects PostgreSQL)
test: install-test
	$(PY) -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

## Lint: ruff, the import contracts (layers, no cycles) and mypy
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Extract messages into the .po files, then compile them (needs GNU gettext)
messages: install
	cd src/leerplatform && ../../$(PY) ../../manage.py makemessages -l nl -l en --no-obsolete --no-location --ignore '*/migrations/*'
	cd src/leerplatform && ../../$(PY) ../../manage.py compilemessages

## Re-resolve the pinned dependencies from requirements/*.in
lock: $(VENV)/bin/uv
	$(UV) pip compile --quiet --generate-hashes requirements/base.in -o requirements/base.txt
	$(UV) pip compile --quiet --generate-hashes requirements/test.in -o requirements/test.txt

## HTTP benchmark: gunicorn + wrk over the key pages of a large edition, beside bare Django
## (BENCH_ARGS: --db postgres, --reuse, --quick, --peer; see bench/http_load.py)
.PHONY: bench
bench: install
	$(PY) bench/http_load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
