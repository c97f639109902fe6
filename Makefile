# learnfolio: `make serve` previews the example knowledge base, `make test` runs
# every check. Both create .venv and install the pinned dependencies first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test lint typecheck unit bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

serve: $(STAMP) ## Serve the example knowledge base on http://127.0.0.1:8000
	# Preview at the root URL, whatever sub-path site_url has when published.
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Build the example site into site/ (strict)
	$(BIN)/mkdocs build --strict

check: $(STAMP) ## Check the example's links without building
	$(BIN)/learnfolio check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit ## Lint, type-check and run the whole test suite

bench: $(STAMP) ## Benchmark builds and serve rebuilds at 100, 1,000 and 5,000 notes (minutes; not a test)
	cd bench && ../$(BIN)/python run.py

clean:
	rm -rf site .cache $(VENV)
