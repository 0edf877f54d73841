#!/usr/bin/env bash
# The browser measurements, against the release build: how fast /e/demo is
# usable on a throttled mid-range phone (end2end/perf/phone.spec.ts), and
# whether the venue board's memory stays flat while votes arrive for
# BOARD_MINUTES minutes, 4 by default (end2end/perf/board-memory.spec.ts).
#   scripts/phone-load.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --browser
[ "${1:-}" = "--no-build" ] || cargo leptos build --release --precompress --split >&2
port=3300
rm -rf target/perf && mkdir -p target/perf
LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_OUTPUT_NAME=kring LEPTOS_ENV=PROD DATABASE_URL=sqlite://target/perf/kring.db \
  KRING_SEED_DEMO=true KRING_DEMO_PASSWORD=perf-organizer-password RUST_LOG=warn,highs=error \
  target/release/kring > target/perf/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
cd end2end && PORT=$port npx playwright test --config perf.config.ts
