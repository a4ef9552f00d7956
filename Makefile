# boso: `make run` sets everything up and serves; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := boso.settings

.PHONY: run test lint fmt install messages bench clean

# Installs only when a lock file is newer than the installed copy.
$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

run: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input -v0
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo
	@echo "boso serves on http://127.0.0.1:$(PORT)/ – log in with a demo account above"
	@echo "a background worker (manage.py db_worker) runs the statistics imports beside it"
# The worker runs in the background; it is stopped (by its process id) when the server stops.
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	DEBUG=true DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest $(PYTEST_ARGS)

# Performance figures as ratios against floors measured in the same run (docs/benchmarks.md).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/synthesis.py
	$(BIN)/python bench/pages.py $(PAGES_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy boso bench

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=test-artifacts
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
