"""Command line: ``python -m generator --count 2000 --out .cache/gen`` (run from models/).

Writes ``pdf/<id>.pdf``, ``txt/<id>.txt`` for documents that also exist as text,
``scan/<id>-p<n>.png`` for a fraction of documents, and ``truth.jsonl``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from multiprocessing import Pool

from .common import doc_rng, tpl_rng, weighted
from .contracts import contract
from .emails import email
from .invoices import commercial
from .invoices_online import billing_invoice, retail_invoice
from .invoices_structured import structured, structured_other, wholesale
from .others import other
from .receipts import receipt
from .render import render_pdf

INVOICE_LANGS = {"fr": 26, "en": 22, "de": 22, "nl": 9, "es": 5, "it": 5, "pl": 6}
CLASS_MIX = {"invoice": 28, "credit_note": 13, "receipt": 13, "contract": 12, "email": 10, "other": 24}
# Invoice kinds by language (commercial layouts, online shops, service bills, structured e-invoice
# print-outs, wholesale/EDI print-outs), and credit-note kinds.
INVOICE_KINDS = {
    "en": {"invoice": 45, "invoice/us": 15, "invoice/gst": 14, "invoice/retail": 9, "invoice/billing": 7, "invoice/structured": 5, "invoice/wholesale": 5},
    "fr": {"invoice": 66, "invoice/retail": 13, "invoice/billing": 9, "invoice/structured": 5, "invoice/wholesale": 7},
    "de": {"invoice": 52, "invoice/retail": 10, "invoice/billing": 8, "invoice/structured": 18, "invoice/wholesale": 12},
    "nl": {"invoice": 76, "invoice/retail": 14, "invoice/wholesale": 10},
}
CREDIT_KINDS = {"de": {"commercial": 76, "structured": 16, "wholesale": 8}, "fr": {"commercial": 87, "structured": 8, "wholesale": 5},
                "en": {"commercial": 88, "structured": 8, "wholesale": 4}, "nl": {"commercial": 94, "wholesale": 6}}
RECEIPT_SUBS = {"till": 28, "restaurant": 16, "taxi": 8, "fuel": 8, "parking": 6, "card": 6, "hotel": 16, "online": 12}
CONTRACT = {("en", "nda"): 30, ("en", "services"): 10, ("en", "lease"): 7, ("en", "employment"): 10,
            ("fr", "nda"): 6, ("fr", "services"): 6, ("fr", "lease"): 5, ("fr", "employment"): 5,
            ("de", "nda"): 6, ("de", "services"): 5, ("de", "lease"): 5, ("de", "employment"): 5}
OTHER_SUBS = {"quote": 12, "purchase_order": 8, "delivery_note": 7, "order_confirmation": 6, "letter": 10, "article": 12, "story": 10, "ocr_test": 9,
              "form": 5, "price_list": 5, "bank_statement": 6, "payslip": 4, "minutes": 4, "menu": 3, "garbage": 3, "structured": 5}
PROSE_LANGS = {"en": 45, "fr": 30, "de": 25}


def make_doc(rng: random.Random):
    """Draws the class, kind and language, then generates the document."""
    cls = weighted(rng, CLASS_MIX)
    if cls == "invoice":
        lang = weighted(rng, INVOICE_LANGS)
        kind = weighted(rng, INVOICE_KINDS[lang]) if lang in INVOICE_KINDS else "invoice"
        if kind == "invoice/structured":
            return structured(rng, lang, "invoice")
        if kind == "invoice/wholesale":
            return wholesale(rng, lang, "invoice")
        if kind == "invoice/retail":
            return retail_invoice(rng, lang)
        if kind == "invoice/billing":
            return billing_invoice(rng, lang)
        return commercial(rng, lang, kind)
    if cls == "credit_note":
        lang = weighted(rng, INVOICE_LANGS)
        family = weighted(rng, CREDIT_KINDS[lang]) if lang in CREDIT_KINDS else "commercial"
        if family == "structured":
            return structured(rng, lang, "credit_note")
        if family == "wholesale":
            return wholesale(rng, lang, "credit_note")
        return commercial(rng, lang, "credit_note")
    if cls == "receipt":
        return receipt(rng, weighted(rng, {"fr": 33, "en": 37, "de": 30}), weighted(rng, RECEIPT_SUBS))
    if cls == "contract":
        lang, sub = weighted(rng, CONTRACT)
        return contract(rng, lang, sub)
    if cls == "email":
        return email(rng, weighted(rng, PROSE_LANGS))
    sub = weighted(rng, OTHER_SUBS)
    if sub == "structured":
        return structured_other(rng, weighted(rng, {"de": 60, "en": 20, "fr": 20}))
    if sub in ("quote", "purchase_order", "delivery_note", "order_confirmation"):
        return commercial(rng, weighted(rng, INVOICE_LANGS), f"other/{sub}")
    lang = "en" if sub == "ocr_test" and rng.random() < 0.6 else weighted(rng, PROSE_LANGS)
    return other(rng, lang, sub)


def generate_one(job: tuple[int, int, str, float, int]) -> dict:
    """Generates document ``index`` and writes its files; returns its truth record."""
    seed, index, out, scan_fraction, max_pages = job
    rng = doc_rng(seed, index)
    doc = make_doc(rng)
    doc_id = f"s{seed}-{index:05d}"
    pdf = os.path.join("pdf", f"{doc_id}.pdf")
    render_pdf(doc.spec, os.path.join(out, pdf), tpl_rng(doc.template, "theme"))
    record = {"id": doc_id, "class": doc.cls, "kind": doc.kind, "language": doc.language, "template": doc.template,
              "fields": doc.fields, **doc.extra, "pdf": pdf, "txt": None, "scan": None}
    if doc.text is not None:
        record["txt"] = os.path.join("txt", f"{doc_id}.txt")
        with open(os.path.join(out, record["txt"]), "w", encoding="utf-8") as fh:
            fh.write(doc.text)
    scan_rng = random.Random(f"scan/{seed}/{index}")
    if scan_rng.random() < scan_fraction:
        from .scan import make_scans
        paths, dpi, rotation = make_scans(os.path.join(out, pdf), os.path.join(out, "scan", doc_id), scan_rng, max_pages)
        record.update(scan=[os.path.relpath(p, out) for p in paths], scan_dpi=dpi, scan_rotation=rotation)
    return record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    ap.add_argument("--count", type=int, default=2000, help="number of documents")
    ap.add_argument("--seed", type=int, default=1, help="global seed; documents are seeded by (seed, index)")
    ap.add_argument("--start", type=int, default=0, help="first document index")
    ap.add_argument("--out", default=".cache/gen", help="output directory")
    ap.add_argument("--scan-fraction", type=float, default=0.12, help="fraction of documents that also get a scan image")
    ap.add_argument("--max-scan-pages", type=int, default=2)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    for sub in ("pdf", "txt", "scan"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    jobs = [(args.seed, i, args.out, args.scan_fraction, args.max_scan_pages) for i in range(args.start, args.start + args.count)]
    started = time.time()
    if args.workers > 1:
        with Pool(args.workers) as pool:
            records = pool.map(generate_one, jobs, chunksize=8)
    else:
        records = [generate_one(j) for j in jobs]
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for rec in records:
        counts[rec["class"]] = counts.get(rec["class"], 0) + 1
    scans = sum(1 for r in records if r["scan"])
    print(f"generated {len(records)} documents ({scans} with scans) in {time.time() - started:.1f}s: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
