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

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# A lane runs its e2e projects one after another. Each project's output is held in a file and
# printed whole when it ends, so that the lines of the lanes never interleave. The builds the
# e2e targets depend on are done by the step before: run again, nx restored each lane's libs/*/dist
# from its cache while another lane's suites were loading them ("Cannot find module
# libs/testing/node_modules/@healthcare/embedded/dist/managed-process.js").
lane() {
  local project code=0
  for project in "$@"; do
    (step 15m pnpm exec nx run "$project:e2e" --exclude-task-dependencies "${nx_out[@]}") \
      >"$logs/$project.log" 2>&1 || code=$?
    flock "$logs" cat "$logs/$project.log"
    [ "$code" -eq 0 ] || return "$code"
  done
}

step 5m pnpm exec prettier --check . --log-level warn
step 25m pnpm exec nx run-many -t build lint typecheck test "${nx_out[@]}"

# The end-to-end projects run in three lanes side by side. Each project starts brokers,
# databases and apps of its own on free ports, and spends most of its time waiting (outages,
# timers, broker windows) rather than on the CPU: measured under /usr/bin/time, each used a
# third of one core or less over its run. The lanes are balanced by the projects' run times,
# the longest first; a project named in no lane runs at the end of the last one.
lanes=(
  "subscriber-e2e api-e2e"
  "page-e2e faults-e2e"
  "gateway-e2e tls-e2e sensors-e2e identity-e2e"
)
# start-e2e runs `pnpm start`, whose `nx run start:build` restores the apps' dist folders from
# the cache: beside a lane, tls-e2e's gateway failed with "Cannot find module
# apps/gateway/dist/app.module.js". It runs alone, after the lanes.
alone=(start-e2e)
mapfile -t projects < <(pnpm exec nx show projects --with-target e2e | sort)
for project in "${projects[@]}"; do
  [[ " ${lanes[*]} ${alone[*]} " == *" $project "* ]] || lanes[-1]+=" $project"
done
started=$SECONDS
pids=()
for projects_of_lane in "${lanes[@]}"; do
  # shellcheck disable=SC2086 # a lane is a list of names
  lane $projects_of_lane &
  pids+=($!)
done
code=0
for pid in "${pids[@]}"; do
  wait "$pid" || code=$?
done
[ "$code" -eq 0 ] || { echo "== FAILED: an e2e lane failed (see above)" >&2; exit "$code"; }
echo "== done in $((SECONDS - started)) s: the e2e lanes"
lane "${alone[@]}"

step 10m pnpm exec nx run bench:bench-smoke "${nx_out[@]}"
