"""Evaluation helpers: accuracy, per-class F1, confusion matrix, calibration (ECE)."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import precision_recall_fscore_support


def confusion(y_true: list[str], y_pred: list[str], classes: list[str]) -> list[list[int]]:
    index = {c: i for i, c in enumerate(classes)}
    m = [[0] * len(classes) for _ in classes]
    for t, p in zip(y_true, y_pred):
        m[index[t]][index[p]] += 1
    return m


def confusion_text(matrix: list[list[int]], classes: list[str]) -> str:
    short = [c[:8] for c in classes]
    lines = ["true \\ pred   " + " ".join(f"{s:>8}" for s in short)]
    for c, row in zip(classes, matrix):
        lines.append(f"{c:<13}" + " ".join(f"{v:>8}" for v in row))
    return "\n".join(lines)


def per_class(y_true: list[str], y_pred: list[str], classes: list[str]) -> dict:
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=classes, zero_division=0)
    return {c: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, c in enumerate(classes)}


def reliability(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> tuple[float, list[dict]]:
    """Expected calibration error of the top-class confidence, and the reliability table."""
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (conf > lo) & (conf <= hi)
        n = int(mask.sum())
        if n == 0:
            continue
        acc, mean = float(correct[mask].mean()), float(conf[mask].mean())
        ece += n / len(conf) * abs(acc - mean)
        table.append({"bin": f"({lo:.1f},{hi:.1f}]", "n": n, "confidence": round(mean, 4), "accuracy": round(acc, 4)})
    return round(ece, 4), table


def log_loss(proba: np.ndarray, y_idx: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(proba[np.arange(len(y_idx)), y_idx], 1e-12, 1.0))))


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def summary(y_true: list[str], proba: np.ndarray, classes: list[str]) -> dict:
    y_idx = np.array([classes.index(c) for c in y_true])
    pred_idx = proba.argmax(axis=1)
    y_pred = [classes[i] for i in pred_idx]
    conf = proba.max(axis=1)
    ece, table = reliability(conf, pred_idx == y_idx)
    return {"n": len(y_true), "accuracy": round(float((pred_idx == y_idx).mean()), 4), "log_loss": round(log_loss(proba, y_idx), 4),
            "ece": ece, "reliability": table, "per_class": per_class(y_true, y_pred, classes),
            "macro_f1": round(float(np.mean([v["f1"] for v in per_class(y_true, y_pred, classes).values()])), 4),
            "confusion": confusion(y_true, y_pred, classes)}
