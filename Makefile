# footcoach: `make run` serves the app, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FOOTCOACH_DATA ?= var
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check-content migrations-check browser pdf-libs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamps record which extras are installed; they are redone when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

# The benchmarks drive the server with locust (the bench extra).
$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.test-installed $(VENV)/.run-installed

run: $(VENV)/.run-installed pdf-libs
	$(BIN)/footcoach manage migrate --noinput -v0
	$(BIN)/footcoach check-content
	$(BIN)/footcoach manage collectstatic --noinput -v0
	$(BIN)/footcoach serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# WeasyPrint draws the PDF handouts with Debian's Pango; install it where it is missing.
pdf-libs:
	@/sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
		echo "Installing Debian's Pango for the PDF handouts"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

check-content: $(VENV)/.run-installed
	$(BIN)/footcoach check-content

migrations-check: $(VENV)/.test-installed
	$(BIN)/footcoach manage makemigrations --check --dry-run -v1

test: $(VENV)/.test-installed browser pdf-libs lint check-content migrations-check
	$(BIN)/mypy footcoach/core
	$(BIN)/pytest

bench: $(VENV)/.bench-installed
	@for script in benchmarks/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache .hypothesis
