#!/usr/bin/env bash
# Starts the dashboard on http://127.0.0.1:5000 with the bundled demo images and the default model.
# Extra arguments go to the `serve` verb (e.g. --urls http://127.0.0.1:5050).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec dotnet run --project SemSrDashboard --configuration Release -- serve "$@"
