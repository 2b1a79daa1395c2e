#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle in dist/floordesk (packaging/floordesk.spec).
# Can be run from any directory: it changes to the repository root. Needs Python 3.11+.
# The build environment .venv-build is made once and kept; the project is
# reinstalled into it at every build. packaging/smoke-frozen.sh tests the result
# (`make frozen` does both).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV=.venv-build
started=$SECONDS

if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
# psycopg so that the frozen app reaches a PostgreSQL server (several stations).
"$VENV/bin/python" -m pip install --quiet ".[postgres]" "pyinstaller>=6.10,<7"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist --workpath build \
    packaging/floordesk.spec

echo "build-pyinstaller: dist/floordesk built in $((SECONDS - started))s ($(du -sh dist/floordesk | cut -f1))"
