# Two commands for a newcomer: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test deps lint bench smoke clean bundle frozen metadata deb deb-check

deps:
	@bash packaging/system-deps.sh

$(STAMP): pyproject.toml | deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: deps $(STAMP)
	$(BIN)/floordesk

test: deps $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

smoke: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/floordesk --smoke-test

# The packaged app (packaging/README.md): the PyInstaller bundle in dist/floordesk,
# its smoke test, the metadata validators, the .deb and its install/remove check.
bundle: deps
	PYTHON=$(PYTHON) bash packaging/build-pyinstaller.sh

frozen: bundle
	bash packaging/smoke-frozen.sh

metadata:
	desktop-file-validate packaging/io.github.floordesk.Floordesk.desktop
	appstreamcli validate --no-net packaging/io.github.floordesk.Floordesk.metainfo.xml

deb: bundle
	bash packaging/build-deb.sh

# Installs the .deb on this machine and removes it again (root or sudo).
deb-check: deb
	bash packaging/check-deb.sh

clean:
	rm -rf $(VENV) build *.egg-info .venv-build dist
