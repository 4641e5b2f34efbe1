"""Training samples from the generator's output: one text per document as the pipeline
would read it (PDF text layer or plain text), plus OCR-noised copies (simulated for a
fraction of documents, real Tesseract output for documents with scans).

Train/validation split is by template (layout family), never by document, so the
validation score measures generalisation to unseen layouts.

Besides the generator's corpus, ``build`` reads extra corpora in the same format (the field
extractor's ``extractor/forms.py`` documents: e-invoice forms, letter-style invoices and
credit notes printed in negative amounts). One relabelling applies to those: forms.py
titles some credit notes "Rechnungskorrektur", which EN 16931 uses for corrected invoices
(type 384) and the evaluation counts as invoices, so such a document is an invoice here.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ocrnoise import noisy
from textprep import normalize, ocr_text, pdf_text

TOKEN = re.compile(r"(?u)\b\w\w+\b")
CLASSES = ["invoice", "credit_note", "receipt", "contract", "email", "other"]


@dataclass
class Sample:
    doc_id: str
    cls: str
    lang: str
    kind: str
    template: str
    source: str          # pdf_layout | pdf_raw | txt | ocr_sim | ocr_real
    text: str            # normalized (the model input)
    split: str = "train"


def split_of(template: str, val_buckets: int = 2) -> str:
    """'val' for about 20 % of templates (by hash), else 'train'."""
    bucket = int(hashlib.sha256(template.encode()).hexdigest(), 16) % 10
    return "val" if bucket < val_buckets else "train"


def _stable_rng(*parts) -> random.Random:
    return random.Random(int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:16], 16))


def load_truth(gen_dir: str) -> list[dict]:
    path = os.path.join(gen_dir, "truth.jsonl")
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: generate that corpus first (make -C models data forms)")
    with open(path, encoding="utf-8") as fh:
        return [dict(json.loads(line), _dir=gen_dir) for line in fh]


def class_of(rec: dict, text: str) -> str:
    """The classifier's label of a record (see the module docstring for the one exception)."""
    if rec["class"] == "credit_note" and rec["kind"].startswith("extractor/") and "rechnungskorrektur" in text:
        return "invoice"
    return rec["class"]


def build(gen_dirs: list[str], ocr_limit: int, sim_fraction: float, workers: int) -> list[Sample]:
    """All samples of the generated corpora in ``gen_dirs`` (real OCR for the first ``ocr_limit`` scans)."""
    records = [rec for gen_dir in gen_dirs for rec in load_truth(gen_dir)]
    started = time.time()

    def primary(rec: dict) -> list[Sample]:
        rng = _stable_rng("primary", rec["id"])
        gen_dir = rec["_dir"]
        if rec.get("txt") and rng.random() < 0.5:
            with open(os.path.join(gen_dir, rec["txt"]), encoding="utf-8") as fh:
                raw, source = fh.read(), "txt"
        else:
            layout = rng.random() < 0.7
            raw, source = pdf_text(os.path.join(gen_dir, rec["pdf"]), layout=layout), "pdf_layout" if layout else "pdf_raw"
        text = normalize(raw)
        base = dict(doc_id=rec["id"], cls=class_of(rec, text), lang=rec["language"], kind=rec["kind"], template=rec["template"], split=split_of(rec["template"]))
        out = [Sample(source=source, text=text, **base)]
        if rng.random() < sim_fraction:
            out.append(Sample(source="ocr_sim", text=normalize(noisy(raw, rng, rng.uniform(0.2, 1.0))), **base))
        return out

    with ThreadPoolExecutor(max_workers=workers) as pool:
        samples = [s for group in pool.map(primary, records) for s in group]
    print(f"text layer: {len(records)} documents in {time.time() - started:.1f}s", file=sys.stderr)

    scanned = [r for r in records if r.get("scan")][:ocr_limit]
    started = time.time()

    def real_ocr(rec: dict) -> Sample:
        text = normalize(ocr_text(os.path.join(rec["_dir"], rec["scan"][0]), rotation=rec.get("scan_rotation", 0)))
        return Sample(doc_id=rec["id"], cls=class_of(rec, text), lang=rec["language"], kind=rec["kind"], template=rec["template"],
                      source="ocr_real", text=text, split=split_of(rec["template"]))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        samples += list(pool.map(real_ocr, scanned))
    print(f"tesseract: {len(scanned)} scans in {time.time() - started:.1f}s", file=sys.stderr)
    # A text without three tokens cannot be classified (the pipeline treats it as "no text").
    kept = [s for s in samples if len(TOKEN.findall(s.text)) >= 3]
    if len(kept) < len(samples):
        print(f"dropped {len(samples) - len(kept)} samples with fewer than 3 tokens", file=sys.stderr)
    return kept
