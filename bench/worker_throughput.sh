#!/usr/bin/env bash
# Interpolation-only throughput of one run executed by 1 and by 2 `worker` processes (whole processes: start-up,
# claims, evaluation, storage), on this machine.
#
# Usage, from the repository root after `dotnet build SemSrDashboard.sln -c Release`:
#   bash bench/worker_throughput.sh [--db DB] [--copies 32] [--repeats 3]
# The data set is the demo data with each image --copies times (32: 288 images of 1024×768-ish micrographs). DB is a
# PostgreSQL connection string (each round creates a new run in it) or empty for a new SQLite file per round.
# Each round times 1 worker, then 2 workers started together, on a new run each; prints images/s per round and the
# medians, the ratio 2 ÷ 1, and the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
db="" copies=32 repeats=3
while (($#)); do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --copies) copies=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cli=(dotnet "$PWD/SemSrDashboard/bin/Release/net10.0/SemSrDashboard.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in demo-data/*/*.png; do
  category=$(basename "$(dirname "$file")"); stem=$(basename "$file" .png)
  mkdir -p "$work/data/$category"
  for ((c = 0; c < copies; c++)); do cp "$file" "$work/data/$category/${stem}__$c.png"; done
done
images=$(find "$work/data" -name '*.png' | wc -l)
echo "images: $images; load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"

# Prints images/s of one run executed by $1 worker processes started together.
round() {
  local workers=$1 target=${db:-$work/round-$RANDOM.db}
  local id start end
  id=$("${cli[@]}" runs create --data "$work/data" --methods bicubic,lanczos --store-outputs none --db "$target" 2>/dev/null)
  start=$(date +%s.%N)
  local pids=()
  for ((w = 0; w < workers; w++)); do
    "${cli[@]}" worker --run "$id" --db "$target" 2>"$work/worker-$w.log" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { cat "$work"/worker-*.log >&2; exit 1; }; done
  end=$(date +%s.%N)
  "${cli[@]}" runs list --db "$target" | awk -v id="$id" -F'\t' '$1 == id && $2 != "completed" { print "run " id " not completed" > "/dev/stderr"; exit 1 }'
  echo "$images / ($end - $start)" | bc -l
}

one=() two=()
for ((r = 1; r <= repeats; r++)); do
  one+=("$(round 1)"); two+=("$(round 2)")
  printf 'round %d: 1 worker %.2f images/s, 2 workers %.2f images/s\n' "$r" "${one[-1]}" "${two[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m1=$(median "${one[@]}") m2=$(median "${two[@]}")
printf 'median: 1 worker %.2f images/s, 2 workers %.2f images/s, ratio 2/1 %.2f\n' "$m1" "$m2" "$(echo "$m2 / $m1" | bc -l)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
