#!/usr/bin/env bash
# Installs what SemSrDashboard needs on a Debian 12 machine with the .NET SDK. Idempotent and quiet.
# Usage: scripts/setup.sh [--with-browser] [--with-cluster]
#   --with-browser  adds Chromium for the end-to-end tests
#   --with-cluster  adds PostgreSQL 15, Slurm and munge for scripts/cluster.sh and the cluster tests (their own
#                   daemons are started in a temporary folder by scripts/cluster.sh; the packages' services are not used)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libgtk-3-0 libfftw3-double3)   # OpenCvSharp's native library links against GTK 3; FFTW transforms the fidelity metrics' spectra
for option in "$@"; do
  case "$option" in
    --with-browser) packages+=(chromium) ;;
    --with-cluster) packages+=(postgresql-15 slurm-wlm munge) ;;
    *) echo "setup: unknown option $option (usage: scripts/setup.sh [--with-browser] [--with-cluster])" >&2; exit 2 ;;
  esac
done

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
