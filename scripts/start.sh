#!/usr/bin/env bash
# Starts the product on embedded defaults. Ctrl-C stops everything it started, and so does the end
# of this script however it comes: a signal, SIGKILL, or the death of the process that started it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/bootstrap.sh

# Each service runs in its own session (setsid) so that one signal to its process group stops it
# and every child it forked, however deep. The groups are also written to a file the watchdog reads.
state="$(mktemp -d "${TMPDIR:-/tmp}/rca-start.XXXXXX")"
groups=()
run() {
  setsid "$@" &
  groups+=($!)
  echo "$!" >>"$state/groups"
}
stop_groups() {
  local g
  for g in $(cat "$state/groups" 2>/dev/null); do kill -TERM -- "-$g" 2>/dev/null || true; done
  sleep 1
  for g in $(cat "$state/groups" 2>/dev/null); do kill -KILL -- "-$g" 2>/dev/null || true; done
}
cleanup() {
  trap - INT TERM HUP EXIT
  stop_groups
  kill -KILL "$watchdog" 2>/dev/null || true
  rm -rf "$state"
  log "stopped"
}
# A signal the parent ignored (SIGINT from `cmd &` in a script) cannot be trapped here: SIGTERM,
# SIGHUP and the watchdog below still stop everything.
trap cleanup INT TERM HUP EXIT

# The processes this script runs under, up to (not including) init: its parent, and e.g. the
# tool behind a `sh -c` wrapper, whose death leaves the wrapper alive.
ancestors() {
  local pid=$PPID
  while [[ "$pid" -gt 1 ]]; do
    echo "$pid"
    pid=$(awk '{print $4}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  done
}

# The watchdog, in a session of its own so no signal meant for this script reaches it first: when
# this script is gone (even by SIGKILL, where no trap runs) or any of its ancestors is (it would
# run on orphaned), it stops every group and this script.
setsid bash -c '
  state=$1
  shift
  alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null || return 1; done; }
  while alive "$@"; do sleep 1; done
  for g in $(cat "$state/groups" 2>/dev/null); do kill -TERM -- "-$g" 2>/dev/null || true; done
  kill -TERM "$1" 2>/dev/null || true
  sleep 2
  for g in $(cat "$state/groups" 2>/dev/null); do kill -KILL -- "-$g" 2>/dev/null || true; done
  rm -rf "$state"
' rca-start-watchdog "$state" $$ $(ancestors) </dev/null >/dev/null 2>&1 &
watchdog=$!

# The demo incident: a Kubernetes API stand-in serving the demo scenario as cluster "demo".
run yarn workspace @internal/k8s-standin serve "$ROOT/examples/demo/payments-bad-rollout.yaml" 7099
# Its logs (VictoriaLogs stand-in, :9428) and metrics (real VictoriaMetrics, :8428, when installed).
run yarn workspace @internal/plugin-rca-node demo-signals

log "backend: http://localhost:7007   frontend: http://localhost:3000   demo cluster: http://127.0.0.1:7099/clusters/demo   (Ctrl-C stops all)"
run yarn start "$@"
wait -n "${groups[@]}"
