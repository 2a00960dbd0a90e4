# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DJANGO_SECRET_KEY ?= development-only-secret-key-not-for-production

.PHONY: run test lint format bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py import_protocol fixtures/seeds/003_d19d48b07f67179a.txt fixtures/seeds/000_dbae20c6d6170a5f.txt fixtures/seeds/002_e41b16c3f79ed10b.txt --date 2020-11-06 --date 2021-06-04 --date 2021-12-03 --dry-run
	DJANGO_DEBUG=1 $(BIN)/python manage.py create_secretariat_user
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks on PostgreSQL, each scale in its own database svom_bench_<N> (bench/README.md):
# query count and time per page at N=1, 10, 100; a load run with wrk; the search.
bench: $(STAMP)
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/explain.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
