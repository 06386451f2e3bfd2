# The two commands a newcomer needs: `make run` and `make test`. Both do all set-up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# `make run` installs what the app needs; `make test` adds the test and lint tools on top.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install install-test lint clean translations chromium mutate lock audit screenshots handout

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact versions come from the lock files (`make lock` renews them); pyproject.toml keeps the floors.
$(RUN_STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): $(RUN_STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet -c requirements-test.lock -e '.[test]'
	touch $(TEST_STAMP)

install: $(RUN_STAMP)
install-test: $(TEST_STAMP)

## Set up, create or upgrade the SQLite database in instance/, load the demo when empty, and serve.
run: install
	$(BIN)/quickscan init-db
	$(BIN)/quickscan demo --if-empty
	$(BIN)/quickscan serve --host 127.0.0.1 --port 5000 --welcome

## Set up and run the whole test suite (SQLite; PostgreSQL instead when QUICKSCAN_TEST_DATABASE_URL is set).
test: install-test chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The browser tests drive Debian's Chromium; install it when missing and we may (as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
	  else echo "chromium is missing: the browser tests will be skipped (install Debian's chromium package)"; fi; }

## Mutation testing of the anonymity rules, their application and the statistics (docs/contributing.md); slow,
## not in CI. Each module has its floor (FLOORS in benchmarks/mutate.py); MUTATE_FLOOR=N sets one for all.
MUTATE_FLOOR ?=
mutate: install-test
	$(BIN)/python benchmarks/mutate.py $(if $(MUTATE_FLOOR),--floor $(MUTATE_FLOOR))

## Lint, formatting and types: the first gate in CI.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy questionnaires scoring reports quickscan

## Renew the lock files from pyproject.toml: the newest versions its floors admit (then run `make test`).
PIP_TOOLS ?= pip-tools==7.6.2
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet '$(PIP_TOOLS)'
	$(BIN)/pip-compile --quiet --upgrade --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o requirements-test.lock pyproject.toml

## Known vulnerabilities in the locked versions (pip-audit); only a warning where the advisory data is unreachable.
PIP_AUDIT ?= pip-audit==2.10.1
audit: $(BIN)/python
	$(BIN)/python -m pip install --quiet '$(PIP_AUDIT)'
	$(BIN)/python .ci/advisories.py requirements-test.lock

## The screenshots in docs/plan.md, made from the demo in Chromium (docs/screenshots.py).
screenshots: install-test chromium
	$(BIN)/python docs/screenshots.py

## The leerkring handout and band chart in docs/learning-circle.md, made from the demo (docs/handout.py).
handout: install-test
	$(BIN)/python docs/handout.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

## After changing interface texts: extract them, update the English catalog, compile it. Commit the .po and .mo.
translations: install-test
	$(BIN)/pybabel extract -F babel.cfg -k _l -o quickscan/translations/messages.pot --sort-output --omit-header .
	$(BIN)/pybabel update -i quickscan/translations/messages.pot -d quickscan/translations --width 120
	$(BIN)/pybabel compile -d quickscan/translations --statistics
