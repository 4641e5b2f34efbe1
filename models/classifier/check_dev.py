"""Sanity check (measuring only): runs classifier.onnx on the text of the DEV documents
whose manifest source is ``text_layer`` or ``ocr`` and prints accuracy by set.

    cd models && ../.venv/bin/python classifier/check_dev.py [--manifest ../../shared/eval/dev/manifest.jsonl]

Text: ``pdftotext -layout`` for PDFs with a text layer, the file itself for .txt, and
Tesseract CLI (eng+fra+deu, one thread, after orientation detection with ``--psm 0``)
for images and image-only PDFs (rendered with ``pdftoppm -r 300``). Nothing here feeds
back into training; do not tune thresholds on these numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import onnx_proba  # noqa: E402
from textprep import normalize, ocr_text, pdf_text  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MANIFEST = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "eval", "dev", "manifest.jsonl"))


def orientation(path: str) -> int:
    """Degrees to rotate the image clockwise... as reported by Tesseract OSD (0 if unsure)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    res = subprocess.run(["tesseract", path, "-", "--psm", "0"], capture_output=True, env=env)
    out = res.stdout.decode() + res.stderr.decode()
    rotate = re.search(r"Rotate: (\d+)", out)
    conf = re.search(r"Orientation confidence: ([\d.]+)", out)
    if rotate and conf and float(conf.group(1)) >= 1.0:
        return int(rotate.group(1))
    return 0


def image_text(path: str) -> str:
    """OCR of every page of an image file, each page turned upright first."""
    from PIL import Image, ImageSequence
    texts = []
    with Image.open(path) as img:
        for i, frame in enumerate(ImageSequence.Iterator(img)):
            with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as tmp:
                frame.convert("L").save(tmp.name, dpi=img.info.get("dpi", (300, 300)))
            try:
                angle = orientation(tmp.name)
                # OSD's "Rotate: r" means the page must be rotated r degrees clockwise; ocr_text
                # undoes a counter-clockwise turn of ``rotation`` degrees, i.e. turns it clockwise.
                texts.append(ocr_text(tmp.name, rotation=angle))
            finally:
                os.unlink(tmp.name)
    return "\n".join(texts)


def document_text(path: str, source: str) -> str:
    if path.lower().endswith(".txt"):
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    if path.lower().endswith(".pdf"):
        if source == "text_layer":
            return pdf_text(path, layout=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "300", "-png", path, os.path.join(tmp, "p")], check=True)
            return "\n".join(image_text(os.path.join(tmp, f)) for f in sorted(os.listdir(tmp)))
    return image_text(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", default=DEFAULT_MANIFEST)
    ap.add_argument("--model", default=os.path.join(HERE, "classifier.onnx"))
    ap.add_argument("--verbose", action="store_true", help="one line per document")
    args = ap.parse_args(argv)
    root = os.path.dirname(args.manifest)
    with open(args.manifest, encoding="utf-8") as fh:
        entries = [json.loads(line) for line in fh if line.strip()]
    entries = [e for e in entries if e.get("source") in ("text_layer", "ocr")]
    texts = [normalize(document_text(os.path.join(root, e["path"]), e["source"])) for e in entries]
    labels, proba = onnx_proba(args.model, texts)
    by_set: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e, label, p in zip(entries, labels, proba):
        ok = label in e.get("accept_classes", [e["expected"]["class"]])
        for key in (e["set"], f"source={e['source']}", "ALL"):
            by_set[key][0] += ok
            by_set[key][1] += 1
        if args.verbose or not ok:
            print(f"{'ok ' if ok else 'BAD'} {e['path']}: expected {e['expected']['class']}, got {label} ({p.max():.2f})")
    for key, (good, total) in sorted(by_set.items(), key=lambda kv: (kv[0] == "ALL", kv[0])):
        print(f"{key:<32} {good:>3}/{total:<3} accuracy {good / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
