#!/usr/bin/env bash
# Reports what a phone downloads before the first tap works: the release
# build's WebAssembly, JavaScript and CSS, raw and gzipped, against the
# budget (250 KB gzipped for the attendee and board pages).
#
#   scripts/bundle-size.sh           build the release bundle, then report
#   scripts/bundle-size.sh --no-build   report on target/site as it is
#   scripts/bundle-size.sh --check      also exit 1 when over budget
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
BUDGET_KB=250
build=1 check=0
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    --check) check=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
if [ "$build" = 1 ]; then
  cargo leptos build --release --precompress >&2
fi
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no $pkg: build first" >&2; exit 2; }
total_gz=0
printf '%-40s %12s %12s %12s\n' file raw gzipped "brotli (served)"
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=-
  [ -f "$f.br" ] && br=$(stat -c %s "$f.br")
  total_gz=$((total_gz + gz))
  printf '%-40s %10d B %10d B %10s B\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf '%-40s %12s %10d B  (budget %d KB)\n' "total (gzip)" "" "$total_gz" "$BUDGET_KB"
if [ "$check" = 1 ] && [ "$total_gz" -gt $((BUDGET_KB * 1024)) ]; then
  echo "over budget" >&2
  exit 1
fi
