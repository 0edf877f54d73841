#!/usr/bin/env bash
# Reports what a phone downloads before the first tap works: the release
# build's WebAssembly, JavaScript and CSS, raw and gzipped, against the
# budget (250 KB gzipped for the attendee and board pages).
#
#   scripts/bundle-size.sh           build the release bundle, then report
#   scripts/bundle-size.sh --no-build   report on target/site as it is
#   scripts/bundle-size.sh --check      also exit 1 when over budget
#   scripts/bundle-size.sh --frontend-only --max-kb 400
#       build only the browser bundle; exit 1 when the topic list's bundle
#       (gzip -9) exceeds 400 KB: `make test` guards against regressions so
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
BUDGET_KB=250
build=1 check=0 max_kb=0 only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --check) check=1 ;;
    --frontend-only) only=(--frontend-only) ;;
    --max-kb) shift; max_kb=${1:?--max-kb needs a number} ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$build" = 1 ]; then
  cargo leptos build --release --precompress --split "${only[@]}" >&2
fi
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no $pkg: build first" >&2; exit 2; }
# What each page fetches before its first tap works: the main bundle (the
# JavaScript glue, the main WebAssembly, the stylesheet and the chunk loader)
# plus, for a page split out with --split, the chunks the manifest lists for
# its route. Sizes are measured here (gzip -9) rather than read from the
# pre-compressed files, so the numbers do not depend on the build's settings;
# brotli is what the server actually sends.
BUDGET_KB=$BUDGET_KB CHECK=$check MAX_KB=$max_kb node - "$pkg" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const pkg = process.argv[2];
const files = fs.readdirSync(pkg);
const gz = f => zlib.gzipSync(fs.readFileSync(path.join(pkg, f)), { level: 9 }).length;
const br = f => fs.existsSync(path.join(pkg, f + ".br")) ? fs.statSync(path.join(pkg, f + ".br")).size : 0;
const raw = f => fs.statSync(path.join(pkg, f)).size;
const main = files.filter(f => /^[^_].*\.(wasm|js|css)$/.test(f) && !/^(chunk_|split_)/.test(f)
  || /^__wasm_split\..*\.js$/.test(f));
const kb = n => (n / 1024).toFixed(0).padStart(5) + " KB";
console.log("main bundle".padEnd(44) + "raw".padStart(9) + "gzip".padStart(9) + "brotli".padStart(9));
let m = { raw: 0, gz: 0, br: 0 };
for (const f of main) {
  const r = { raw: raw(f), gz: gz(f), br: br(f) };
  for (const k in m) m[k] += r[k];
  console.log("  " + f.padEnd(42) + kb(r.raw) + kb(r.gz) + kb(r.br));
}
const budget = Number(process.env.BUDGET_KB) * 1024;
const rows = [["event (/e/{slug}): the main bundle alone", 0, m.gz, m.br]];
const manifest = files.find(f => /^__wasm_split_manifest.*\.json$/.test(f));
if (manifest) {
  const routes = JSON.parse(fs.readFileSync(path.join(pkg, manifest), "utf8"));
  for (const [name, stems] of Object.entries(routes).sort()) {
    const chunks = stems.map(s => files.find(f => f.startsWith(s + ".") && f.endsWith(".wasm")));
    rows.push([name.replace(/^__/, "").replace(/(_view)?_\d+$/, ""), chunks.length,
      m.gz + chunks.reduce((a, f) => a + gz(f), 0), m.br + chunks.reduce((a, f) => a + br(f), 0)]);
  }
} else {
  console.log("(no split manifest: built without --split)");
}
console.log("\nwhat a first visit fetches".padEnd(45) + "chunks".padStart(7) + "gzip".padStart(9) + "brotli".padStart(9));
for (const [name, n, g, b] of rows) {
  console.log("  " + name.padEnd(42) + String(n).padStart(7) + kb(g) + kb(b) + (g > budget ? "  over" : ""));
}
console.log(`budget: ${process.env.BUDGET_KB} KB gzipped for the attendee and board pages`);
if (process.env.CHECK === "1" && m.gz > budget) {
  console.error("the main bundle is over budget");
  process.exit(1);
}
const max = Number(process.env.MAX_KB) * 1024;
if (max > 0) {
  if (m.gz > max) {
    console.error(`the topic list's bundle grew to ${kb(m.gz).trim()}, over the ${process.env.MAX_KB} KB ceiling`);
    process.exit(1);
  }
  if (!manifest) {
    console.error("no split manifest: the bundle was built without --split");
    process.exit(1);
  }
  console.log(`ceiling: ${process.env.MAX_KB} KB for the topic list: ok`);
}
JS
