# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# A development key for the commands of one's own machine; `make serve` needs a real one.
run test lint bench: export DJANGO_SECRET_KEY ?= development-only-secret-key-not-for-production

.PHONY: run serve test lint format bench audit backup restore install clean

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

# The portal as in production (gunicorn.conf.py): set DJANGO_SECRET_KEY, DATABASE_URL and the
# rest as README says; DJANGO_SECURE_HTTPS=0 to try it over plain HTTP on one's own machine.
serve: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn -c gunicorn.conf.py svom.wsgi

# A copy of the database (pg_dump -Fc, or the SQLite file) and the uploaded files, in
# backups/svom-<date>-<time>/; `make restore FILE=backups/svom-... DATABASE=new_name
# MEDIA=new_folder` restores both, overwriting nothing.
backup: $(STAMP)
	$(BIN)/python manage.py backup --output $(or $(BACKUP_DIR),backups)

restore: $(STAMP)
	$(BIN)/python manage.py restore $(FILE) --database $(DATABASE) --media $(MEDIA)

# Security review: bandit over the code (each finding explained where it is, `# nosec`)
# and pip-audit over the installed packages (needs PyPI's vulnerability data).
audit: $(STAMP)
	$(BIN)/bandit -q -r svom meetings decisions agreements -x '*/migrations/*'
	$(BIN)/pip-audit --progress-spinner off

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
