#!/usr/bin/env bash
# Installs what building and testing Kring needs on a fresh machine, and nothing
# that is already there. Idempotent: `make run` and `make test` call it every time.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130
want_browser=${1:-}

log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: cmake + libclang for the HiGHS build, binaryen for wasm-opt,
# chromium for the browser tests.
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
pkgs=()
for p in cmake libclang-dev binaryen; do
  have "$p" || pkgs+=("$p")
done
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

# npm ci again whenever package-lock.json changed since the last install
# (npm keeps its own copy of the lock in node_modules/.package-lock.json).
if [ "$want_browser" = "--browser" ]; then
  stamp=end2end/node_modules/.kring-lock
  if [ ! -f "$stamp" ] || ! cmp -s end2end/package-lock.json "$stamp"; then
    log "installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund)
    cp end2end/package-lock.json "$stamp"
  fi
fi
log "ready"
