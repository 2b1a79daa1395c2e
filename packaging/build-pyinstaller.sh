#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle in dist/floordesk and smoke-test it.
# Can be run from any directory: it changes to the repository root. Needs Python 3.11+.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV=.venv-build

"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet . pyinstaller
"$VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build \
    packaging/floordesk.spec

# Frozen-build smoke test: opens the window on a temporary database with the
# demo data, renders one frame and prints "first frame after N ms".
QT_QPA_PLATFORM=offscreen dist/floordesk/floordesk --smoke-test
