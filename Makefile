# Passport: `make run` serves a development copy, `make test` checks everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

# The production processes, word for word: compose.yaml runs these, and so do the tests
# that start a real server or worker (tests/passport/test_compose.py keeps them equal).
SERVE_CMD := gunicorn -c gunicorn.conf.py passport.wsgi
WORKER_CMD := celery -A passport worker --loglevel=INFO --concurrency=2
BEAT_CMD := celery -A passport beat --loglevel=INFO
NPM_CI := npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

.PHONY: run test lint format bench messages check-deploy clean serve-prod worker beat

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml package-lock.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# JSON-LD contexts for VC Data Model 1.1 credentials come from npm (data only).
	@if command -v npm >/dev/null 2>&1; then $(NPM_CI); \
	else echo "npm not found: VC Data Model 1.1 credentials with embedded proofs will be refused."; fi
	touch $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# Production-like: gunicorn with gunicorn.conf.py (set SECRET_KEY, DATABASE_URL, ...).
serve-prod: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/$(SERVE_CMD)

# The task queue's worker and its clock (CELERY_BROKER_URL or REDIS_URL must be set).
worker: $(STAMP)
	$(BIN)/$(WORKER_CMD)

beat: $(STAMP)
	$(BIN)/$(BEAT_CMD)

test: $(STAMP)
	$(BIN)/ruff check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=node_modules
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -l fr --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
