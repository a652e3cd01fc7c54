# Set-up is two commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
SAMPLE := samples/lukaschenko-interview

.PHONY: demo test lint typecheck pytest system-deps venv clean bench train-ner

# System libraries WeasyPrint needs (Pango, HarfBuzz subsetting) and poppler for the PDF tests.
system-deps:
	@sh scripts/system-deps.sh

# Editable installs are not byte-compiled by pip; compileall does it once, so start-up does not
# recompile the package on every run (e.g. where PYTHONDONTWRITEBYTECODE is set).
$(VENV)/.installed-%: pyproject.toml | system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[$*]'
	$(PY) -m compileall -q src/briefing
	@touch $@

$(VENV)/.installed-base: pyproject.toml | system-deps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	$(PY) -m compileall -q src/briefing
	@touch $@

venv: $(VENV)/.installed-base

demo: $(VENV)/.installed-base
	$(VENV)/bin/briefing make $(SAMPLE).md -o $(SAMPLE).pdf

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts

typecheck: $(VENV)/.installed-test
	$(VENV)/bin/mypy

# One worker per core; a test file stays in one worker, so its module fixtures are computed once.
pytest: $(VENV)/.installed-test
	$(PY) -m pytest -n auto --dist loadfile

test: lint typecheck pytest

bench: $(VENV)/.installed-test
	$(PY) bench/bench_make.py
	$(PY) bench/bench_analysis.py
	$(PY) bench/bench_batch.py -n 50
	$(PY) bench/bench_longrun.py
	$(PY) bench/bench_serve.py

# Rebuild the entity stage's name tagger from ../shared/corpora/entities-train (deterministic).
train-ner: $(VENV)/.installed-base
	$(PY) scripts/train_ner.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache $(SAMPLE).pdf
