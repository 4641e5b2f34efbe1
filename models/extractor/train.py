"""Trains Liasse's invoice field extractor (the candidate scorer) and exports it to ONNX.

    cd models && ../.venv/bin/python extractor/train.py \
        --data .cache/extractor/gen,.cache/extractor/forms --gen .cache/gen,.cache/extractor-gen

Input: the rows written by `pipelines/examples/extractor_features.rs` (features computed
by the Rust code that runs at inference, one row per (field, candidate) pair of each
generated invoice, credit note and receipt, labelled by whether the candidate is the
field's value). Templates are split three ways, so no layout is seen twice: `train`
fits the model, `validation` chooses each field's decision threshold and measures
calibration, `test` only reports. The script fails if ONNX Runtime and scikit-learn
disagree by more than 1e-5 on any probability.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate  # noqa: E402
import export  # noqa: E402
import modelcard  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS = dict(max_iter=250, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=1.0,
              max_bins=255, early_stopping=False, random_state=0)


def load_one(data: str):
    """Features, row metadata and the document variants read from one directory."""
    with open(os.path.join(data, "feature_names.json"), encoding="utf-8") as f:
        contract = json.load(f)
    names = contract["names"]
    x = np.fromfile(os.path.join(data, "rows.f32"), dtype="<f4").reshape(-1, len(names))
    rows = []
    with open(os.path.join(data, "rows.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            doc, variant, field, label, page, value = line.rstrip("\n").split("\t")
            rows.append((doc, variant, field, int(label), value))
    docs = []
    with open(os.path.join(data, "docs.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            doc, variant, template, cls, language, source, n_rows = line.rstrip("\n").split("\t")
            docs.append(dict(doc=doc, variant=variant, template=template, cls=cls, language=language, source=source))
    if len(rows) != x.shape[0]:
        raise SystemExit(f"{data}: rows.tsv has {len(rows)} rows but rows.f32 {x.shape[0]}")
    return contract, x, rows, docs


def load(dirs: list[str]):
    """All directories' rows; they must share one feature contract."""
    parts = [load_one(d) for d in dirs]
    contract = parts[0][0]
    if any(p[0] != contract for p in parts):
        raise SystemExit("the data directories were written with different feature sets: rebuild them")
    return contract, np.concatenate([p[1] for p in parts]), sum((p[2] for p in parts), []), sum((p[3] for p in parts), [])


def split_templates(docs: list[dict], seed: int) -> dict[str, str]:
    """Template -> train / validation / test (65 / 15 / 20 % of templates)."""
    templates = sorted({d["template"] for d in docs})
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(templates))
    n_val, n_test = round(0.15 * len(templates)), round(0.20 * len(templates))
    split = {}
    for rank, idx in enumerate(order):
        split[templates[idx]] = "validation" if rank < n_val else "test" if rank < n_val + n_test else "train"
    return split


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=".cache/extractor/gen,.cache/extractor/forms", help="feature directories, comma-separated")
    ap.add_argument("--gen", default=".cache/gen,.cache/extractor-gen", help="generator outputs (truth.jsonl), comma-separated")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.time()
    contract, x, rows, docs = load(args.data.split(","))
    truth = {}
    for gen in args.gen.split(","):
        with open(os.path.join(gen, "truth.jsonl"), encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                truth[record["id"]] = record
    split = split_templates(docs, args.seed)
    template_of = {d["doc"]: d["template"] for d in docs}
    part = np.array([split[template_of[r[0]]] for r in rows])
    y = np.array([r[3] for r in rows], dtype=np.int64)
    print(f"{x.shape[0]} rows x {x.shape[1]} features, {y.sum()} positive; "
          f"{sum(1 for d in docs)} document variants, {len(split)} templates", flush=True)

    train = part == "train"
    clf = HistGradientBoostingClassifier(**PARAMS)
    clf.fit(x[train], y[train])
    print(f"trained in {time.time() - started:.0f} s", flush=True)

    proba = clf.predict_proba(x)[:, 1]
    field_names = [n[len("field_"):] for n in contract["names"] if n.startswith("field_")]
    by_part = {p: [d for d in docs if split[d["template"]] == p] for p in ("train", "validation", "test")}
    best = evaluate.best_candidates(rows, proba)
    thresholds = {f: evaluate.choose_threshold(best, by_part["validation"], truth, f) for f in field_names}
    report = {p: evaluate.field_metrics(best, by_part[p], truth, thresholds, field_names) for p in ("validation", "test")}
    report["test_by_source"] = {
        source: evaluate.field_metrics(best, [d for d in by_part["test"] if d["source"] == source], truth, thresholds, field_names)["overall"]
        for source in sorted({d["source"] for d in by_part["test"]})
    }
    report["test_by_language"] = {
        language: evaluate.field_metrics(best, [d for d in by_part["test"] if d["language"] == language], truth, thresholds, field_names)["overall"]
        for language in sorted({d["language"] for d in by_part["test"]})
    }
    report["calibration_validation"] = evaluate.calibration(best, by_part["validation"], truth)
    report["row_auc_test"] = evaluate.auc(y[part == "test"], proba[part == "test"])

    onnx_path = os.path.join(args.out, "extractor.onnx")
    export.to_onnx(clf, x.shape[1], onnx_path)
    parity = export.verify(clf, onnx_path, x[part == "test"][:20000])
    digest = export.write_sha256(onnx_path)
    features_json = {"version": contract["version"], "names": contract["names"], "fields": field_names,
                     "thresholds": {f: round(float(t), 4) for f, t in thresholds.items()}}
    with open(os.path.join(args.out, "features.json"), "w", encoding="utf-8") as f:
        json.dump(features_json, f, indent=1, ensure_ascii=False)
        f.write("\n")
    counts = defaultdict(int)
    for d in docs:
        counts[(split[d["template"]], d["variant"])] += 1
    info = {
        "params": PARAMS, "n_rows": int(x.shape[0]), "n_features": int(x.shape[1]), "n_positive": int(y.sum()),
        "templates": {p: sum(1 for t in split.values() if t == p) for p in ("train", "validation", "test")},
        "variants": {f"{p}/{v}": n for (p, v), n in sorted(counts.items())},
        "parity": parity, "sha256": digest, "size_bytes": os.path.getsize(onnx_path),
        "feature_version": contract["version"], "seconds": round(time.time() - started, 1),
    }
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump({"info": info, "thresholds": features_json["thresholds"], **report}, f, indent=1, sort_keys=True)
        f.write("\n")
    modelcard.write(os.path.join(args.out, "MODEL_CARD.md"), info, report, features_json["thresholds"])
    print(f"test: micro-F1 {report['test']['overall']['f1']:.4f}; validation {report['validation']['overall']['f1']:.4f}; "
          f"parity max |diff| {parity['max_abs_diff']:.2e}; {time.time() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
