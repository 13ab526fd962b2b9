# Groundswell: `make run` runs it, `make test` tests it. Everything else is optional.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench clean browsers dupes-eval

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  (echo "Groundswell needs Python 3.12 or newer (found $$($(PYTHON) --version)). Set PYTHON=/path/to/python3.12." && exit 1)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	GROUNDSWELL_DEBUG=true $(BIN)/groundswell run

browsers:
	@test -x /usr/bin/chromium || (echo "Installing Debian's chromium for browser tests…" && \
	  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null)

test: $(STAMP) browsers
	GROUNDSWELL_TESTING=true $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench.py --notifications

clean:
	rm -rf $(VENV) var build *.egg-info

# Duplicate detection on the shared development set: calibrated, then at the product's threshold.
DUPES_CMD := env GROUNDSWELL_DEBUG=true $(BIN)/groundswell dupes --stdio
dupes-eval: $(STAMP)
	$(BIN)/python ../shared/dupes/evaluate.py --data ../shared/dupes/dev.jsonl --quiet --cmd "$(DUPES_CMD)"
	$(BIN)/python ../shared/dupes/evaluate.py --data ../shared/dupes/dev.jsonl --quiet --cmd "$(DUPES_CMD)" \
	  --threshold $$($(BIN)/python -c 'from groundswell.duplicates.engine import DUPLICATE_THRESHOLD as t; print(t)')
