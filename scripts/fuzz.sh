#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS_PER_TARGET seconds (default 600),
# one after the other, then prints a summary (target, runs, corpus size, crashes).
# Exits non-zero when any target crashed, timed out or ran out of memory; the input is
# kept under fuzz/artifacts/TARGET/ (reproduce: cargo fuzz run --fuzz-dir fuzz -s none
# TARGET FILE).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Installs cargo-fuzz when it is missing. Works on stable Rust: no sanitizer (a panic
# or an abort is what is found, not a silent memory error). The build goes to its own
# target dir: $LIASSE_FUZZ_TARGET_DIR, else $CARGO_TARGET_DIR/fuzz (CI's cache), else
# fuzz/target. The corpus grows in fuzz/corpus/TARGET; seeds are made from samples/
# into fuzz/seeds/TARGET. Neither is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"

CARGO_FUZZ_VERSION=0.13.2
ALL_TARGETS=(pdf email spreadsheet xml image)
# One input taking longer than this is a finding: every reader must stay far below it.
INPUT_TIMEOUT_S=20
RSS_LIMIT_MB=2048

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about a minute, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked -q
fi

if [ -n "${LIASSE_FUZZ_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$LIASSE_FUZZ_TARGET_DIR"
elif [ -n "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz"
else
  export CARGO_TARGET_DIR="$PWD/fuzz/target"
fi
# The pdf target reads pages through PDFium when it finds the library.
pdfium=.venv/lib/python3.11/site-packages/pypdfium2_raw/libpdfium.so
if [ -z "${LIASSE_PDFIUM_LIBRARY:-}" ] && [ -f "$pdfium" ]; then
  export LIASSE_PDFIUM_LIBRARY="$PWD/$pdfium"
fi

# Seeds: the committed samples, and page images rendered from a sample PDF.
make_seeds() {
  local seeds=fuzz/seeds
  mkdir -p "$seeds"/{pdf,email,spreadsheet,xml,image}
  find samples -name '*.pdf' -size +0 -exec cp -u {} "$seeds/pdf/" \;
  cp -u samples/demo/*.eml "$seeds/email/"
  cp -u samples/spreadsheets/*.xlsx samples/spreadsheets/*.ods samples/spreadsheets/*.csv \
    samples/spreadsheets/*.zip "$seeds/spreadsheet/"
  find samples -name '*.xml' -exec cp -u {} "$seeds/xml/" \;
  if command -v pdftoppm >/dev/null && [ -z "$(ls -A "$seeds/image")" ]; then
    local page=samples/demo/facture-2024-0042.pdf
    pdftoppm -r 12 -singlefile -png "$page" "$seeds/image/page"
    pdftoppm -r 12 -singlefile -jpeg "$page" "$seeds/image/page"
    pdftoppm -r 12 -singlefile -gray -tiff "$page" "$seeds/image/page-grey" 2>/dev/null || true
    pdftoppm -r 12 -singlefile -mono -tiff "$page" "$seeds/image/page-mono" 2>/dev/null || true
  fi
}
make_seeds

say "building the fuzz targets into $CARGO_TARGET_DIR"
started=$(date +%s)
cargo fuzz build --fuzz-dir fuzz --sanitizer none
say "built in $(( $(date +%s) - started )) s"

logs=fuzz/logs
mkdir -p "$logs"
failed=0
summary=()
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  artifacts=fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  say "fuzzing $target for $seconds s"
  status=0
  cargo fuzz run --fuzz-dir fuzz --sanitizer none "$target" "$corpus" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -timeout="$INPUT_TIMEOUT_S" -rss_limit_mb="$RSS_LIMIT_MB" \
    -print_final_stats=1 -close_fd_mask=1 >"$logs/$target.log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$target.log" | grep -o '[0-9]*$' | tail -1)
  if [ -z "$runs" ]; then
    # A run that stopped on a finding prints no final stats: its last status line has the count.
    runs=$(grep -o '^#[0-9]*' "$logs/$target.log" | tail -1 | tr -d '#')
  fi
  corpus_size=$(find "$corpus" -type f | wc -l)
  after=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  crashes=$((after - before))
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes="?"   # libFuzzer failed without leaving an input: see the log
  fi
  if [ "$status" -ne 0 ] || [ "$crashes" != 0 ]; then
    failed=1
    tail -n 40 "$logs/$target.log" >&2
  fi
  summary+=("$(printf '%-12s %12s %8s %8s' "$target" "${runs:-?}" "$corpus_size" "$crashes")")
done

printf '\n%-12s %12s %8s %8s\n' target runs corpus crashes
printf '%s\n' "${summary[@]}"
printf '(%s s per target; logs in %s, findings in fuzz/artifacts)\n' "$seconds" "$logs"
exit "$failed"
