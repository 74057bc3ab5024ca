# Tremplin — the two set-up commands are `make run` and `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Development settings: local only, console e-mail, SQLite in ./data unless DATABASE_URL is set.
DEV_ENV := DEBUG=1 TREMPLIN_REQUIRE_2FA=$${TREMPLIN_REQUIRE_2FA:-0}
# A file (not in-memory) SQLite test database: the browser tests' live server then gives
# each request thread its own connection, as in production.
TEST_ENV := DEBUG=1 CONN_MAX_AGE=0 TREMPLIN_TEST_SQLITE_NAME=$(CURDIR)/data/test-tremplin.sqlite3 TREMPLIN_TEMPLATE_STRING_IF_INVALID="INVALID_TEMPLATE_VARIABLE(%s)"

.PHONY: run test install install-test serve demo lint format migrations-check bench bench-data clean help

help:
	@echo "make run    installe, prépare la base de démonstration et lance http://$(HOST):$(PORT)"
	@echo "make test   installe et lance toute la suite de tests"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[rights]"
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test,rights]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	@mkdir -p data
	$(DEV_ENV) $(BIN)/tremplin migrate --no-input
	$(DEV_ENV) $(BIN)/tremplin load_referentials
	$(DEV_ENV) $(BIN)/tremplin demo --if-empty
	$(DEV_ENV) $(BIN)/tremplin runserver $(HOST):$(PORT)

test: install-test
	@mkdir -p data
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	DEBUG=1 $(BIN)/tremplin makemigrations --check --dry-run

# Benchmarks (bench/README.md): PostgreSQL on 127.0.0.1:5432, databases named bench_<scale>.
SCALE ?= small
$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e ".[bench,rights]"
	@if ! command -v wrk >/dev/null && [ "$$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || true; fi
	touch $@

bench-data: $(VENV)/.installed-bench
	@mkdir -p data
	$(BIN)/python -m bench.generate --scale $(SCALE)

bench: $(VENV)/.installed-bench
	@mkdir -p data
	@$(BIN)/python -c "from bench import db; import sys; sys.exit(0 if db.database_exists(db.database_name('$(SCALE)')) else 1)" \
		|| $(BIN)/python -m bench.generate --scale $(SCALE)
	$(BIN)/python -m bench.run --scale $(SCALE)

clean:
	rm -rf $(VENV) data/static
