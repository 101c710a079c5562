# Praxis — `make run` and `make test` do every set-up step on a fresh machine, offline.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
KB := $(VENV)/bin/kb
MODEL_DIR := data/models/multilingual-e5-small
HOST ?= 127.0.0.1
PORT ?= 5000
CORPUS ?= ../shared/corpus

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install model sample run serve test bench eval system-deps clean

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

$(MODEL_DIR)/modules.json: | $(VENV)/.installed
	$(PY) -m search.modelbuild $(MODEL_DIR)

model: install $(MODEL_DIR)/modules.json

run: install model
	$(KB) ingest data/sample
	$(KB) serve --host $(HOST) --port $(PORT)

serve: install model
	$(KB) serve --host $(HOST) --port $(PORT)

test: install model
	$(PY) -m pytest -q

eval: install model
	$(KB) eval $(CORPUS)

bench: install model
	$(PY) bench/run.py --corpus $(CORPUS)

sample: install
	$(PY) data/make_sample.py

clean:
	rm -rf data/kb.sqlite* data/*.faiss* .pytest_cache
