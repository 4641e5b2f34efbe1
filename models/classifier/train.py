"""Trains Liasse's document classifier on the synthetic corpus and exports it to ONNX.

    cd models && ../.venv/bin/python classifier/train.py --gen .cache/gen --extra-gen .cache/extractor-gen

Pipeline: TF-IDF over word 1-2-grams of the normalized text (textprep.normalize) ->
multinomial logistic regression, with temperature scaling folded into the weights.
C and the temperature come from grouped cross-validation on the training templates;
the validation templates are only used for the final report. The script fails if
ONNX Runtime and scikit-learn disagree by more than 1e-5 on any probability.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataset  # noqa: E402
import export  # noqa: E402
import metrics  # noqa: E402
import modelcard  # noqa: E402
from textprep import normalize  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def make_pipeline(c: float, max_features: int) -> Pipeline:
    vec = TfidfVectorizer(lowercase=True, token_pattern=r"(?u)\b\w\w+\b", ngram_range=(1, 2), min_df=2, max_df=1.0,
                          max_features=max_features, binary=True)
    return Pipeline([("tfidf", vec), ("clf", LogisticRegression(C=c, max_iter=3000))])


def fit_temperature(logits: np.ndarray, y_idx: np.ndarray) -> float:
    """The temperature T minimising the NLL of softmax(logits / T)."""
    res = minimize_scalar(lambda t: metrics.log_loss(metrics.softmax(logits / t), y_idx), bounds=(0.05, 20.0), method="bounded")
    return float(res.x)


def cross_validate(texts, y, groups, grid, max_features) -> tuple[float, np.ndarray, dict]:
    """Grouped 3-fold CV over the C grid; returns best C, its out-of-fold logits, scores."""
    classes = sorted(set(y))
    y_idx = np.array([classes.index(v) for v in y])
    scores, oof_best, best = {}, None, None
    for c in grid:
        oof = np.zeros((len(y), len(classes)))
        for tr, te in GroupKFold(n_splits=3).split(texts, y, groups):
            pipe = make_pipeline(c, max_features).fit([texts[i] for i in tr], [y[i] for i in tr])
            oof[te] = pipe.decision_function([texts[i] for i in te])
        loss = metrics.log_loss(metrics.softmax(oof), y_idx)
        scores[c] = {"oof_log_loss": round(loss, 4), "oof_accuracy": round(float((oof.argmax(1) == y_idx).mean()), 4)}
        print(f"  C={c}: {scores[c]}", file=sys.stderr)
        if best is None or loss < scores[best]["oof_log_loss"]:
            best, oof_best = c, oof
    return best, oof_best, scores


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gen", default=".cache/gen", help="generator output (truth.jsonl, pdf/, txt/, scan/)")
    ap.add_argument("--extra-gen", default="", help="comma-separated extra corpora in the generator's format (extractor/forms.py output)")
    ap.add_argument("--out", default=HERE, help="where classifier.onnx and its companions are written")
    ap.add_argument("--ocr-limit", type=int, default=250, help="scans OCR'd with real Tesseract (first page each)")
    ap.add_argument("--sim-fraction", type=float, default=0.35, help="fraction of documents with an extra simulated-OCR copy")
    ap.add_argument("--max-features", type=int, default=60000)
    ap.add_argument("--grid", default="64,256,1024", help="values of C tried in grouped cross-validation")
    ap.add_argument("--min-temperature", type=float, default=1.0,
                    help="floor of the fitted temperature: the synthetic data are easier than real documents, so never sharpen")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    t0 = time.time()

    gen_dirs = [args.gen] + [d for d in args.extra_gen.split(",") if d]
    samples = dataset.build(gen_dirs, args.ocr_limit, args.sim_fraction, args.workers)
    train = [s for s in samples if s.split == "train"]
    val = [s for s in samples if s.split == "val"]
    overlap = {s.template for s in train} & {s.template for s in val}
    assert not overlap, f"templates in both splits: {sorted(overlap)[:5]}"
    print(f"samples: {len(train)} train, {len(val)} val; by class {dict(Counter(s.cls for s in samples))}", file=sys.stderr)

    texts, y, groups = [s.text for s in train], [s.cls for s in train], [s.template for s in train]
    grid = [float(c) for c in args.grid.split(",")]
    best_c, oof, cv_scores = cross_validate(texts, y, groups, grid, args.max_features)
    classes = sorted(set(y))
    y_idx = np.array([classes.index(v) for v in y])
    fitted_t = fit_temperature(oof, y_idx)
    temperature = max(fitted_t, args.min_temperature)
    print(f"best C={best_c}, fitted temperature={fitted_t:.3f}, used {temperature:.3f}", file=sys.stderr)

    pipe = make_pipeline(best_c, args.max_features).fit(texts, y)
    val_texts, val_y = [s.text for s in val], [s.cls for s in val]
    raw_val = metrics.summary(val_y, pipe.predict_proba(val_texts), list(pipe.classes_))
    logits = pipe.decision_function(val_texts)
    fitted_val = metrics.summary(val_y, metrics.softmax(logits / fitted_t), list(pipe.classes_))
    clf = pipe.named_steps["clf"]
    clf.coef_ = clf.coef_ / temperature
    clf.intercept_ = clf.intercept_ / temperature
    proba = pipe.predict_proba(val_texts)
    labels = list(pipe.classes_)
    report = {"overall": metrics.summary(val_y, proba, labels), "uncalibrated": {k: raw_val[k] for k in ("accuracy", "log_loss", "ece")},
              "fitted_temperature": {k: fitted_val[k] for k in ("accuracy", "log_loss", "ece")}}
    for key, attr in (("by_source", "source"), ("by_language", "lang")):
        report[key] = {}
        for value in sorted({getattr(s, attr) for s in val}):
            idx = [i for i, s in enumerate(val) if getattr(s, attr) == value]
            sub = metrics.summary([val_y[i] for i in idx], proba[idx], labels)
            report[key][value] = {k: sub[k] for k in ("n", "accuracy", "macro_f1", "ece")}
    pred = [labels[i] for i in proba.argmax(1)]
    # Accuracy by document family (the generator's kind without its language: invoice/structured, credit_note, extractor/form...).
    report["by_kind"] = {}
    for kind in sorted({s.kind for s in val}):
        idx = [i for i, s in enumerate(val) if s.kind == kind]
        report["by_kind"][kind] = {"n": len(idx), "accuracy": round(sum(pred[i] == val_y[i] for i in idx) / len(idx), 4)}
    report["errors"] = [{"doc": s.doc_id, "kind": s.kind, "source": s.source, "pred": p, "confidence": round(float(proba[i].max()), 3)}
                        for i, (s, p) in enumerate(zip(val, pred)) if p != s.cls][:40]

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "classifier.onnx")
    export.to_onnx(pipe, onnx_path)
    accented = [t for s, t in zip(val, val_texts) if s.lang in ("fr", "de", "pl")][:300]
    raw_forms = ["FACTURE N° F2024-0042 — ÉCHÉANCE : 15 MARS 2024, TOTAL TTC 1 234,56 €", "GUTSCHRIFT Nr. 17 über Rücksendung, Gesamtbetrag 99,00 EUR, fällig",
                 "Reçu de paiement — Hôtel Élysée, chambre 12, séjour du 3 au 5 août", "Mietvertrag zwischen der Müller GmbH und Frau Jürgens, Kündigungsfrist drei Monate",
                 "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich", "Łódź, ul. Żeromskiego 5 — Faktura VAT nr 12/2024, do zapłaty 1 230,00 zł", "", "!!!"]
    parity = export.verify(pipe, onnx_path, val_texts + accented + [normalize(t) for t in raw_forms])
    parity_raw = export.verify(pipe, onnx_path, raw_forms)
    print(f"ONNX parity: {parity}; raw (not normalized) text: {parity_raw}", file=sys.stderr)
    digest = export.write_sha256(onnx_path)
    export.write_vectors(os.path.join(args.out, "contract_vectors.json"), onnx_path, normalize)
    empty_label, empty_proba = export.onnx_proba(onnx_path, [""])
    with open(os.path.join(args.out, "labels.json"), "w") as fh:
        json.dump(labels, fh)
        fh.write("\n")
    info = {"best_C": best_c, "temperature": round(temperature, 4), "fitted_temperature": round(fitted_t, 4), "cv": cv_scores, "max_features": args.max_features,
            "vocabulary": len(pipe.named_steps["tfidf"].vocabulary_), "n_train": len(train), "n_val": len(val),
            "train_templates": len({s.template for s in train}), "val_templates": len({s.template for s in val}),
            "train_by_class": dict(Counter(y)), "train_by_source": dict(Counter(s.source for s in train)),
            "val_by_class": dict(Counter(val_y)), "onnx_bytes": os.path.getsize(onnx_path), "sha256": digest, "parity": parity,
            "parity_raw_text": parity_raw, "labels": labels, "empty_label": empty_label[0],
            "empty_confidence": round(float(empty_proba[0].max()), 3), "seconds": round(time.time() - t0, 1)}
    with open(os.path.join(args.out, "metrics.json"), "w") as fh:
        json.dump({"training": info, "validation": report}, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    modelcard.write(os.path.join(args.out, "MODEL_CARD.md"), info, report)
    o = report["overall"]
    print(f"validation: accuracy={o['accuracy']} macro_f1={o['macro_f1']} ece={o['ece']} (uncalibrated ece={raw_val['ece']}) "
          f"n={o['n']}; onnx {info['onnx_bytes'] / 1e6:.1f} MB; {info['seconds']}s", file=sys.stderr)
    print(metrics.confusion_text(o["confusion"], labels), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
