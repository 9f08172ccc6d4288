#!/usr/bin/env bash
# Debian/Ubuntu system libraries Qt needs (offscreen and under Xvfb) plus a CJK font
# for screenshots, and a tray host (trayer) plus xdotool for the tray test under Xvfb
# (tests/gui/xvfb). Installs only what is missing; does nothing where apt-get is absent.
set -euo pipefail
PKGS=(libegl1 libgl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 xvfb xauth fonts-wqy-microhei
      trayer xdotool)
command -v apt-get >/dev/null 2>&1 || { echo "system_deps: no apt-get, skipping"; exit 0; }
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "system_deps: all present"; exit 0; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system_deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
