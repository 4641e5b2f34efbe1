#!/usr/bin/env bash
# Installs what the throughput harness's baselines need, beside the project's own
# setup (run scripts/setup.sh first). Idempotent; never run by CI.
#   .venv-bench/        invoice2data (the digital-PDF baseline), in a venv of its own
#                       so its dependencies never touch the project's .venv
#   oha                 the HTTP load generator of the results-API row (cargo install)
#   pdftotext, pdftoppm, tesseract  from Debian (poppler-utils, tesseract-ocr: setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"

INVOICE2DATA_VERSION=1.0.1
OHA_VERSION=1.16.0

for tool in pdftotext pdftoppm tesseract psql; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/setup.sh first" >&2; exit 1; }
done

if ! .venv-bench/bin/python -c "import invoice2data" 2>/dev/null \
  || [ "$(.venv-bench/bin/python -c 'import importlib.metadata as m; print(m.version("invoice2data"))')" != "$INVOICE2DATA_VERSION" ]; then
  say "bench venv: invoice2data $INVOICE2DATA_VERSION into .venv-bench"
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q --upgrade pip
  .venv-bench/bin/pip install -q "invoice2data==$INVOICE2DATA_VERSION"
fi

if ! oha --version 2>/dev/null | grep -q "$OHA_VERSION"; then
  say "oha $OHA_VERSION (cargo install, a few minutes on 2 cores)"
  cargo install oha --version "$OHA_VERSION" --locked
fi
say "bench setup done"
