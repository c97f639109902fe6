# learnfolio: `make serve` previews the example knowledge base, `make test` runs
# every check. Both create .venv and install the pinned dependencies first:
# serving needs only requirements.lock, the checks also requirements-dev.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-stamp
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

# The Pyodide release the browser tests self-host, from the npm registry. It
# must match PYODIDE_VERSION in plugins/learnfolio/notebooks/options.py.
PYODIDE_VERSION := 314.0.7
PYODIDE := .cache/pyodide/$(PYODIDE_VERSION)

# axe-core, from the npm registry, for the accessibility checks in the browser
# tests (tests/test_reader.py reads AXE_VERSION from here).
AXE_VERSION := 4.14.1
AXE := .cache/axe-core/$(AXE_VERSION)

.PHONY: serve build check test lint typecheck unit pyodide axe bench clean

# What building and serving need: the runtime pins and learnfolio itself.
$(RUNTIME): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	# --no-compile: Python compiles what it imports on first use; the rest need not be.
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Everything: the runtime plus lint, type-check and test tools.
$(STAMP): $(RUNTIME) requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

serve: $(RUNTIME) ## Serve the example knowledge base on http://127.0.0.1:8000
	# Preview at the root URL, whatever sub-path site_url has when published.
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: $(RUNTIME) ## Build the example site into site/ (strict)
	$(BIN)/mkdocs build --strict

check: $(RUNTIME) ## Check the example's links without building
	$(BIN)/learnfolio check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

$(PYODIDE)/pyodide.js:
	mkdir -p $(PYODIDE)
	cd $(PYODIDE) && npm pack --silent pyodide@$(PYODIDE_VERSION) >/dev/null \
		&& tar -xzf pyodide-$(PYODIDE_VERSION).tgz --strip-components=1 \
		&& rm pyodide-$(PYODIDE_VERSION).tgz

pyodide: $(PYODIDE)/pyodide.js ## Fetch Pyodide's npm package for the browser tests

$(AXE)/axe.min.js:
	mkdir -p $(AXE)
	cd $(AXE) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
		&& tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 \
		&& rm axe-core-$(AXE_VERSION).tgz

axe: $(AXE)/axe.min.js ## Fetch axe-core's npm package for the accessibility tests

unit: $(STAMP) $(PYODIDE)/pyodide.js $(AXE)/axe.min.js
	$(BIN)/pytest -q

test: lint typecheck unit ## Lint, type-check and run the whole test suite

bench: $(STAMP) ## Benchmark builds and serve rebuilds at 100, 1,000 and 5,000 notes (minutes; not a test)
	cd bench && ../$(BIN)/python run.py

clean:
	rm -rf site .cache $(VENV)
