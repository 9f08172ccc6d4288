#!/usr/bin/env bash
# CI: build the one-folder Linux app (dist/ShopClock/) with PyInstaller and run the
# frozen app's smoke test from outside the checkout. Any failure fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/system_deps.sh
[ -x .venv/bin/python ] || bash build_scripts/venv.sh build
.venv/bin/python build_scripts/build.py

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
app="$PWD/dist/ShopClock/ShopClock"
if ! (cd "$tmp" && env -u PYTHONPATH QT_QPA_PLATFORM=offscreen \
        "$app" --smoke-test --data-dir "$tmp/data" --report "$tmp/report.txt"); then
    echo "==================================================================" >&2
    echo "FROZEN SMOKE TEST FAILED: dist/ShopClock/ShopClock --smoke-test" >&2
    [ -f "$tmp/report.txt" ] && cat "$tmp/report.txt" >&2
    echo "==================================================================" >&2
    exit 1
fi
echo "frozen smoke test passed: $(du -sh dist/ShopClock | cut -f1) in dist/ShopClock"
