# The two commands a newcomer needs: `make run` and `make test`. Both do all set-up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Set up, create or upgrade the SQLite database in instance/, load the demo when empty, and serve.
run: install
	$(BIN)/quickscan db upgrade
	$(BIN)/quickscan welcome
	$(BIN)/quickscan run --host 127.0.0.1 --port 5000

## Set up and run the whole test suite (SQLite; PostgreSQL too when QUICKSCAN_TEST_DATABASE_URL is set).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy scoring reports questionnaires

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
