"""Scans: renders a PDF page with PDFium and degrades it like a scanner or a phone would
(slight skew, blur, noise, JPEG artefacts, contrast, occasionally a 90/180/270 turn).
"""
from __future__ import annotations

import io
import random

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageEnhance, ImageFilter


def degrade(img: Image.Image, rng: random.Random, rotation: int) -> Image.Image:
    """A degraded grayscale copy of ``img``; ``rotation`` is a multiple of 90 degrees."""
    nprng = np.random.default_rng(rng.getrandbits(32))
    img = img.convert("L")
    if rng.random() < 0.25:   # low-resolution capture, scaled back up
        w, h = img.size
        f = rng.uniform(0.55, 0.8)
        img = img.resize((int(w * f), int(h * f)), Image.BILINEAR).resize((w, h), Image.BILINEAR)
    skew = rng.uniform(-2.0, 2.0) if rng.random() < 0.8 else 0.0
    if skew:
        img = img.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if rng.random() < 0.7:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.3)))
    img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.75, 1.3))
    img = ImageEnhance.Brightness(img).enhance(rng.uniform(0.85, 1.1))
    arr = np.asarray(img, dtype=np.float32)
    paper = rng.uniform(225, 255)
    arr = arr * (paper / 255.0)
    sigma = rng.uniform(0, 14)
    if sigma > 1:
        arr = arr + nprng.standard_normal(arr.shape, dtype=np.float32) * np.float32(sigma)
    if rng.random() < 0.3:   # dust and specks
        mask = nprng.random(arr.shape) < rng.uniform(0.0005, 0.003)
        arr[mask] = nprng.choice([0.0, 255.0], size=int(mask.sum()))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    if rng.random() < 0.6:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(25, 85))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    if rotation:
        img = img.rotate(rotation, expand=True)
    return img


def make_scans(pdf_path: str, out_prefix: str, rng: random.Random, max_pages: int = 2) -> tuple[list[str], int, int]:
    """Writes ``{out_prefix}-p{n}.png`` for the first pages; returns (paths, dpi, rotation)."""
    dpi = rng.choice([200, 200, 240, 300])
    r = rng.random()
    rotation = 0 if r < 0.94 else rng.choice([90, 180, 270])
    doc = pdfium.PdfDocument(pdf_path)
    paths = []
    try:
        for i in range(min(len(doc), max_pages)):
            bitmap = doc[i].render(scale=dpi / 72, grayscale=True)
            img = degrade(bitmap.to_pil(), rng, rotation)
            path = f"{out_prefix}-p{i + 1}.png"
            img.save(path, "PNG", dpi=(dpi, dpi), compress_level=3)
            paths.append(path)
    finally:
        doc.close()
    return paths, dpi, rotation
