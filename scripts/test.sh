#!/usr/bin/env bash
# Runs the whole test suite (unit, integration, end to end) on the real components:
# Postgres at 127.0.0.1:5432, s3s-fs started by the tests, Tesseract, PDFium, ONNX Runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only when cargo is not on PATH: a changed PATH makes build scripts rerun.
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
export OMP_THREAD_LIMIT=1
# The Kubernetes manifests of deploy/ against their schemas (a second, no build).
.venv/bin/python scripts/validate_manifests.py
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --locked --workspace --features failpoints --no-fail-fast "$@"
  # nextest does not run doc tests; the workspace has none (examples live in unit
  # tests), and building for them would cost a second build of the dependencies.
  if grep -rqs '^ *//[/!] *```\(rust\)\?$' --include='*.rs' core/src pipelines/src scheduler/src workers/src api/src src; then
    cargo test --locked --workspace --features failpoints --doc
  fi
else
  cargo test --locked --workspace --features failpoints --no-fail-fast "$@"
fi

# The HTTP API fuzzed from its OpenAPI document against the binary just built (about a
# minute): skipped with LIASSE_SKIP_API_FUZZ=1, and when the suite was filtered.
if [ "${LIASSE_SKIP_API_FUZZ:-0}" != 1 ] && [ $# -eq 0 ]; then
  LIASSE_BIN="${CARGO_TARGET_DIR:-target}/debug/liasse" scripts/api-fuzz.sh --max-examples 50
fi

# A short fuzz run of every format reader (fuzz/, scripts/fuzz.sh): 20 s per target
# from the samples, enough to catch a reader that panics on near-valid input; about
# 3.5 min in all on a warm cache. The fuzz build has its own target dir next to the
# main one: 600 CPU-seconds cold (11 min measured on a shared, loaded machine), a
# second warm. LIASSE_SKIP_FUZZ=1 skips it; LIASSE_FUZZ_SECONDS sets the time per
# target.
if [ "${LIASSE_SKIP_FUZZ:-0}" != 1 ]; then
  scripts/fuzz.sh "${LIASSE_FUZZ_SECONDS:-20}"
fi
