#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks, lints, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/system_deps.sh
bash build_scripts/venv.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
