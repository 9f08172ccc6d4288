#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks, lints, builds and
# smoke-tests the frozen app, then runs every test (pytest's summary is the last line).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/system_deps.sh
bash build_scripts/venv.sh "test,build"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Build the one-folder Linux app with PyInstaller and smoke-test the frozen app.
bash build_scripts/frozen_smoke.sh
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
