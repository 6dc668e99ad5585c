#!/usr/bin/env bash
# Runs every check: type-check, lint, config validation, deployment files, Jest (unit and
# integration) and the end-to-end browser test. Ends with "N passed, N failed".
#   ./rca test            everything
#   ./rca test --no-e2e   skip the browser test (quick local loop)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

e2e=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) e2e=0 ;;
    *) die "unknown option $arg" ;;
  esac
done

bash scripts/bootstrap.sh --system || die "bootstrap failed"
export CI=true

out="$ROOT/test-results"
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
failures=()

# One named check = one result in the total.
check() {
  local name="$1"
  shift
  log "check: $name"
  if "$@" >"$out/$name.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
    tail -n 40 "$out/$name.log" >&2
  fi
}

check tsc yarn tsc
check lint yarn lint:all
# Import rules: layers, cycles, no test or eval code in production (.dependency-cruiser.cjs).
check layering yarn lint:deps
check config-local yarn backstage-cli config:check --strict --config app-config.yaml
# Production config is validated with the placeholders of .env.example, as a deployment provides
# them: every variable the production files name must be there (a new one left undocumented fails
# here), and the result must pass the schema with the LLM off (the default) and on.
production_config() {
  local files=(app-config.production.yaml app-config.llm.yaml app-config.kubernetes-clusters.example.yaml)
  local missing
  missing="$(grep -ohE '\$\{[A-Z][A-Z0-9_]*\}' "${files[@]}" | tr -d '${}' | sort -u |
    while read -r v; do grep -q "^$v=" .env.example || echo "$v"; done)"
  [[ -z "$missing" ]] || {
    echo "used by the production config but not in .env.example: $missing"
    return 1
  }
  (
    set -a
    source .env.example
    # Outside Docker the cluster list is the example file itself.
    KUBERNETES_CLUSTERS_FILE="$ROOT/app-config.kubernetes-clusters.example.yaml"
    POSTGRES_HOST=db POSTGRES_PORT=5432
    set +a
    local cfg=(--config app-config.yaml --config app-config.production.yaml)
    # LLM off (the default): valid, with the clusters from the file and no rca.llm at all.
    RCA_LLM_ENABLED=false yarn backstage-cli config:check --strict "${cfg[@]}" || return 1
    RCA_LLM_ENABLED=false yarn backstage-cli config:print "${cfg[@]}" >"$out/production-config.yaml" || return 1
    grep -q '^    - type: config' "$out/production-config.yaml" || { echo "no cluster list"; return 1; }
    ! grep -q '^  llm:' "$out/production-config.yaml" || { echo "rca.llm set while off"; return 1; }
    # LLM on: valid; and a missing model is refused, naming the key.
    RCA_LLM_ENABLED=true yarn backstage-cli config:check --strict "${cfg[@]}" || return 1
    if env -u RCA_LLM_MODEL RCA_LLM_ENABLED=true yarn backstage-cli config:check --strict "${cfg[@]}" \
      >"$out/production-config-no-model.log" 2>&1; then
      echo "RCA_LLM_ENABLED=true without RCA_LLM_MODEL passed the check"
      return 1
    fi
    grep -q "required property 'model'" "$out/production-config-no-model.log"
  )
}
check config-production production_config
check docker-compose docker-compose --env-file .env.example -f docker-compose.yml config -q

# A throw-away PostgreSQL for the suites that run on both databases (TestDatabases reads its URL);
# its own directory, so a developer's scripts/postgres.sh is left alone. Stopped on any exit.
export RCA_POSTGRES_DIR
RCA_POSTGRES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/rca-test-postgres.XXXXXX")"
trap 'bash scripts/postgres.sh stop' EXIT
if bash scripts/postgres.sh start >"$out/postgres.log" 2>&1; then
  eval "$(bash scripts/postgres.sh env)"
  log "PostgreSQL for the tests: $RCA_TEST_POSTGRES_URL"
else
  # The suites then fail loudly (CI=true): nothing runs on SQLite alone unnoticed.
  failed=$((failed + 1))
  failures+=("postgres")
  tail -n 20 "$out/postgres.log" >&2
fi

# The built backend bundle, booted with the production config and the environment .env.example
# documents (PostgreSQL above, VictoriaMetrics, the stand-ins): sign in through ZITADEL, analyse,
# see the report in the catalog. Fails naming the step, and fails when a production key is missing.
check prod-smoke bash scripts/prod-smoke.sh

# Jest over every package; its JSON report is summed into the total.
log "jest: unit and integration tests"
# Suites named *.vm.test.ts run the real Kubernetes plugin, which loads the ESM-only
# @kubernetes/client-node with import(): Jest needs --experimental-vm-modules for them, and that
# flag breaks the static imports of the same package elsewhere, hence two runs.
jest_run() {
  local name="$1"
  shift
  yarn backstage-cli repo test --json --outputFile="$out/$name.json" "$@" 2>&1 | tee "$out/$name.log" | grep -E '^(PASS|FAIL)|●' >&2
  if [[ -f "$out/$name.json" ]]; then
    read -r jp jf < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests+r.numRuntimeErrorTestSuites)' "$out/$name.json")
    passed=$((passed + jp))
    failed=$((failed + jf))
    ((jf == 0)) || failures+=("$name ($jf)")
  else
    failed=$((failed + 1))
    failures+=("$name (no report)")
  fi
}
jest_run jest --testPathIgnorePatterns '\.vm\.test\.ts$'
log "jest: suites with the real Kubernetes plugin (--experimental-vm-modules)"
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" jest_run jest-vm --testPathPatterns '\.vm\.test\.ts$'

if ((e2e)); then
  log "e2e: Playwright + Debian Chromium against ./rca start"
  yarn playwright test >"$out/e2e.log" 2>&1
  tail -n 5 "$out/e2e.log" >&2
  if [[ -f "$out/e2e/results.json" ]]; then
    read -r ep ef < <(node -e 'const s=require(process.argv[1]).stats;console.log(s.expected+s.flaky,s.unexpected)' "$out/e2e/results.json")
    passed=$((passed + ep))
    failed=$((failed + ef))
    ((ef == 0)) || failures+=("e2e ($ef)")
  else
    failed=$((failed + 1))
    failures+=("e2e (no report)")
  fi
fi

((${#failures[@]} == 0)) || log "failed: ${failures[*]} (logs in test-results/)"
echo "$passed passed, $failed failed"
((failed == 0))
