#!/usr/bin/env python3
"""Regenerate Liasse's demo batch in place: samples/demo, samples/malformed,
samples/expected.json and samples/README.md.

    .venv/bin/python samples/generate.py

The output is byte-for-byte reproducible: fixed dates, a fixed random seed, reportlab
in invariant mode and a frozen clock for factur-x. Every document is invented
(see gen/data.py); the ground truth in expected.json comes from the same objects
that drew the documents.
"""
from __future__ import annotations

import sys

sys.dont_write_bytecode = True                 # keep samples/ free of __pycache__

import reportlab.rl_config                     # noqa: E402

reportlab.rl_config.invariant = 1              # must precede reportlab.lib.pdfencrypt

import hashlib                                 # noqa: E402
import json                                    # noqa: E402
from pathlib import Path                       # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import facturx                                 # noqa: E402

from gen import data, malformed                # noqa: E402
from gen.cii import build_cii                  # noqa: E402
from gen.expected import email_entry, invoice_entry  # noqa: E402
from gen.packaging import build_email, build_facturx  # noqa: E402
from gen.pdf import render_pdf                 # noqa: E402
from gen.ubl import build_ubl                  # noqa: E402

LICENCE = "CC0-1.0"


def digital_invoice(inv, filename: str) -> tuple[bytes, dict]:
    """Plain text-layer PDF (invoice or credit note)."""
    return render_pdf(inv), invoice_entry(inv, filename=filename, source="text_layer",
                                          language=inv.language)


def facturx_invoice(inv, filename: str) -> tuple[bytes, dict]:
    pdf, _xml = build_facturx(inv)
    return pdf, invoice_entry(inv, filename=filename, source="embedded_xml",
                              language=inv.language)


def ubl_invoice(inv, filename: str) -> tuple[bytes, dict]:
    xml = build_ubl(inv)
    facturx.xml_check_xsd(xml, flavor="ubl-2.1-invoice")
    return xml, invoice_entry(inv, filename=filename, source="xml", language=None)


def cii_invoice(inv, filename: str) -> tuple[bytes, dict]:
    xml = build_cii(inv)
    facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    return xml, invoice_entry(inv, filename=filename, source="xml", language=None)


def email_with_invoice(filename: str) -> tuple[bytes, dict]:
    meta = data.EMAIL
    pdf, child = digital_invoice(data.FA_0311, meta["attachment"])
    return build_email(meta, data.FA_0311, pdf), email_entry(
        meta, filename=filename, attachment_size=len(pdf), child=child)


DEMO = [
    ("facture-2024-0042.pdf", lambda n: digital_invoice(data.FA_0042, n),
     "French invoice, one VAT rate (20 %), numeric dates, SIRET printed with spaces"),
    ("facture-2024-0043.pdf", lambda n: digital_invoice(data.FA_0043, n),
     "French invoice, three VAT rates (20 %, 10 %, 5,5 %), long dates, deposit deducted"),
    ("invoice-INV-7781.pdf", lambda n: digital_invoice(data.INV_7781, n),
     "English invoice from a French company, English number format (€6,828.00)"),
    ("avoir-2024-0007.pdf", lambda n: digital_invoice(data.AV_0007, n),
     "French credit note (type 381) on invoice FA-2024-0042"),
    ("facturx-2024-0050.pdf", lambda n: facturx_invoice(data.FX_0050, n),
     "Factur-X EN 16931: visible page plus embedded factur-x.xml (CII), same data"),
    ("ubl-INV-2024-118.xml", lambda n: ubl_invoice(data.UBL_118, n),
     "UBL 2.1 invoice, EN 16931 / Peppol BIS Billing 3.0 shape"),
    ("cii-FA-2024-0200.xml", lambda n: cii_invoice(data.CII_0200, n),
     "Stand-alone CII D16B invoice (EN 16931 guideline)"),
    ("email-facture-fournisseur.eml", email_with_invoice,
     "French multipart/mixed e-mail carrying invoice FA-2024-0311 as a PDF attachment"),
]


