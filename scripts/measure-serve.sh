#!/usr/bin/env bash
# Prints the start-up time and idle resident memory of `shopdeck serve` on a fresh demo database
# (first start: migrations + demo load) and on the same database again (second start).
# Usage: scripts/measure-serve.sh [path/to/shopdeck]   (default: target/release/shopdeck)
set -euo pipefail
bin="${1:-target/release/shopdeck}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

run_once() {
  local label="$1" extra="$2"
  local start end pid addr
  start=$(date +%s%N)
  "$bin" serve --data-dir "$dir" --listen 127.0.0.1:0 $extra >"$dir/out" 2>/dev/null &
  pid=$!
  until grep -q "^Shopdeck is listening on" "$dir/out" 2>/dev/null; do sleep 0.005; done
  end=$(date +%s%N)
  addr=$(sed -n 's/^Shopdeck is listening on //p' "$dir/out")
  # A few requests, so the figure is for a server that has served pages, then idle.
  for p in /seller/login / /api/v1/categories /readyz; do curl -s -o /dev/null "$addr$p"; done
  sleep 3
  local rss
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  printf '%-14s start-up %4d ms   idle RSS %5.1f MiB\n' "$label" $(((end - start) / 1000000)) "$(echo "$rss / 1024" | bc -l)"
  kill -TERM "$pid"; wait "$pid" || true
}

run_once "first start" "--demo"
run_once "second start" "--demo"
