# Two entry points for a fresh machine: `make demo` and `make test`.
# Both create .venv when missing and make a Chromium available to Playwright.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 0

.PHONY: demo test check bench venv chromium clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(VENV)/.installed

chromium: venv
	@bash scripts/ensure_chromium.sh $(PY)

demo: venv chromium
	$(PY) -m agent demo --port $(PORT)

# lint, format and types first: a few seconds, and a red one stops before the browser tests
check: venv
	$(VENV)/bin/ruff check agent sandbox tests benchmarks scripts
	$(VENV)/bin/ruff format --check agent sandbox tests benchmarks scripts
	$(VENV)/bin/mypy

test: check chromium
	bash scripts/with_postgres.sh $(PY) -m pytest -n 2 -q tests
	bash scripts/date_runs.sh $(PY)

bench: venv chromium
	$(PY) -m compileall -q agent benchmarks sandbox   # what pip does for an installed package: no module compiled per run
	bash scripts/with_postgres.sh $(PY) -m benchmarks

clean:
	rm -rf $(VENV) data .pytest_cache
