#!/usr/bin/env bash
# Starts the product on embedded defaults. Ctrl-C stops everything it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/bootstrap.sh

# Each service runs in its own session (setsid) so that one signal to its process group stops it
# and every child it forked, however deep.
groups=()
run() {
  setsid "$@" &
  groups+=($!)
}
cleanup() {
  trap - INT TERM EXIT
  local g
  for g in "${groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  sleep 1
  for g in "${groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  log "stopped"
}
trap cleanup INT TERM EXIT

# The demo incident: a Kubernetes API stand-in serving the demo scenario as cluster "demo".
run yarn workspace @internal/k8s-standin serve "$ROOT/examples/demo/payments-bad-rollout.yaml" 7099
# Its logs (VictoriaLogs stand-in, :9428) and metrics (real VictoriaMetrics, :8428, when installed).
run yarn workspace @internal/plugin-rca-node demo-signals

log "backend: http://localhost:7007   frontend: http://localhost:3000   demo cluster: http://127.0.0.1:7099/clusters/demo   (Ctrl-C stops all)"
run yarn start "$@"
wait -n "${groups[@]}"
