"""Checks that the ground truth of generated documents is printed on their pages.

    cd models && ../.venv/bin/python -m generator.selfcheck .cache/gen [--limit 500]

For invoices, credit notes and receipts, each of invoice_number, seller_name,
buyer_name, seller_vat_id, iban, bic, the dates and the totals must be found in the PDF's text
(``pdftotext``, whitespace and line breaks ignored; amounts in any grouping style).
Exits 1 if any check fails.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

from . import formats as F

TEXT_FIELDS = ("invoice_number", "seller_name", "buyer_name", "seller_vat_id", "iban", "bic")
AMOUNT_FIELDS = ("total_excl_vat", "total_vat", "total_incl_vat", "amount_due")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def amount_pattern(value: str) -> re.Pattern:
    """'1234.50' printed as 1234,50 / 1 234,50 / 1.234,50 / 1,234.50 / 1'234.50 / 1,234.50
    (Indian grouping too): an optional separator may sit between any two digits."""
    whole, frac = value.lstrip("-").split(".")
    sep = r"[\s.,'\u202f\u00a0]?"
    return re.compile(sep.join(whole) + r"[.,]" + frac)


def check(gen_dir: str, limit: int) -> list[str]:
    problems = []
    with open(os.path.join(gen_dir, "truth.jsonl"), encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    records = [r for r in records if r["class"] in ("invoice", "credit_note", "receipt")][:limit]
    for rec in records:
        text = subprocess.run(["pdftotext", "-raw", os.path.join(gen_dir, rec["pdf"]), "-"], capture_output=True, check=True).stdout.decode()
        flat = squash(text)
        for name in TEXT_FIELDS:
            value = rec["fields"].get(name)
            if value and squash(value) not in flat and squash(value).upper() not in flat.upper():
                problems.append(f"{rec['id']} {rec['kind']}: {name}={value!r} not printed")
        for name in ("issue_date", "due_date"):
            value = rec["fields"].get(name)
            if value:
                day = dt.date.fromisoformat(value)
                lang = rec["language"] if rec["language"] in F.MONTHS else "en"
                forms = {squash(F.fmt_date(day, style, lang)) for style in ("dmy/", "mdy/", "dmy.", "dmy.short", "dmy-", "iso", "d-mon-y", "mon_d_y", "long_mdy", "long_dmy", "long")}
                if not any(f in flat for f in forms):
                    problems.append(f"{rec['id']} {rec['kind']}: {name}={value!r} not printed")
        for name in AMOUNT_FIELDS:
            value = rec["fields"].get(name)
            if value and not amount_pattern(value).search(text):
                problems.append(f"{rec['id']} {rec['kind']}: {name}={value!r} not printed")
    print(f"checked {len(records)} documents: {len(problems)} problems", file=sys.stderr)
    return problems


if __name__ == "__main__":
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 10**9
    found = check(args[0] if args and not args[0].startswith("--") else ".cache/gen", limit)
    for line in found[:50]:
        print(line)
    sys.exit(1 if found else 0)
