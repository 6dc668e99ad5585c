#!/usr/bin/env bash
# The production smoke: builds the backend bundle, unpacks it the way packages/backend/Dockerfile
# does, and runs scripts/prod-smoke.ts against it (sign in through ZITADEL, analyse, find the
# report in the catalog). Exits non-zero naming the failing step.
#   scripts/prod-smoke.sh                 build, then smoke
#   RCA_SMOKE_SKIP_BUILD=1 ...            reuse packages/backend/dist/bundle.tar.gz
#   PROD_SMOKE_OMIT_VAR=BACKEND_SECRET    start the backend without that variable (must fail)
# PostgreSQL: the one in RCA_TEST_POSTGRES_URL (./rca test starts one), else a throw-away one of its
# own. Each run uses a new database prefix (no scheduler or catalog state reused) and drops its
# databases afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

work="$(mktemp -d "${TMPDIR:-/tmp}/rca-prod-smoke.XXXXXX")"
own_pg=0
prefix="smoke_$(date +%s)_$$_"
pg_bin="${RCA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"

cleanup() {
  if [[ -n "${PGPORT:-}" ]]; then
    "$pg_bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atc \
      "select datname from pg_database where datname like '${prefix}%'" 2>/dev/null |
      while read -r db; do
        "$pg_bin/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "drop database \"$db\"" >/dev/null 2>&1 || true
      done
  fi
  ((own_pg)) && RCA_POSTGRES_DIR="$work/postgres" bash scripts/postgres.sh stop
  [[ -n "${KEEP_SMOKE_DIR:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT

step() { log "prod-smoke: $*"; }
fail() { echo "prod-smoke: step \"$1\" failed${2:+: $2}" >&2; exit 1; }

if [[ -z "${RCA_SMOKE_SKIP_BUILD:-}" ]]; then
  step "build the backend bundle (yarn build:backend)"
  yarn build:backend >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; fail "build the backend bundle"; }
fi
[[ -f packages/backend/dist/bundle.tar.gz ]] || fail "build the backend bundle" "no packages/backend/dist/bundle.tar.gz"

step "unpack the bundle as the image does"
app="$work/app"
mkdir -p "$app/node_modules"
tar xzf packages/backend/dist/bundle.tar.gz -C "$app"
# The image installs the production dependencies (yarn workspaces focus); here the repository's
# installed packages stand in for them, and every workspace package is the bundle's built one.
declare -A bundled=()
while read -r pj; do
  name="$(node -p 'require(process.argv[1]).name' "$pj")"
  bundled[$name]="$(dirname "$pj")"
done < <(find "$app/packages" "$app/plugins" -mindepth 2 -maxdepth 2 -name package.json)
for entry in "$ROOT"/node_modules/* "$ROOT"/node_modules/@*/*; do
  rel="${entry#"$ROOT"/node_modules/}"
  [[ "$rel" == @*/* || "$rel" != @* ]] || continue
  [[ -n "${bundled[$rel]:-}" || "$rel" == .bin ]] && continue
  mkdir -p "$(dirname "$app/node_modules/$rel")"
  ln -s "$entry" "$app/node_modules/$rel"
done
for name in "${!bundled[@]}"; do
  mkdir -p "$(dirname "$app/node_modules/$name")"
  ln -sfn "${bundled[$name]}" "$app/node_modules/$name"
done
# What the Dockerfile copies next to the bundle.
cp app-config.yaml app-config.production.yaml app-config.llm.yaml app-config.kubernetes-clusters.example.yaml "$app/"
cp -r examples "$app/examples"

step "PostgreSQL"
if [[ -z "${RCA_TEST_POSTGRES_URL:-}" ]]; then
  own_pg=1
  RCA_POSTGRES_DIR="$work/postgres" bash scripts/postgres.sh start >"$work/postgres.log" 2>&1 ||
    { cat "$work/postgres.log" >&2; fail "PostgreSQL"; }
  RCA_TEST_POSTGRES_URL="$(RCA_POSTGRES_DIR="$work/postgres" bash scripts/postgres.sh start)"
fi
PGPORT="$(node -p 'new URL(process.argv[1]).port' "$RCA_TEST_POSTGRES_URL")"

PROD_SMOKE_APP_DIR="$app" PROD_SMOKE_WORK_DIR="$work/run" PROD_SMOKE_DATABASE_PREFIX="$prefix" \
  POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$PGPORT" POSTGRES_USER=postgres \
  node --require @backstage/cli/config/nodeTransform.cjs scripts/prod-smoke.ts || {
  [[ -f "$work/run/backend.log" ]] && tail -n 40 "$work/run/backend.log" >&2
  exit 1
}
