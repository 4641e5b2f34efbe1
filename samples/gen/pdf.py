"""A4 invoice / credit-note rendering with reportlab (text layer, base-14 fonts).

``invariant=1`` keeps reportlab from writing timestamps or random document ids,
so the same data always gives the same bytes.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from .data import legal_notes
from .model import (Invoice, Party, fmt_date, fmt_eur, fmt_iban, fmt_qty,
                    fmt_rate, fmt_siren, fmt_siret)

PAGE_W, PAGE_H = A4
MARGIN = 50
CONTENT_W = PAGE_W - 2 * MARGIN
GREY = colors.HexColor("#E8ECEF")
DARK = colors.HexColor("#2B3A48")

LABELS = {
    "fr": {
        "invoice": "FACTURE", "credit_note": "AVOIR", "number": "N°",
        "issue_date": "Date d'émission", "due_date": "Date d'échéance",
        "order_ref": "Réf. commande", "buyer_ref": "Votre référence",
        "preceding": "Facture d'origine", "of": "du", "bill_to": "Facturé à",
        "cols": ["Désignation", "Qté", "P.U. HT", "TVA", "Montant HT"],
        "vat_cols": ["Taux de TVA", "Base HT", "Montant TVA"],
        "total_excl": "Total HT", "total_vat": "Total TVA", "total_incl": "Total TTC",
        "amount_due": "Net à payer", "amount_due_cn": "Montant de l'avoir TTC",
        "terms": "Conditions de paiement", "bank": "Coordonnées bancaires",
        "siret": "SIRET", "vat_id": "N° TVA intracommunautaire", "phone": "Tél.",
        "capital": "au capital de", "rcs": "RCS", "ape": "Code APE", "page": "Page 1/1",
        "facturx": "Facture électronique Factur-X (profil EN 16931) : les données structurées "
                   "de cette facture sont jointes au PDF (factur-x.xml).",
    },
    "en": {
        "invoice": "INVOICE", "credit_note": "CREDIT NOTE", "number": "No.",
        "issue_date": "Issue date", "due_date": "Due date",
        "order_ref": "Purchase order", "buyer_ref": "Your reference",
        "preceding": "Original invoice", "of": "of", "bill_to": "Bill to",
        "cols": ["Description", "Qty", "Unit price", "VAT", "Amount excl. VAT"],
        "vat_cols": ["VAT rate", "Taxable amount", "VAT amount"],
        "total_excl": "Subtotal (excl. VAT)", "total_vat": "Total VAT",
        "total_incl": "Total (incl. VAT)", "amount_due": "Amount due",
        "amount_due_cn": "Credit note total", "terms": "Payment terms",
        "bank": "Bank details", "siret": "SIRET", "vat_id": "VAT number", "phone": "Tel.",
        "capital": "with a share capital of", "rcs": "RCS", "ape": "NACE code",
        "page": "Page 1/1", "facturx": "",
    },
}

CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.5)


def _siret(party: Party, spaced: bool) -> str:
    return fmt_siret(party.siret) if spaced else party.siret


def _seller_block(c: canvas.Canvas, inv: Invoice, L: dict, spaced: bool) -> None:
    s = inv.seller
    y = PAGE_H - MARGIN - 10
    c.setFillColor(DARK)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(MARGIN, y, s.name)
    c.setFillColor(colors.black)
    c.setFont("Helvetica", 9)
    lines = s.address.lines() + [f"{L['phone']} : {s.phone}" if inv.language == "fr"
                                 else f"{L['phone']}: {s.phone}", s.email,
                                 f"{L['siret']} : {_siret(s, spaced)}",
                                 f"{L['vat_id']} : {s.vat_id}"]
    if inv.language == "en":
        lines = [ln.replace(" : ", ": ") for ln in lines]
    for ln in lines:
        y -= 12
        c.drawString(MARGIN, y, ln)


def _buyer_block(c: canvas.Canvas, inv: Invoice, L: dict, spaced: bool) -> None:
    b = inv.buyer
    x, top, w = 330, PAGE_H - MARGIN - 30, PAGE_W - MARGIN - 330
    lines = b.address.lines()
    if inv.show_buyer_ids:
        sep = " : " if inv.language == "fr" else ": "
        lines += [f"{L['siret']}{sep}{_siret(b, spaced)}", f"{L['vat_id']}{sep}{b.vat_id}"]
    h = 34 + 12 * len(lines)
    c.setStrokeColor(DARK)
    c.setLineWidth(0.6)
    c.rect(x, top - h, w, h, stroke=1, fill=0)
    c.setFont("Helvetica-Oblique", 8)
    c.drawString(x + 8, top - 12, L["bill_to"])
    c.setFont("Helvetica-Bold", 10)
    c.drawString(x + 8, top - 26, b.name)
    c.setFont("Helvetica", 9)
    y = top - 26
    for ln in lines:
        y -= 12
        c.drawString(x + 8, y, ln)


def _title_block(c: canvas.Canvas, inv: Invoice, L: dict) -> float:
    y = PAGE_H - 200
    title = L["credit_note"] if inv.is_credit_note else L["invoice"]
    c.setFillColor(DARK)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(MARGIN, y, f"{title} {L['number']} {inv.number}")
    c.setFillColor(colors.black)
    sep = " : " if inv.language == "fr" else ": "
    rows = [(L["issue_date"], fmt_date(inv.issue_date, inv.date_style))]
    if inv.due_date:
        rows.append((L["due_date"], fmt_date(inv.due_date, inv.date_style)))
    if inv.preceding_invoice:
        num, day = inv.preceding_invoice
        rows.append((L["preceding"], f"{num} {L['of']} {fmt_date(day, inv.date_style)}"))
    if inv.order_reference:
        rows.append((L["order_ref"], inv.order_reference))
    if inv.buyer_reference:
        rows.append((L["buyer_ref"], inv.buyer_reference))
    y -= 8
    for label, value in rows:
        y -= 13
        c.setFont("Helvetica", 9.5)
        c.drawString(MARGIN, y, f"{label}{sep}")
        c.setFont("Helvetica-Bold", 9.5)
        c.drawString(MARGIN + 110, y, value)
    return y - 18


def _draw_table(c: canvas.Canvas, table: Table, x: float, y_top: float) -> float:
    _, h = table.wrapOn(c, CONTENT_W, PAGE_H)
    table.drawOn(c, x, y_top - h)
    return y_top - h


def _table_style(header_bg=DARK) -> list:
    return [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), header_bg),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#B8C2CC")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def _lines_table(inv: Invoice, L: dict) -> Table:
    lang = inv.language
    rows = [L["cols"]]
    for line in inv.lines:
        rows.append([Paragraph(escape(line.description), CELL), fmt_qty(line.quantity, lang),
                     fmt_eur(line.unit_price, lang), fmt_rate(line.vat_rate, lang),
                     fmt_eur(line.amount, lang)])
    table = Table(rows, colWidths=[240, 45, 75, 50, 85], repeatRows=1)
    table.setStyle(TableStyle(_table_style()))
    return table


def _vat_table(inv: Invoice, L: dict) -> Table:
    lang = inv.language
    rows = [L["vat_cols"]]
    for g in inv.vat_breakdown():
        rows.append([fmt_rate(g.rate, lang), fmt_eur(g.basis, lang), fmt_eur(g.tax, lang)])
    table = Table(rows, colWidths=[75, 80, 80])
    style = _table_style(colors.HexColor("#5B6B7A"))
    table.setStyle(TableStyle(style))
    return table


def _totals_table(inv: Invoice, L: dict) -> Table:
    lang = inv.language
    rows = [[L["total_excl"], fmt_eur(inv.total_excl_vat, lang)],
            [L["total_vat"], fmt_eur(inv.total_vat, lang)],
            [L["total_incl"], fmt_eur(inv.total_incl_vat, lang)]]
    if inv.prepaid:
        rows.append([inv.prepaid_label, fmt_eur(-inv.prepaid, lang)])
    label = L["amount_due_cn"] if inv.is_credit_note else L["amount_due"]
    rows.append([label, fmt_eur(inv.amount_due, lang)])
    table = Table(rows, colWidths=[130, 85])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 10),
        ("BACKGROUND", (0, -1), (-1, -1), GREY),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, DARK),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _payment_block(c: canvas.Canvas, inv: Invoice, L: dict, y: float) -> float:
    sep = " : " if inv.language == "fr" else ": "
    c.setFont("Helvetica-Bold", 9)
    c.drawString(MARGIN, y, f"{L['terms']}{sep}")
    c.setFont("Helvetica", 9)
    c.drawString(MARGIN + 120, y, inv.payment_terms)
    y -= 16
    c.setFont("Helvetica-Bold", 9)
    c.drawString(MARGIN, y, f"{L['bank']}{sep}")
    c.setFont("Helvetica", 9)
    c.drawString(MARGIN + 120, y, inv.bank.name)
    y -= 12
    c.drawString(MARGIN + 120, y, f"IBAN{sep}{fmt_iban(inv.bank.iban)}")
    y -= 12
    c.drawString(MARGIN + 120, y, f"BIC{sep}{inv.bank.bic}")
    return y - 20


def _footer(c: canvas.Canvas, inv: Invoice, L: dict) -> None:
    s = inv.seller
    y = MARGIN + 52
    c.setFont("Helvetica", 7.5)
    c.setFillColor(colors.HexColor("#44505C"))
    for _code, text in legal_notes(inv):
        c.drawString(MARGIN, y, text)
        y -= 10
    if inv.extra.get("facturx") and L["facturx"]:
        c.drawString(MARGIN, y, L["facturx"])
    c.setStrokeColor(colors.HexColor("#B8C2CC"))
    c.line(MARGIN, MARGIN + 14, PAGE_W - MARGIN, MARGIN + 14)
    legal = (f"{s.name} {L['capital']} {s.capital} – {L['rcs']} {s.rcs_city} "
             f"{fmt_siren(s.siren)} – {L['ape']} {s.ape}")
    c.drawString(MARGIN, MARGIN + 2, legal)
    c.drawRightString(PAGE_W - MARGIN, MARGIN + 2, L["page"])
    c.setFillColor(colors.black)


def render_pdf(inv: Invoice, *, encrypt=None) -> bytes:
    """Draw ``inv`` on one A4 page and return the PDF bytes."""
    inv.check()
    L = LABELS[inv.language]
    spaced = bool(inv.extra.get("siret_spaced"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, encrypt=encrypt,
                      lang="fr-FR" if inv.language == "fr" else "en-GB")
    kind = L["credit_note"] if inv.is_credit_note else L["invoice"]
    c.setTitle(f"{kind.capitalize()} {inv.number}")
    c.setAuthor(inv.seller.name)
    c.setSubject(f"{kind.capitalize()} {inv.number} – {inv.buyer.name}")
    c.setCreator("Liasse samples/generate.py (reportlab)")
    _seller_block(c, inv, L, spaced)
    _buyer_block(c, inv, L, spaced)
    y = _title_block(c, inv, L)
    y = _draw_table(c, _lines_table(inv, L), MARGIN, y) - 16
    y_vat = _draw_table(c, _vat_table(inv, L), MARGIN, y)
    y_tot = _draw_table(c, _totals_table(inv, L), PAGE_W - MARGIN - 215, y)
    _payment_block(c, inv, L, min(y_vat, y_tot) - 26)
    _footer(c, inv, L)
    c.showPage()
    c.save()
    return buf.getvalue()
