#!/usr/bin/env bash
# The README's start command: installs ShopClock into .venv and starts the window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/system_deps.sh
bash build_scripts/venv.sh
exec .venv/bin/shopclock "$@"
