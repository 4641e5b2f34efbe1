"""Document-level evaluation of the candidate scorer: per field, the best-scoring
candidate of each document is the prediction when its probability reaches the field's
threshold. A wrong prediction counts as a false positive and a false negative, as
`shared/eval/score.py` counts it; a missing one as a false negative.

This is the decision rule of the Rust decoder without its joint choice of the totals
(which only changes near ties), so the numbers are slightly pessimistic for the totals.
"""
from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score


def best_candidates(rows, proba) -> dict:
    """(doc, variant, field) -> (probability, label) of the best-scoring candidate."""
    best: dict = {}
    for (doc, variant, field, label, _value), p in zip(rows, proba):
        key = (doc, variant, field)
        if key not in best or p > best[key][0]:
            best[key] = (float(p), int(label))
    return best


def counts(best, docs, truth, field, threshold) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for d in docs:
        expected = field in truth[d["doc"]]["fields"]
        p, label = best.get((d["doc"], d["variant"], field), (0.0, 0))
        predicted = p >= threshold
        if predicted and label:
            tp += 1
        elif predicted:
            fp += 1
            fn += int(expected)
        elif expected:
            fn += 1
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def choose_threshold(best, docs, truth, field) -> float:
    """The threshold with the best F1 on these (validation) documents; 0.5 for a field
    with no example there. Among near-equal F1, the lowest (the model's probabilities
    are calibrated, so a low threshold costs little precision)."""
    support = sum(1 for d in docs if field in truth[d["doc"]]["fields"])
    if support == 0:
        return 0.5
    grid = np.round(np.arange(0.05, 0.96, 0.025), 3)
    scores = [(prf(*counts(best, docs, truth, field, t))["f1"], t) for t in grid]
    top = max(s for s, _ in scores)
    return float(min(t for s, t in scores if s >= top - 0.002))


def field_metrics(best, docs, truth, thresholds, fields) -> dict:
    out, total = {}, [0, 0, 0]
    for field in fields:
        tp, fp, fn = counts(best, docs, truth, field, thresholds[field])
        support = sum(1 for d in docs if field in truth[d["doc"]]["fields"])
        out[field] = {**prf(tp, fp, fn), "support": support}
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    out["overall"] = {**prf(*total), "documents": len(docs)}
    return out


def calibration(best, docs, truth, bins: int = 10) -> dict:
    """Reliability of the best candidate's probability (is it the right value?)."""
    ps, ok = [], []
    wanted = {(d["doc"], d["variant"]) for d in docs}
    for (doc, variant, _field), (p, label) in best.items():
        if (doc, variant) in wanted:
            ps.append(p)
            ok.append(label)
    ps, ok = np.array(ps), np.array(ok)
    table, ece = [], 0.0
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (ps > lo) & (ps <= hi) if lo > 0 else (ps >= lo) & (ps <= hi)
        if mask.sum():
            conf, acc = float(ps[mask].mean()), float(ok[mask].mean())
            ece += mask.sum() / len(ps) * abs(conf - acc)
            table.append({"bin": f"({lo:.1f},{hi:.1f}]", "n": int(mask.sum()), "confidence": round(conf, 3), "accuracy": round(acc, 3)})
    return {"ece": round(float(ece), 4), "n": int(len(ps)), "bins": table}


def auc(y, p) -> float:
    return round(float(roc_auc_score(y, p)), 5) if 0 < y.sum() < len(y) else float("nan")
