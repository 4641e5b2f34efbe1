"""Broken or hostile inputs for the error-handling tests."""
from __future__ import annotations

import random

from reportlab.lib.pdfencrypt import StandardEncryption

from .model import Invoice
from .pdf import render_pdf

GARBAGE_SEED = 20240315
ENCRYPTED_USER_PASSWORD = "liasse-demo"
ENCRYPTED_OWNER_PASSWORD = "liasse-owner"

DESCRIPTIONS = {
    "truncated.pdf": "first 40 % of demo/facture-2024-0042.pdf (no xref table, no %EOF marker)",
    "garbage.pdf": "'%PDF-1.7' header followed by 4 KiB of seeded random bytes",
    "entity-bomb.xml": "billion-laughs XML: a DTD with nested entities (10^9 expansions)",
    "not-an-invoice.xml": "well-formed XML product catalogue, neither CII nor UBL",
    "empty.pdf": "0 bytes",
    "encrypted.pdf": f"invoice FA-2024-0043 as a PDF protected by a user password "
                     f"('{ENCRYPTED_USER_PASSWORD}', RC4 128-bit)",
}


def truncated(pdf: bytes) -> bytes:
    return pdf[: len(pdf) * 40 // 100]


def garbage() -> bytes:
    return b"%PDF-1.7\n" + random.Random(GARBAGE_SEED).randbytes(4096)


def entity_bomb() -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<!DOCTYPE Invoice [",
             '  <!ENTITY lol "lol">']
    prev = "lol"
    for i in range(1, 10):
        name = f"lol{i}"
        lines.append(f'  <!ENTITY {name} "{("&" + prev + ";") * 10}">')
        prev = name
    lines += ["]>",
              '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">',
              "  <Note>&lol9;</Note>", "</Invoice>", ""]
    return "\n".join(lines).encode("utf-8")


def not_an_invoice() -> bytes:
    return """<?xml version="1.0" encoding="UTF-8"?>
<!-- Product catalogue of a fictitious supplier: well-formed, but not an invoice. -->
<catalogue xmlns="urn:example:liasse:catalogue:1" fournisseur="Papeterie Lemaire SAS"
           date="2024-03-01" devise="EUR">
  <produit ref="PAP-A4-80R">
    <libelle>Ramettes papier A4 80 g recyclé (carton de 5)</libelle>
    <prix_ht>23.40</prix_ht>
    <tva>20</tva>
  </produit>
  <produit ref="CLA-80">
    <libelle>Classeurs à levier dos 80 mm</libelle>
    <prix_ht>3.95</prix_ht>
    <tva>20</tva>
  </produit>
  <produit ref="LIV-FE-01">
    <libelle>Guide pratique de la facture électronique (livre)</libelle>
    <prix_ht>29.00</prix_ht>
    <tva>5.5</tva>
  </produit>
</catalogue>
""".encode("utf-8")


def encrypted(inv: Invoice) -> bytes:
    enc = StandardEncryption(ENCRYPTED_USER_PASSWORD, ownerPassword=ENCRYPTED_OWNER_PASSWORD,
                             canPrint=1, canModify=0, canCopy=0, canAnnotate=0, strength=128)
    return render_pdf(inv, encrypt=enc)


def build_all(source_pdf: bytes, encrypted_inv: Invoice) -> dict[str, bytes]:
    return {
        "truncated.pdf": truncated(source_pdf),
        "garbage.pdf": garbage(),
        "entity-bomb.xml": entity_bomb(),
        "not-an-invoice.xml": not_an_invoice(),
        "empty.pdf": b"",
        "encrypted.pdf": encrypted(encrypted_inv),
    }
