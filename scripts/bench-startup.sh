#!/usr/bin/env bash
# npm run bench:startup -- MONTH_FOLDER [ROUNDS]: whole-process wall times, in turns, of a bare DuckDB
# CSV→Parquet conversion and of `npm run pipeline` on a new DATA_DIR without and with the cached migrated
# empty database (CACHE_DIR), and on an existing DATA_DIR (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath "$1"); rounds=${2:-3}; month=${MONTH:-2025-11}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
secs() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo "$(( (e - s) / 1000000 ))"; }
for i in $(seq 1 "$rounds"); do
  rm -rf "$work/out" "$work/data" "$work/cold"; mkdir -p "$work/out"
  bare=$(secs node scripts/bare-convert.mjs "$dir" "$work/out")
  cold=$(DATA_DIR="$work/cold" CACHE_DIR=off secs npm run pipeline -- --month "$month" "$dir")
  new=$(DATA_DIR="$work/data" secs npm run pipeline -- --month "$month" "$dir")
  old=$(DATA_DIR="$work/data" secs npm run pipeline -- --month "$month" "$dir")
  awk -v i="$i" -v b="$bare" -v c="$cold" -v n="$new" -v o="$old" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "round %d (load %s): bare %.2f s; new DATA_DIR: no cache %.2f s (%.1f x), cached template %.2f s (%.1f x); existing %.2f s (%.1f x)\n", i, l, b/1000, c/1000, c/b, n/1000, n/b, o/1000, o/b }'
done
