"""Training samples from the generator's output: one text per document as the pipeline
would read it (PDF text layer or plain text), plus OCR-noised copies (simulated for a
fraction of documents, real Tesseract output for documents with scans).

Train/validation split is by template (layout family), never by document, so the
validation score measures generalisation to unseen layouts.
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
    with open(os.path.join(gen_dir, "truth.jsonl"), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def build(gen_dir: str, ocr_limit: int, sim_fraction: float, workers: int) -> list[Sample]:
    """All samples of the generated corpus in ``gen_dir``."""
    records = load_truth(gen_dir)
    started = time.time()

    def primary(rec: dict) -> list[Sample]:
        rng = _stable_rng("primary", rec["id"])
        base = dict(doc_id=rec["id"], cls=rec["class"], lang=rec["language"], kind=rec["kind"], template=rec["template"], split=split_of(rec["template"]))
        if rec.get("txt") and rng.random() < 0.5:
            with open(os.path.join(gen_dir, rec["txt"]), encoding="utf-8") as fh:
                raw, source = fh.read(), "txt"
        else:
            layout = rng.random() < 0.7
            raw, source = pdf_text(os.path.join(gen_dir, rec["pdf"]), layout=layout), "pdf_layout" if layout else "pdf_raw"
        out = [Sample(source=source, text=normalize(raw), **base)]
        if rng.random() < sim_fraction:
            out.append(Sample(source="ocr_sim", text=normalize(noisy(raw, rng, rng.uniform(0.2, 1.0))), **base))
        return out

    with ThreadPoolExecutor(max_workers=workers) as pool:
        samples = [s for group in pool.map(primary, records) for s in group]
    print(f"text layer: {len(records)} documents in {time.time() - started:.1f}s", file=sys.stderr)

    scanned = [r for r in records if r.get("scan")][:ocr_limit]
    started = time.time()

    def real_ocr(rec: dict) -> Sample:
        text = ocr_text(os.path.join(gen_dir, rec["scan"][0]), rotation=rec.get("scan_rotation", 0))
        return Sample(doc_id=rec["id"], cls=rec["class"], lang=rec["language"], kind=rec["kind"], template=rec["template"],
                      source="ocr_real", text=normalize(text), split=split_of(rec["template"]))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        samples += list(pool.map(real_ocr, scanned))
    print(f"tesseract: {len(scanned)} scans in {time.time() - started:.1f}s", file=sys.stderr)
    # A text without three tokens cannot be classified (the pipeline treats it as "no text").
    kept = [s for s in samples if len(TOKEN.findall(s.text)) >= 3]
    if len(kept) < len(samples):
        print(f"dropped {len(samples) - len(kept)} samples with fewer than 3 tokens", file=sys.stderr)
    return kept
