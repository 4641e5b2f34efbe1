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
