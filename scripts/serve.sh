#!/usr/bin/env bash
# Starts the dashboard on http://127.0.0.1:5000 with the bundled demo images and the default model.
# Extra arguments go to the `serve` verb (e.g. --urls http://127.0.0.1:5050).
# Runs the Release build in the Production environment through scripts/semsr, which builds it first when needed
# (about a minute the first time) and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "serve: checking the machine's packages" >&2
scripts/setup.sh
echo "serve: starting the dashboard (Ctrl-C stops it)" >&2
exec scripts/semsr serve "$@"
