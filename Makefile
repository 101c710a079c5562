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

.PHONY: install model models sample run serve test test-fast bench bench-scale bench-gpu eval system-deps browser-assets clean

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

# Debian packages the tests use when present: OCR for scanned PDFs, LibreOffice for .doc/.odt, Chromium
# (and a font with Greek) for the browser tests. Installed when missing and we are root with apt-get (CI is);
# otherwise those tests are skipped, and listed as skipped (-rs); with KB_REQUIRE_SYSTEM_DEPS=1 (.ci/run)
# they fail instead.
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-ell tesseract-ocr-eng poppler-utils libreoffice-writer-nogui \
	chromium fonts-dejavu-core
system-deps:
	@if command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && command -v soffice >/dev/null \
		&& command -v chromium >/dev/null; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $(SYSTEM_PACKAGES)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)) >/dev/null \
		|| echo "warning: could not install $(SYSTEM_PACKAGES); OCR, .doc and browser tests will be skipped"; \
	else \
		echo "note: $(SYSTEM_PACKAGES) not installed (needs root): OCR, .doc and browser tests will be skipped"; \
	fi

# axe-core (accessibility checks in tests/test_browser.py), from the npm registry, kept out of git.
# Without npm or the registry the browser tests still run and skip only their accessibility checks.
AXE_VERSION := 4.14.1
AXE_JS := .cache/axe/axe.min.js
$(AXE_JS):
	@mkdir -p $(@D)
	@if command -v npm >/dev/null && (cd $(@D) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null 2>&1 \
		&& tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js); then \
		rm -f $(@D)/axe-core-$(AXE_VERSION).tgz; \
	else \
		rm -f $(@D)/axe-core-$(AXE_VERSION).tgz; \
		echo "warning: could not fetch axe-core $(AXE_VERSION) with npm; accessibility checks will be skipped"; \
	fi

browser-assets: $(AXE_JS)

test: install model system-deps browser-assets
	$(PY) -m pytest -q -rs

# Everything that needs neither the embedding model nor a browser (about a minute).
test-fast: install
	$(PY) -m pytest -q -rs -m "not slow"

eval: install model
	$(KB) eval $(CORPUS)

# Retrain the learned models (block segmenter, MoU axes) on the labelled corpus and ship them with the code.
models: install model
	$(KB) train $(CORPUS) --out .cache/models --ship

bench: install model
	$(PY) bench/run.py --corpus $(CORPUS)

# Search at 100,000 practices through a warm server (the first run builds the store: minutes; later runs reuse it).
# SCALE_ARGS=--corpus $(CORPUS) takes sentences from the corpus too, for more varied texts.
SCALE_ARGS ?=
bench-scale: install model
	$(PY) bench/scale.py $(SCALE_ARGS)

# The embedding stage against the raw model on a GPU (needs bench-scale's seed database under .bench/).
bench-gpu: install model
	$(PY) bench/gpu_embed.py --device cuda

sample: install
	$(PY) data/make_sample.py

clean:
	rm -rf data/kb.sqlite* data/*.faiss* .pytest_cache .cache/axe
