# The two commands a newcomer needs are `make run` and `make test`; both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test bench lint format clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The browser tests drive Debian's Chromium; nothing is downloaded by the test tools.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
		else \
			echo "The browser tests need Debian's chromium: sudo apt-get install chromium chromium-driver"; exit 1; \
		fi; \
	fi

run: $(STAMP)
	$(BIN)/ladders serve --demo

# Lint first: a style or type error fails in seconds, before the four-minute suite.
test: lint browser
	$(BIN)/python -m pytest
	@if [ -n "$$LADDERS_TEST_POSTGRES" ]; then \
		echo "== again on PostgreSQL =="; \
		LADDERS_TEST_DATABASE=postgres $(BIN)/python -m pytest tests/server tests/web tests/api tests/e2e tests/leveling tests/promotions tests/cycles tests/scim; \
	fi

# Bytecode first, as pip writes it when it installs a copy: an editable install has none, and
# with PYTHONDONTWRITEBYTECODE set every CLI run would compile ladders' modules again.
bench: $(STAMP)
	$(BIN)/python -m compileall -q ladders bench
	$(BIN)/python -m bench

# mypy checks what [tool.mypy] in pyproject.toml lists (ladders and bench) with the Django plugin.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache .hypothesis