def sha256(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def write_dir(folder: Path, files: dict[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files``."""
    folder.mkdir(exist_ok=True)
    for stale in folder.iterdir():
        if stale.name not in files:
            stale.unlink()
    for name, blob in files.items():
        (folder / name).write_bytes(blob)


def readme(demo_rows, malformed_rows) -> str:
    def table(rows):
        out = ["| file | bytes | what it is |", "|---|---:|---|"]
        out += [f"| `{path}` | {size} | {what} |" for path, size, what in rows]
        return "\n".join(out)

    return f"""# Liasse demo batch

Invented documents for demos, the quick start and the project's own tests. Every company,
person, address, identifier and bank account is fictitious, but the identifiers are
well-formed: SIREN and SIRET pass the Luhn test, the French VAT numbers carry the key
`(12 + 3 × (SIREN mod 97)) mod 97`, IBANs have correct mod-97 check digits (and RIB keys),
BICs have 8 or 11 characters, phone numbers come from the ARCEP ranges reserved for fiction
and e-mail domains end in `.example`.

## Licence

These files are generated by the Liasse project and are released under
**{LICENCE}** (Creative Commons Zero v1.0 Universal, public-domain dedication). This covers
`demo/`, `malformed/`, `expected.json`, this README and the generator (`generate.py`, `gen/`).

## Regenerating

```
.venv/bin/python samples/generate.py
```

The generator rewrites `demo/`, `malformed/`, `expected.json` and this README in place.
It needs `reportlab` and `factur-x` (both in the project venv) and nothing from the network.
The output is byte-for-byte reproducible with the same library versions: all dates are fixed,
`garbage.pdf` uses a fixed seed ({malformed.GARBAGE_SEED}), reportlab runs with `invariant=1`
(no timestamps or random document ids) and the factur-x clock is pinned to the invoice date.
`expected.json` records the SHA-256 of every file.

Code layout: `gen/model.py` (data classes, check digits, French formatting, decimal
arithmetic), `gen/data.py` (the companies and documents: the single source of truth),
`gen/pdf.py` (A4 layout), `gen/cii.py` and `gen/ubl.py` (XML), `gen/packaging.py`
(Factur-X and e-mail), `gen/malformed.py`, `gen/expected.py`.

## demo/

{table(demo_rows)}

The generator checks the CII and UBL files (and the XML embedded in the Factur-X PDF)
against the XSDs shipped with `factur-x`. The Factur-X PDF uses the standard PDF fonts
without embedding them and has no OutputIntent, so it is not a strictly conforming PDF/A-3
file; its XML, attachment name (`factur-x.xml`), `/AF` relationship and XMP metadata
follow Factur-X 1.0.

## malformed/

{table(malformed_rows)}

## expected.json

Ground truth for every file in `demo/` (and, under `children`, the PDF attached to the
e-mail), in the field names and value formats of `shared/RESULT_SCHEMA.md`: dates
`YYYY-MM-DD`, e-mail date RFC 3339, amounts `"1234.56"`, identifiers without spaces,
`class`, `language` (`null` for XML), `source`, `vat_breakdown` and `line_items`. A field
the document does not carry is absent. `malformed` lists the broken inputs with their
sizes and hashes.
"""


def main() -> None:
    demo_files, documents, demo_rows = {}, [], []
    for name, build, what in DEMO:
        blob, entry = build(name)
        demo_files[name] = blob
        entry = {"path": f"demo/{name}", **entry, "size": len(blob), "sha256": sha256(blob)}
        documents.append(entry)
        demo_rows.append((f"demo/{name}", len(blob), what))

    bad_files = malformed.build_all(demo_files["facture-2024-0042.pdf"], data.FA_0043)
    bad_rows = [(f"malformed/{n}", len(b), malformed.DESCRIPTIONS[n])
                for n, b in bad_files.items()]
    bad_entries = [{"path": f"malformed/{n}", "description": malformed.DESCRIPTIONS[n],
                    "size": len(b), "sha256": sha256(b)} for n, b in bad_files.items()]

    write_dir(HERE / "demo", demo_files)
    write_dir(HERE / "malformed", bad_files)
    expected = {"schema": "shared/RESULT_SCHEMA.md v1", "generator": "samples/generate.py",
                "license": LICENCE, "documents": documents, "malformed": bad_entries}
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (HERE / "README.md").write_text(readme(demo_rows, bad_rows), encoding="utf-8")
    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"wrote {len(demo_files)} demo + {len(bad_files)} malformed files; "
          f"samples/ is {total} bytes")


if __name__ == "__main__":
    main()
