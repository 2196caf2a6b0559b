#!/usr/bin/env bash
# `pnpm test`: every check of the project, each step under a time limit (generous for a slow
# machine), so a step that stalls fails the run with its name instead of hanging it.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
nx_out=(--output-style=stream-without-prefixes)

step() {
  local limit=$1
  shift
  local started=$SECONDS
  echo "== $* (limit $limit)"
  local code=0
  timeout --kill-after=30s "$limit" "$@" || code=$?
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "== FAILED: '$*' did not finish within $limit" >&2
  elif [ "$code" -ne 0 ]; then
    echo "== FAILED: '$*' exited with $code" >&2
  fi
  [ "$code" -eq 0 ] || exit "$code"
  echo "== done in $((SECONDS - started)) s: $*"
}

step 5m pnpm exec prettier --check . --log-level warn
step 25m pnpm exec nx run-many -t build lint typecheck test "${nx_out[@]}"
# one end-to-end project at a time: each starts brokers, databases and apps of its own
for project in $(pnpm exec nx show projects --with-target e2e | sort); do
  step 15m pnpm exec nx run "$project:e2e" "${nx_out[@]}"
done
step 10m pnpm exec nx run bench:bench-smoke "${nx_out[@]}"
