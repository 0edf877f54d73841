#!/usr/bin/env bash
# Installs what building and testing Kring needs on a fresh machine, and nothing
# that is already there. Idempotent: `make run` and `make test` call it every time.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130
want_browser=${1:-}

log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: cmake + libclang for the HiGHS build, node + npm for
# Binaryen's wasm-opt (below) and the browser tests, chromium for those.
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
pkgs=()
for p in cmake libclang-dev; do
  have "$p" || pkgs+=("$p")
done
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
if [ "$want_browser" = "--browser" ]; then
  # chromium for the browser tests; xmllint validates schedule.xml against
  # the frab XSD in the tests.
  have chromium || pkgs+=(chromium)
  have libxml2-utils || pkgs+=(libxml2-utils)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing Debian packages: ${pkgs[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  else
    log "missing Debian packages: ${pkgs[*]} (run as root or install them with sudo apt-get install)"
    exit 1
  fi
fi

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm ci again whenever package-lock.json changed since the last install.
npm_install() {
  local dir=$1 what=$2 stamp=$1/node_modules/.kring-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    log "installing $what"
    (cd "$dir" && npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
# Binaryen's wasm-opt 123, the version cargo-leptos 0.3.10 expects, for
# release builds (tools/node_modules/.bin goes first on PATH in the Makefile
# and scripts). Debian's wasm-opt 108 mangles the reference-types table: the
# release bundle then fails with "WebAssembly.Table.set(): Argument 1 is
# invalid" and the page never hydrates.
npm_install tools "Binaryen (wasm-opt) for release builds"
if [ "$want_browser" = "--browser" ]; then
  npm_install end2end "the end-to-end test packages"
fi
log "ready"
