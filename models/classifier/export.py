"""ONNX export of the text classifier and the parity check against scikit-learn."""
from __future__ import annotations

import hashlib
import os

import numpy as np
import onnxruntime as ort
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import StringTensorType
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

# RECIPES.md: without `locale` the session fails where en_US.UTF-8 is missing; without
# `tokenexp` accented words are tokenised ASCII-only and probabilities are silently wrong.
TOKENEXP = r"[\p{L}\p{N}_]{2,}"
OPTIONS = {TfidfVectorizer: {"locale": "C.UTF-8", "tokenexp": TOKENEXP}, LogisticRegression: {"zipmap": False}}
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}


def to_onnx(pipe: Pipeline, path: str) -> None:
    onx = convert_sklearn(pipe, name="liasse-doc-classifier", initial_types=[("input", StringTensorType([None, 1]))],
                          options=OPTIONS, target_opset=TARGET_OPSET)
    onx.doc_string = "Liasse document classifier: normalized text [N,1] -> label [N], probabilities [N,6]. See MODEL_CARD.md."
    with open(path, "wb") as fh:
        fh.write(onx.SerializeToString())


def onnx_proba(path: str, texts: list[str], batch: int = 64) -> tuple[list[str], np.ndarray]:
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    labels, probas = [], []
    for i in range(0, len(texts), batch):
        chunk = np.array([[t] for t in texts[i:i + batch]], dtype=object)
        lab, proba = sess.run(["label", "probabilities"], {"input": chunk})
        labels += [str(x) for x in lab]
        probas.append(proba)
    return labels, np.concatenate(probas) if probas else np.zeros((0, 0))


def verify(pipe: Pipeline, path: str, texts: list[str], tol: float = 1e-5) -> dict:
    """Compares ONNX Runtime and scikit-learn on ``texts`` (one by one and batched);
    raises AssertionError if any probability differs by more than ``tol``."""
    sk = pipe.predict_proba(texts)
    labels, batched = onnx_proba(path, texts)
    _, single = onnx_proba(path, texts, batch=1)
    diff = float(max(np.abs(sk - batched).max(), np.abs(sk - single).max()))
    same_label = all(a == b for a, b in zip(labels, pipe.classes_[sk.argmax(axis=1)]))
    report = {"n": len(texts), "max_abs_diff": diff, "labels_equal": same_label}
    if diff > tol or not same_label:
        raise AssertionError(f"ONNX and scikit-learn disagree: {report}")
    return report


def sha256_file(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def write_sha256(path: str) -> str:
    digest = sha256_file(path)
    with open(path + ".sha256", "w") as fh:
        fh.write(f"{digest}  {os.path.basename(path)}\n")
    return digest


# Raw texts whose normalized form and probabilities the Rust side can use as unit-test
# vectors for its preprocessing (textprep.normalize) and its ONNX Runtime call.
VECTOR_TEXTS = [
    "FACTURE N° F2024-0042\tÉchéance : 15/03/2024\nTotal TTC : 1 234,56 €",
    "Rechnung Nr. 4711 — Gesamtbetrag 99,00 EUR, fällig am 1. März 2024",
    "GUTSCHRIFT zu Rechnung 4711: Rücksendung, Betrag wird Ihrem Konto gutgeschrieben",
    "Conﬁdential Information; this Agreement shall be governed by the laws of the State of Delaware.",
    "Facture d'avoir e\u0301mise le 2 fe\u0301vrier 2024",
    "ＩＮＶＯＩＣＥ Ｎｏ．１２３   Total\u00a0TTC\u202f1\u202f234,56\u00a0€",
    "From: anna@example.org\r\nTo: bob@example.org\r\nSubject: Réunion du 5 mars\r\n\r\nBonjour Bob,",
    "KASSENBON  SUMME EUR 12,40  BAR 20,00  RÜCKGELD 7,60  MwSt 7% 0,81",
    "Straße GROẞ İstanbul ΟΔΟΣ ΟΔΟΣ.",
    "Pack my box with five dozen liquor jugs. Sphinx of black quartz, judge my vow.",
    "",
    " \n\t ",
    "Rechnung " * 2500,
]


def write_vectors(path: str, onnx_path: str, normalize) -> None:
    """Writes the test vectors: raw text, normalized text, label and probabilities."""
    import json
    normalized = [normalize(t) for t in VECTOR_TEXTS]
    labels, proba = onnx_proba(onnx_path, normalized)
    vectors = [{"raw": raw, "normalized": norm, "normalized_chars": len(norm), "label": lab, "probabilities": [round(float(p), 7) for p in row]}
               for raw, norm, lab, row in zip(VECTOR_TEXTS, normalized, labels, proba)]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"tolerance": 1e-5, "vectors": vectors}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
