#!/usr/bin/env bash
# Installs what SemSrDashboard needs on a Debian 12 machine with the .NET SDK. Idempotent and quiet.
# Usage: scripts/setup.sh [--with-browser]   (--with-browser adds Chromium for the end-to-end tests)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libgtk-3-0)   # OpenCvSharp's native library links against GTK 3
[[ "${1:-}" == "--with-browser" ]] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing ${missing[*]} (apt)"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet restore SemSrDashboard.sln --verbosity quiet >/dev/null
