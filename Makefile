# The two commands: `make run` and `make test`. Both build .venv themselves on a bare machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv lint migrate reference demo clean bench

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

reference: migrate
	$(PY) manage.py load_reference_data

demo: reference
	$(PY) manage.py import_bundle essaim/reference/data/demo_programme
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py load_demo_followup

# The task worker (exports, in the background) beside the server, stopped with it.
run: demo
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: venv
	$(VENV)/bin/pytest

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Benchmarks against PostgreSQL (DATABASE_URL, default: the local server, database essaim_bench).
bench: venv
	$(PY) -m bench
