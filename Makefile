# 社区公开栏 — the two set-up commands are `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: build test check serve bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/board check
	$(BIN)/board build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/board check

serve: $(STAMP)
	$(BIN)/board serve

# Benchmarks are not part of `make test`; they print Markdown tables for the README.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_site.py --out benchmarks/results-site.md
	$(BIN)/python benchmarks/bench_slides.py | tee benchmarks/results-slides.txt

# README pictures, from a build of the sample for 2026-11-29 (needs Debian's chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py --out docs/screenshots

clean:
	rm -rf site .cache
