"""Ground truth in the RESULT_SCHEMA v1 names and value formats (shared/RESULT_SCHEMA.md)."""
from __future__ import annotations

from .model import Invoice, plain


def _rate(value) -> str:
    return f"{value:.2f}"


def invoice_fields(inv: Invoice) -> dict:
    """Every schema field that the document carries; absent fields are left out."""
    f = {
        "invoice_number": inv.number,
        "type_code": inv.type_code,
        "issue_date": inv.issue_date.isoformat(),
    }
    if inv.due_date:
        f["due_date"] = inv.due_date.isoformat()
    f.update({
        "currency": inv.currency,
        "seller_name": inv.seller.name,
        "seller_address": inv.seller.address.one_line(),
        "seller_vat_id": inv.seller.vat_id,
        "seller_legal_id": inv.seller.siret,
        "buyer_name": inv.buyer.name,
    })
    if inv.show_buyer_ids:
        f["buyer_vat_id"] = inv.buyer.vat_id
        f["buyer_legal_id"] = inv.buyer.siret
    f["iban"] = inv.bank.iban
    f["bic"] = inv.bank.bic
    if inv.order_reference:
        f["order_reference"] = inv.order_reference
    if inv.buyer_reference:
        f["buyer_reference"] = inv.buyer_reference
    f.update({
        "total_excl_vat": f"{inv.total_excl_vat:.2f}",
        "total_vat": f"{inv.total_vat:.2f}",
        "total_incl_vat": f"{inv.total_incl_vat:.2f}",
        "amount_due": f"{inv.amount_due:.2f}",
    })
    return f


def invoice_entry(inv: Invoice, *, filename: str, source: str, language: str | None) -> dict:
    return {
        "filename": filename,
        "class": "credit_note" if inv.is_credit_note else "invoice",
        "language": language,
        "source": source,
        "fields": invoice_fields(inv),
        "vat_breakdown": [{"rate": _rate(g.rate), "basis": f"{g.basis:.2f}",
                           "tax": f"{g.tax:.2f}"} for g in inv.vat_breakdown()],
        "line_items": [{"description": ln.description, "quantity": plain(ln.quantity),
                        "unit_price": f"{ln.unit_price:.2f}", "amount": f"{ln.amount:.2f}",
                        "vat_rate": _rate(ln.vat_rate)} for ln in inv.lines],
    }


def email_entry(meta: dict, *, filename: str, attachment_size: int, child: dict) -> dict:
    return {
        "filename": filename,
        "class": "email",
        "language": "fr",
        "source": "email",
        "fields": {
            "from": meta["from_addr"],
            "to": [addr for _name, addr in meta["to"]],
            "cc": [addr for _name, addr in meta["cc"]],
            "subject": meta["subject"],
            "date": meta["date"].isoformat(),
            "message_id": meta["message_id"].strip("<>"),
            "attachments": [{"filename": meta["attachment"], "media_type": "application/pdf",
                             "size": attachment_size}],
        },
        "children": [child],
    }
