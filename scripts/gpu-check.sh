#!/usr/bin/env bash
# Runs the classifier and the field extractor on CUDA through ort, compares their
# outputs with the CPU's, and prints CPU vs GPU throughput; then the ONNX OCR models
# (pipeline.ocr.engine = onnx) on the demo pages, CPU and GPU: character error rate
# and pages/s side by side. Skips cleanly (exit 0)
# on a machine without an NVIDIA GPU. Needs the PyPI onnxruntime-gpu wheel with its
# CUDA libraries, installed here into .venv-gpu (kept apart from the CPU runtime).
#   scripts/gpu-check.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-50}"
if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU on this machine: skipped"
  exit 0
fi
nvidia-smi -L
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh >/dev/null
if [ ! -x .venv-gpu/bin/python ]; then
  python3 -m venv .venv-gpu
  .venv-gpu/bin/pip install -q --disable-pip-version-check "onnxruntime-gpu[cuda,cudnn]==1.32.0"
fi
capi=$(.venv-gpu/bin/python -c 'import onnxruntime, os; print(os.path.join(os.path.dirname(onnxruntime.__file__), "capi"))')
nvidia_libs=$(.venv-gpu/bin/python -c 'import glob, os, site; print(":".join(sorted(glob.glob(os.path.join(site.getsitepackages()[0], "nvidia", "*", "lib")))))')
cargo build -q --release -p liasse-pipelines --example model_check --example ocr_compare
bin=${CARGO_TARGET_DIR:-target}/release/examples/model_check
cpu=$(timeout 120 "$bin" cpu "$rounds")
gpu=$(LIASSE_ONNXRUNTIME_LIBRARY=$(ls "$capi"/libonnxruntime.so.* | head -1) \
      LD_LIBRARY_PATH="$capi:$nvidia_libs:${LD_LIBRARY_PATH:-}" timeout 120 "$bin" cuda "$rounds")
python3 - "$cpu" "$gpu" <<'PY'
import json, sys
cpu, gpu = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert gpu["device"] == "cuda", f"the CUDA execution provider did not register: {gpu['device']}"
def probs(report):
    return [p for ranked in report["classifier"] for _, p in sorted(ranked)]
d_cls = max(abs(a - b) for a, b in zip(probs(cpu), probs(gpu)))
d_ext = max(abs(a - b) for a, b in zip(cpu["extractor"], gpu["extractor"]))
print(f"{'model':<12} {'inputs':>7} {'CPU /s':>10} {'GPU /s':>10} {'GPU/CPU':>8} {'max |diff|':>11}")
for name, n, key, diff in [("classifier", cpu["texts"], "classifier_texts_per_s", d_cls), ("extractor", cpu["rows"], "extractor_rows_per_s", d_ext)]:
    print(f"{name:<12} {n:>7} {cpu[key]:>10.0f} {gpu[key]:>10.0f} {gpu[key] / max(cpu[key], 1):>8.2f} {diff:>11.2e}")
ok = d_cls <= 1e-4 and d_ext <= 1e-4
print("gpu-check:", "CPU and GPU agree" if ok else "CPU and GPU DISAGREE")
sys.exit(0 if ok else 1)
PY

# The OCR models: the same pages on the CPU and on the GPU (the error rates must match).
ocr=${CARGO_TARGET_DIR:-target}/release/examples/ocr_compare
OMP_THREAD_LIMIT=1 timeout 300 "$ocr"
LIASSE_OCR_DEVICE=cuda LIASSE_ONNXRUNTIME_LIBRARY=$(ls "$capi"/libonnxruntime.so.* | head -1) \
  LD_LIBRARY_PATH="$capi:$nvidia_libs:${LD_LIBRARY_PATH:-}" OMP_THREAD_LIMIT=1 timeout 300 "$ocr"
