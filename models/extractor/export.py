"""ONNX export of the candidate scorer and the parity check against scikit-learn."""
from __future__ import annotations

import hashlib
import os

import numpy as np
import onnxruntime as ort
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType


def _patch_hist_gradient_boosting_converter() -> None:
    """skl2onnx 1.20 passes a Python `bool` (leaves) or a numpy integer (branches) as
    `nodes_missing_value_tracks_true` when it converts a HistGradientBoosting model, and
    `onnx.helper` refuses the bool ("Expected an int, got a boolean"). The converter
    calls the module-level `add_node`, so wrapping it to pass a plain `int` is enough;
    the parity check below proves the result exact."""
    from skl2onnx.common import tree_ensemble

    if getattr(tree_ensemble.add_node, "_liasse_int_missing", False):
        return
    original = tree_ensemble.add_node

    def add_node(*args, nodes_missing_value_tracks_true=0, **kwargs):
        return original(*args, nodes_missing_value_tracks_true=int(nodes_missing_value_tracks_true), **kwargs)

    add_node._liasse_int_missing = True
    tree_ensemble.add_node = add_node


def snap_thresholds_to_float32(clf) -> int:
    """ONNX Runtime compares float32 features with float32 thresholds; scikit-learn
    compares them with float64 ones. A threshold that rounds *up* to float32 sends a
    feature equal to the rounded value left in ONNX and right in scikit-learn. Replacing
    each threshold by the largest float32 not above it changes no decision on float32
    inputs (for a float32 x, x <= t exactly when x <= that float32) and makes the ONNX
    conversion exact. Returns how many thresholds moved."""
    moved = 0
    for iteration in clf._predictors:
        for predictor in iteration:
            thresholds = predictor.nodes["num_threshold"]
            snapped = thresholds.astype(np.float32)
            above = snapped.astype(np.float64) > thresholds
            snapped[above] = np.nextafter(snapped[above], np.float32(-np.inf))
            moved += int(np.count_nonzero(snapped.astype(np.float64) != thresholds))
            predictor.nodes["num_threshold"] = snapped.astype(np.float64)
    return moved


def to_onnx(clf, n_features: int, path: str) -> None:
    """`input` float32 [N, n_features] -> `label` [N], `probabilities` float32 [N, 2]."""
    _patch_hist_gradient_boosting_converter()
    snap_thresholds_to_float32(clf)
    onx = convert_sklearn(clf, initial_types=[("input", FloatTensorType([None, n_features]))],
                          options={id(clf): {"zipmap": False}}, target_opset=17)
    with open(path, "wb") as f:
        f.write(onx.SerializeToString())


def onnx_proba(path: str, x: np.ndarray, batch: int = 4096) -> np.ndarray:
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    out = [session.run(["probabilities"], {"input": x[i:i + batch].astype(np.float32)})[0] for i in range(0, len(x), batch)]
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.float32)


def verify(clf, path: str, x: np.ndarray, tol: float = 1e-5) -> dict:
    """Fails unless ONNX Runtime reproduces scikit-learn's probabilities to `tol`,
    in batches and row by row."""
    expected = clf.predict_proba(x.astype(np.float32))
    got = onnx_proba(path, x)
    single = onnx_proba(path, x[:200], batch=1)
    diff = float(max(np.abs(expected - got).max(initial=0.0), np.abs(expected[:200] - single).max(initial=0.0)))
    if diff > tol:
        raise SystemExit(f"ONNX and scikit-learn disagree: max |diff| {diff:.3g} > {tol}")
    return {"rows": int(len(x)), "max_abs_diff": diff, "tolerance": tol}


def sha256_file(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_sha256(path: str) -> str:
    digest = sha256_file(path)
    with open(path + ".sha256", "w", encoding="utf-8") as f:
        f.write(f"{digest}  {os.path.basename(path)}\n")
    return digest
