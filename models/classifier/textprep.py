"""Text as the pipeline sees it, and the preprocessing contract shared with the Rust side.

``normalize`` is THE contract: the Rust pipeline must apply exactly the same steps to a
document's text before feeding it to ``classifier.onnx`` (see MODEL_CARD.md).

Extraction helpers (pdftotext, Tesseract) cache their output under
``models/.cache/text/`` keyed by the SHA-256 of the input bytes and the options, so
reruns on the same (deterministic) training documents are fast.
"""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import tempfile
import unicodedata

MAX_CHARS = 20_000
# Unicode White_Space property (what Rust's char::is_whitespace tests).
WHITE_SPACE = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_DIGITS = str.maketrans("0123456789", "0000000000")
CACHE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".cache", "text")


def normalize(text: str) -> str:
    """The classifier's input string for a document's text.

    1. Unicode NFKC normalization;
    2. full Unicode lower-casing (Python ``str.lower`` = Rust ``str::to_lowercase``);
    3. every ASCII digit 0-9 becomes '0';
    4. every run of White_Space characters becomes one space; leading/trailing removed;
    5. the first 20,000 characters (code points) are kept.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_DIGITS)
    out = []
    pending_space = False
    for ch in text:
        if ch in WHITE_SPACE:
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        out.append(ch)
    return "".join(out)[:MAX_CHARS]


def _cached(key: str, produce) -> str:
    os.makedirs(CACHE_DIR, exist_ok=True)
    path = os.path.join(CACHE_DIR, key + ".txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    text = produce()
    tmp = path + f".{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return text


def _digest(data: bytes, *options: str) -> str:
    h = hashlib.sha256(data)
    for opt in options:
        h.update(b"\0" + opt.encode())
    return h.hexdigest()


def pdf_text(path: str, layout: bool = True) -> str:
    """``pdftotext`` of a PDF (``-layout`` or raw reading order), cached."""
    with open(path, "rb") as fh:
        data = fh.read()
    mode = "layout" if layout else "raw"

    def produce() -> str:
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [path, "-"]
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8", "replace")
    return _cached(_digest(data, "pdftotext", mode), produce)


def ocr_text(path: str, rotation: int = 0, langs: str = "eng+fra+deu") -> str:
    """Tesseract CLI OCR of an image (one thread), after undoing a known 90/180/270 turn
    (what orientation detection does in the pipeline), cached."""
    with open(path, "rb") as fh:
        data = fh.read()

    def produce() -> str:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        src = path
        tmp = None
        if rotation:
            from PIL import Image
            img = Image.open(io.BytesIO(data)).rotate(-rotation, expand=True)
            tmp = tempfile.NamedTemporaryFile(suffix=".png", delete=False)
            img.save(tmp.name)
            src = tmp.name
        try:
            out = subprocess.run(["tesseract", src, "-", "-l", langs], check=True, capture_output=True, env=env)
        finally:
            if tmp:
                os.unlink(tmp.name)
        return out.stdout.decode("utf-8", "replace")
    return _cached(_digest(data, "tesseract", langs, str(rotation)), produce)
