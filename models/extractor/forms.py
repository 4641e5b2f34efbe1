"""Extra training documents for the field extractor, in layouts the main generator
(`models/generator`) does not draw, written in the generator's format (`truth.jsonl`,
`pdf/`, `scan/`) with its building blocks (identities, formats, items, renderer):

* `form`: an e-invoice rendered as a form, as e-invoicing viewers print one: a title
  line with the number and date, sections headed seller / buyer with "Name:",
  "Address:", "VAT id:" rows, a line-item listing, and totals as label/value rows
  ("Sum of line amounts", "Total without VAT", "Total VAT", "Total with VAT",
  "Amount due"), in German, English and French;
* `letter`: a business letter invoice: the sender's one-line return address above the
  window, the seller's contact column on the right, "Invoice # N issued at D",
  totals written inline ("Net total: 496.00 €"), payment instructions with the due date;
* `negative`: credit notes printed with negative amounts and a "Credit note N" title,
  whose ground truth is positive (EN 16931).

    cd models && ../.venv/bin/python extractor/forms.py --count 450 --out .cache/extractor-gen

Only invented names and identifiers (the generator's); deterministic per (seed, index).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from decimal import Decimal
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from generator import blocks as B  # noqa: E402
from generator import formats as F  # noqa: E402
from generator import identity as I  # noqa: E402
from generator.common import doc_rng, tpl_rng  # noqa: E402
from generator.items import fmt_qty, make_items, totals  # noqa: E402
from generator.render import render_pdf  # noqa: E402

N_TEMPLATES = 12
LANGS = {"de": 45, "en": 30, "fr": 25}
COUNTRY = {"de": ["DE", "DE", "DE", "AT"], "en": ["GB", "GB", "US", "DE"], "fr": ["FR", "FR", "FR", "BE"]}

# Words of the form layout, per language: several synonyms, one chosen per template.
W = {
    "de": {"title": ["Handelsrechnung (380)", "Rechnung", "Rechnung (380)", "Teilrechnung"], "credit": ["Gutschrift (381)", "Gutschrift", "Rechnungskorrektur"],
           "no": ["Nr.", "Nummer"], "of": ["vom"], "seller": ["Verkäufer", "Lieferant", "Rechnungssteller", "Verkäufer/Leistungserbringer"],
           "buyer": ["Käufer", "Käufer/Leistungsempfänger", "Rechnungsempfänger", "Kunde"], "name": ["Name:", "Firma:"], "addr": ["Anschrift:", "Adresse:"],
           "vat": ["USt.-Id.-Nr.:", "USt-IdNr.:", "Umsatzsteuer-ID:"], "taxno": ["Steuernummer:"], "id": ["Nummer:", "Kundennummer:", "Lieferantennummer:"],
           "currency": ["Währung:"], "delivery": ["Liefer- und Leistungsdatum:", "Leistungsdatum:", "Lieferdatum:"], "issue": ["Rechnungsdatum:", "Belegdatum:"],
           "due": ["Fälligkeitsdatum:", "Zahlbar bis:", "Fällig am:"], "order": ["Bestellnummer:", "Auftragsnummer:", "Bestellung:"],
           "buyer_ref": ["Käuferreferenz:", "Leitweg-ID:", "Ihr Zeichen:"], "sum": ["Summe Positionen", "Summe der Nettobeträge", "Positionssumme"],
           "excl": ["Gesamtbetrag netto", "Gesamtsumme netto", "Nettobetrag"], "vat_total": ["Umsatzsteuer", "Steuerbetrag", "Summe Umsatzsteuer", "USt.-Betrag"],
           "incl": ["Gesamtbetrag brutto", "Gesamtsumme brutto", "Rechnungsbetrag", "Bruttobetrag"], "paid": ["Vorauszahlung", "Bereits gezahlt", "Erhaltene Anzahlung"],
           "due_amount": ["Fälliger Betrag", "Zahlbetrag", "Zu zahlender Betrag", "Offener Betrag"], "pos": "Pos", "desc": "Beschreibung", "qty": "Menge",
           "price": "Nettopreis", "rate": "Steuersatz", "amount": "Nettobetrag", "basis": "Basisbetrag", "terms": ["Zahlungsbedingungen:", "Bemerkung:"],
           "terms_text": ["Zahlbar innerhalb von 30 Tagen ohne Abzug.", "Rechnung gemäß Bestellung."], "bank": ["Bankverbindung", "Zahlungsinformationen"],
           "invoice_in": ["Rechnung Nr. {n} vom {d}", "Rechnung {n} vom {d}", "Rechnungsnummer {n}, Datum {d}"],
           "remit": ["Bitte überweisen Sie den Betrag bis zum {d}.", "Zahlbar bis {d} ohne Abzug."], "net_inline": ["Nettobetrag:", "Summe netto:", "Netto:"],
           "vat_inline": ["zzgl. USt.:", "MwSt.:", "USt. gesamt:"], "incl_inline": ["Gesamtbetrag:", "Rechnungsbetrag:", "Endbetrag:"],
           "due_inline": ["Zahlbetrag:", "Zu zahlen:"], "customer": ["Kunden-Nr.:", "Kundennummer:"], "your_order": ["Ihre Bestellung", "Ihr Auftrag"],
           "neg_title": ["Gutschrift", "Gutschrift Nr."]},
    "en": {"title": ["Commercial invoice (380)", "Invoice", "Invoice (380)", "Tax invoice"], "credit": ["Credit note (381)", "Credit note", "Credit memo"],
           "no": ["No.", "#", "Number"], "of": ["of", "dated"], "seller": ["Seller", "Supplier", "Vendor", "Seller / Supplier"],
           "buyer": ["Buyer", "Customer", "Bill to", "Buyer / Recipient"], "name": ["Name:", "Company:"], "addr": ["Address:", "Postal address:"],
           "vat": ["VAT ID:", "VAT number:", "VAT Reg. No.:"], "taxno": ["Tax number:", "Company No.:"], "id": ["Number:", "Customer number:", "Supplier ID:"],
           "currency": ["Currency:"], "delivery": ["Delivery date:", "Date of supply:", "Tax point:"], "issue": ["Invoice date:", "Issue date:"],
           "due": ["Due date:", "Payment due:", "Pay by:"], "order": ["Purchase order:", "Order reference:", "PO number:"],
           "buyer_ref": ["Buyer reference:", "Your reference:"], "sum": ["Sum of line amounts", "Line total", "Items total"],
           "excl": ["Total without VAT", "Total excl. VAT", "Net total"], "vat_total": ["Total VAT", "VAT amount", "Tax total"],
           "incl": ["Total with VAT", "Total incl. VAT", "Invoice total", "Grand total"], "paid": ["Prepaid amount", "Paid", "Less deposit"],
           "due_amount": ["Amount due for payment", "Amount due", "Balance due", "Due payable"], "pos": "Line", "desc": "Description", "qty": "Quantity",
           "price": "Net price", "rate": "VAT rate", "amount": "Net amount", "basis": "Taxable amount", "terms": ["Payment terms:", "Note:"],
           "terms_text": ["Payable within 30 days.", "Invoice according to order."], "bank": ["Payment details", "Bank details"],
           "invoice_in": ["Invoice # {n} issued at {d}", "Invoice {n} dated {d}", "Invoice no. {n} of {d}"],
           "remit": ["Please remit until {d}.", "Payment is due by {d}.", "Please pay by {d}."], "net_inline": ["Net total:", "Subtotal:", "Net amount:"],
           "vat_inline": ["VAT total:", "plus VAT:", "VAT:"], "incl_inline": ["Total:", "Invoice total:", "Gross total:"], "due_inline": ["Due payable:", "Amount due:", "Please pay:"],
           "customer": ["Customer:", "Customer no.:"], "your_order": ["Your order", "Your PO"], "neg_title": ["Credit note", "Credit Note No."]},
    "fr": {"title": ["Facture (380)", "Facture", "Facture commerciale"], "credit": ["Avoir (381)", "Avoir", "Facture d'avoir"],
           "no": ["n°", "N°", "numéro"], "of": ["du"], "seller": ["Vendeur", "Fournisseur", "Émetteur", "Prestataire"],
           "buyer": ["Acheteur", "Client", "Destinataire", "Facturé à"], "name": ["Nom :", "Raison sociale :"], "addr": ["Adresse :"],
           "vat": ["N° TVA :", "TVA intracom. :", "N° TVA intracommunautaire :"], "taxno": ["SIRET :", "SIREN :"], "id": ["Numéro :", "Code client :", "Identifiant :"],
           "currency": ["Devise :"], "delivery": ["Date de livraison :", "Date de prestation :"], "issue": ["Date de facture :", "Date d'émission :"],
           "due": ["Date d'échéance :", "Échéance :", "À payer avant le :"], "order": ["Bon de commande :", "Réf. commande :", "N° de commande :"],
           "buyer_ref": ["Référence acheteur :", "Votre référence :"], "sum": ["Somme des lignes", "Total des lignes"],
           "excl": ["Total HT", "Montant total HT", "Total hors taxes"], "vat_total": ["Total TVA", "Montant TVA", "Total taxes", "Total taxes"],
           "incl": ["Total TTC", "Montant total TTC", "Montant TTC"], "paid": ["Acompte versé", "Déjà réglé", "Montant payé"],
           "due_amount": ["Net à payer", "Montant à payer", "Reste à payer"], "pos": "N°", "desc": "Désignation", "qty": "Quantité",
           "price": "Prix unitaire HT", "rate": "Taux TVA", "amount": "Montant HT", "basis": "Base HT", "terms": ["Conditions de paiement :", "Note :"],
           "terms_text": ["Paiement à 30 jours.", "Paiement immédiat."], "bank": ["Coordonnées bancaires", "Règlement"],
           "invoice_in": ["Facture n° {n} du {d}", "Facture {n} du {d}"], "remit": ["Merci de régler avant le {d}.", "Paiement attendu au plus tard le {d}."],
           "net_inline": ["Total HT :", "Montant HT :"], "vat_inline": ["TVA :", "Total TVA :"], "incl_inline": ["Total TTC :", "Montant TTC :"],
           "due_inline": ["Net à payer :", "À payer :"], "customer": ["Client :", "Code client :"], "your_order": ["Votre commande", "Réf. commande"],
           "neg_title": ["Avoir", "Avoir n°"]},
}
RATE_NAMES = {"de": ["Umsatzsteuer", "USt.", "MwSt."], "en": ["VAT", "Tax"], "fr": ["TVA", "TVA collectée"]}


def make(seed: int, index: int) -> tuple[object, dict, str]:
    rng = doc_rng(seed + 7000, index)
    lang = rng.choices(list(LANGS), weights=list(LANGS.values()))[0]
    family = rng.choices(["form", "letter", "negative"], weights=[45, 35, 20])[0]
    variant = rng.randrange(N_TEMPLATES)
    template = f"extractor/{family}/{lang}/{variant}"
    tpl = tpl_rng(template)
    w = {k: (tpl.choice(v) if isinstance(v, list) else v) for k, v in W[lang].items()}
    country = tpl.choice(COUNTRY[lang])
    seller = I.company(rng, country)
    # Real sellers are not all "Name + legal form": brands without one, capitals,
    # self-employed people invoicing under their own name.
    style = rng.random()
    if style < 0.2:
        seller.name = seller.name.rsplit(" ", 1)[0]
    elif style < 0.3:
        seller.name = seller.name.upper()
    elif style < 0.4:
        seller.name = I.person(rng, I.NAME_LANG[country]).name
    buyer = I.company(rng, country if rng.random() < 0.8 else rng.choice(["DE", "FR", "NL", "GB"]))
    if tpl.random() < 0.2:
        buyer.name = ({"de": "Herrn ", "fr": "M. ", "en": "Mr "}[lang] if tpl.random() < 0.5 else "") + I.person(rng, I.NAME_LANG[buyer.country]).name
    issue = F.random_date(rng)
    due = issue + dt.timedelta(days=rng.choice([0, 10, 14, 21, 30, 30]))
    currency = F.currency_for(country, rng)
    date_style = tpl.choice({"de": ["dmy.", "dmy.", "iso"], "en": ["iso", "dmy/", "long_dmy", "mdy/" if country == "US" else "dmy/"], "fr": ["dmy/", "dmy/", "long"]}[lang])
    amt_style = "en" if lang == "en" else tpl.choice(F.LANG_AMOUNT_STYLES[lang])
    mark = tpl.choice([m for m in F.CURRENCY_MARKS.get(currency, [("€", False)])])
    mark_mode = tpl.choice(["each", "totals", "none"])
    fm = lambda v, force=False: F.fmt_money(v, amt_style, currency, mark if (mark_mode == "each" or force and mark_mode == "totals") else None)  # noqa: E731
    fd = lambda d: F.fmt_date(d, date_style, lang)  # noqa: E731
    items = make_items(rng, lang, country, rng.choice([1, 2, 2, 3, 4, 6]), multi_rate=tpl.random() < 0.4)
    tot = totals(items)
    credit = family == "negative" or (family == "form" and rng.random() < 0.2)
    sign = Decimal(-1) if family == "negative" else Decimal(1)
    paid = F.money(tot.incl * Decimal(rng.choice(["0.2", "0.5"]))) if (not credit and tpl.random() < 0.25) else Decimal(0)
    number = f"{tpl.choice(['RE', 'R', '', 'INV-', 'FA-', 'AV-' if credit else 'F'])}{issue.year if tpl.random() < 0.5 else ''}{rng.randint(100, 9999999)}"
    if tpl.random() < 0.3:
        number = f"{tpl.choice(['RE', 'FA', 'AV' if credit else 'INV'])}-{issue.year}-{rng.randint(1, 9999):04d}"
    fields = {"invoice_number": number, "type_code": "381" if credit else "380", "issue_date": issue.isoformat(), "seller_name": seller.name,
              "seller_address": seller.address.one_line(), "buyer_name": buyer.name, "total_excl_vat": f"{tot.excl}", "total_vat": f"{tot.vat}",
              "total_incl_vat": f"{tot.incl}", "amount_due": f"{tot.incl - paid}"}
    if mark_mode != "none" or family == "form":
        fields["currency"] = currency
    ctx = dict(rng=rng, tpl=tpl, w=w, lang=lang, seller=seller, buyer=buyer, issue=issue, due=due, fd=fd, fm=fm, items=items, tot=tot, paid=paid,
               number=number, credit=credit, sign=sign, fields=fields, amt_style=amt_style, currency=currency, dsep=F.AMOUNT_STYLES[amt_style][1])
    blocks = {"form": form_blocks, "letter": letter_blocks, "negative": negative_blocks}[family](ctx)
    spec = B.DocSpec(blocks, page=B.Page("letter" if country == "US" else "A4"), page_numbers=tpl.random() < 0.5,
                     page_label={"de": "Seite", "fr": "Page", "en": "Page"}[lang])
    record = {"class": "credit_note" if credit else "invoice", "kind": f"extractor/{family}", "language": lang, "template": template, "fields": fields,
              "vat_breakdown": [{"rate": f"{r:.2f}", "basis": f"{b}", "tax": f"{t}"} for r, b, t in tot.breakdown]}
    return spec, record, template


def _kv(pairs):
    return B.KV([(k.rstrip(":").rstrip(), v) for k, v in pairs], layout="table", sep=" ")


def form_blocks(c) -> list:
    w, tpl, rng, fields = c["w"], c["tpl"], c["rng"], c["fields"]
    title = w["credit"] if c["credit"] else w["title"]
    blocks = [B.Lines([tpl.choice(["", "", "Beispiel-Rechnungen / e-invoice visualisation", "Generated from the XML of an electronic invoice"])], style="small")] if tpl.random() < 0.4 else []
    blocks += [B.Title(f"{title} {w['no']} {c['number']} {w['of']} {c['fd'](c['issue'])}", scale=0.55), B.Gap(6)]
    head = [(w["currency"], c["currency"])]
    if tpl.random() < 0.6:
        head.append((w["delivery"], c["fd"](c["issue"] - dt.timedelta(days=rng.choice([0, 0, 2, 5])))))
    if tpl.random() < 0.5:
        head.append((w["due"], c["fd"](c["due"])))
        fields["due_date"] = c["due"].isoformat()
    if tpl.random() < 0.4:
        order = f"{tpl.choice(['PO', 'B', '', '2018-'])}{rng.randint(100, 999999)}"
        head.append((w["order"], order))
        fields["order_reference"] = order
    if tpl.random() < 0.3:
        ref = f"{tpl.choice(['AB', 'K', '04011000-'])}{rng.randint(100, 99999)}"
        head.append((w["buyer_ref"], ref))
        fields["buyer_reference"] = ref
    blocks.append(_kv(head))
    for role, party in (("seller", c["seller"]), ("buyer", c["buyer"])):
        rows = []
        if tpl.random() < 0.6:
            rows.append((w["id"], str(rng.randint(10000, 999999)) if tpl.random() < 0.5 else f"GE{rng.randint(1000000, 9999999)}"))
        rows.append((w["name"], party.name))
        lines = list(party.address.lines)
        if tpl.random() < 0.5:
            lines[-1] = f"{party.country} {lines[-1]}"
        rows.append((w["addr"], "\n".join(lines)))
        if role == "seller" or tpl.random() < 0.5:
            rows.append((w["vat"], party.vat_id))
            fields[f"{role}_vat_id"] = party.vat_id
        if role == "seller" and tpl.random() < 0.4:
            rows.append((w["taxno"], party.legal_id if party.legal_id else f"{rng.randint(100, 999)}/{rng.randint(100, 999)}/{rng.randint(10000, 99999)}"))
            if party.legal_id:
                fields["seller_legal_id"] = party.legal_id
        blocks += [B.Gap(8), B.Heading(w[role], level=2), _kv(rows)]
    blocks += [B.Gap(8), _items(c, tpl.random() < 0.5)]
    tot, fm, sign = c["tot"], c["fm"], c["sign"]
    pairs = [(w["sum"], fm(sign * tot.excl))] if tpl.random() < 0.6 else []
    pairs += [(w["excl"], fm(sign * tot.excl)), (w["vat_total"], fm(sign * tot.vat)), (w["incl"], fm(sign * tot.incl, True))]
    if c["paid"]:
        pairs.append((w["paid"], fm(c["paid"])))
    if c["paid"] or tpl.random() < 0.6:
        pairs.append((w["due_amount"], fm(sign * (tot.incl - c["paid"]), True)))
    breakdown = _breakdown(c)
    if breakdown and tpl.random() < 0.5:
        # The VAT table (or a payments table) beside the totals: one visual row holds
        # both, as many ERPs print them.
        blocks += [B.Gap(6), B.Columns([breakdown, [_kv(pairs)]], widths=[1.3, 1])]
    else:
        blocks += [B.Gap(6), B.Columns([[], [_kv(pairs)]], widths=[0.8, 1.2])] + breakdown
    blocks += _bank(c)
    if tpl.random() < 0.4:
        seller = c["seller"]
        blocks += [B.Gap(10), B.Lines([" - ".join([seller.name] + seller.address.lines), f"{w['vat'].rstrip(':').rstrip()} {seller.vat_id}"], style="small", align="center")]
        fields["seller_vat_id"] = seller.vat_id
    return blocks


def _items(c, with_rate: bool) -> B.Table:
    w, fm, dsep, sign = c["w"], c["fm"], c["dsep"], c["sign"]
    header = [w["pos"], w["desc"], w["qty"], w["price"]] + ([w["rate"]] if with_rate else []) + [w["amount"]]
    rows = []
    for i, it in enumerate(c["items"], 1):
        row = [str(i), it.description, fmt_qty(it.quantity, dsep), fm(it.unit_price)]
        if with_rate:
            row.append(F.fmt_rate(it.vat_rate, c["amt_style"]))
        rows.append(row + [fm(sign * it.amount)])
    return B.Table(header, rows, widths=[0.5, 4, 0.8, 1.2] + ([0.9] if with_rate else []) + [1.3])


def _breakdown(c) -> list:
    if c["tpl"].random() < 0.4 and len(c["tot"].breakdown) == 1:
        return []
    w, fm, sign = c["w"], c["fm"], c["sign"]
    rows = [[c["tpl"].choice(RATE_NAMES[c["lang"]]), F.fmt_rate(r, c["amt_style"]), fm(sign * b), fm(sign * t)] for r, b, t in c["tot"].breakdown]
    return [B.Gap(6), B.Table(["", w["rate"], w["basis"], w["vat_total"]], rows, widths=[1.5, 1, 1.2, 1.2])]


def _bank(c) -> list:
    tpl, w, seller, fields = c["tpl"], c["w"], c["seller"], c["fields"]
    if tpl.random() < 0.3:
        return []
    pairs = [("IBAN", seller.iban if tpl.random() < 0.5 else " ".join(seller.iban[i:i + 4] for i in range(0, len(seller.iban), 4)))]
    fields["iban"] = seller.iban
    if tpl.random() < 0.7:
        pairs.append(("BIC", seller.bic))
        fields["bic"] = seller.bic
    out = [B.Gap(6), B.Heading(w["bank"], level=2), B.KV(pairs, layout=tpl.choice(["colon", "table"]))]
    if tpl.random() < 0.5:
        out.append(B.KV([(w["terms"].rstrip(":").rstrip(), tpl.choice(W[c["lang"]]["terms_text"]))], layout="table"))
    return out


def letter_blocks(c) -> list:
    w, tpl, rng, fields, seller, buyer = c["w"], c["tpl"], c["rng"], c["fields"], c["seller"], c["buyer"]
    dot = tpl.choice([" ● ", " · ", " - ", " | "])
    sender = dot.join([seller.name] + seller.address.lines + ([I.COUNTRY_NAMES["en"][seller.country]] if tpl.random() < 0.5 else []))
    contact = [seller.name] + seller.address.lines + [f"{tpl.choice(['phone', 'Tel.', 'Tél.'])} {seller.phone}"]
    if tpl.random() < 0.5:
        contact.append(f"{tpl.choice(['HRB', 'HRA', 'RCS'])} {rng.randint(1000, 99999)}")
    contact += [seller.email] if tpl.random() < 0.6 else []
    if tpl.random() < 0.5:
        contact.append(f"{tpl.choice(['VAT-ID', 'USt-IdNr.', 'TVA'])}: {seller.vat_id}")
        fields["seller_vat_id"] = seller.vat_id
    buyer_lines = [buyer.name] + buyer.address.lines + ([I.COUNTRY_NAMES[c["lang"]][buyer.country]] if tpl.random() < 0.5 else [])
    left = [B.Lines([sender], style="small"), B.Gap(10), B.Lines(buyer_lines)]
    blocks = [B.Lines([c["fd"](c["issue"])], align="right")] if tpl.random() < 0.5 else []
    blocks += [B.Columns([left, [B.Lines(contact, style="small")]], widths=[1.6, 1]), B.Gap(14)]
    meta = []
    if tpl.random() < 0.5:
        meta.append(f"{w['customer']} {rng.randint(1, 99999)}")
    if tpl.random() < 0.5:
        order = f"{tpl.choice(['AB', 'PO', ''])}{rng.randint(100, 99999)}"
        meta.append(f"{w['your_order']} {order}")
        fields["order_reference"] = order
    if tpl.random() < 0.3:
        meta.append(f"{tpl.choice({'de': ['Ihre USt-IdNr.:'], 'en': ['Your VAT ID:', 'Customer VAT:'], 'fr': ['Votre N° TVA :', 'N° TVA client :']}[c['lang']])} {buyer.vat_id}")
        fields["buyer_vat_id"] = buyer.vat_id
    meta.append(tpl.choice(W[c["lang"]]["invoice_in"]).format(n=c["number"], d=c["fd"](c["issue"])))
    blocks += [B.Lines(meta), B.Gap(8), _items(c, True)]
    tot, fm = c["tot"], c["fm"]
    lines = [f"{w['net_inline']} {fm(tot.excl, True)}", f"{w['vat_inline']} {fm(tot.vat, True)}"]
    if tpl.random() < 0.6 or c["paid"]:
        lines.append(f"{w['incl_inline']} {fm(tot.incl, True)}")
    if c["paid"]:
        lines.append(f"{W[c['lang']]['paid'][0]}: {fm(c['paid'], True)}")
    lines.append(f"{w['due_inline']} {fm(tot.incl - c['paid'], True)}")
    blocks += [B.Gap(6), B.Lines(lines, align=tpl.choice(["left", "right"]))]
    blocks += _breakdown(c)
    if tpl.random() < 0.7:
        blocks.append(B.Para(tpl.choice(W[c["lang"]]["remit"]).format(d=c["fd"](c["due"])), align="left"))
        fields["due_date"] = c["due"].isoformat()
    return blocks + _bank(c)


def negative_blocks(c) -> list:
    """A credit note printed in negative amounts: title and number on one line."""
    w, tpl, fields, seller, buyer = c["w"], c["tpl"], c["fields"], c["seller"], c["buyer"]
    header = [B.Lines([" - ".join([seller.name] + seller.address.lines)], style="small", align="center")]
    if tpl.random() < 0.7:
        ids = [f"{w['vat'].rstrip(':').rstrip()} : {seller.vat_id}"]
        if seller.legal_id and tpl.random() < 0.6:
            ids.append(f"{'SIRET' if len(seller.legal_id) == 14 else 'SIREN'} : {seller.legal_id}")
            fields["seller_legal_id"] = seller.legal_id
        header.append(B.Lines([" - ".join(ids)], style="small", align="center"))
        fields["seller_vat_id"] = seller.vat_id
    title = B.Title(f"{w['neg_title']} {c['number']}", scale=0.7)
    buyer_block = [B.Lines([buyer.name] + buyer.address.lines)]
    meta = [(w["issue"].rstrip(":").rstrip(), c["fd"](c["issue"]))]
    if tpl.random() < 0.6:
        meta.append((w["due"].rstrip(":").rstrip(), c["fd"](c["due"])))
        fields["due_date"] = c["due"].isoformat()
    if tpl.random() < 0.5:
        ref = f"PO{c['rng'].randint(100, 9999)}"
        meta.append((w["buyer_ref"].rstrip(":").rstrip(), ref))
        fields["buyer_reference"] = ref
    meta.append(({"de": "Zu Rechnung", "en": "Related invoice", "fr": "Facture liée"}[c["lang"]], f"FA-{c['issue'].year}-{c['rng'].randint(1, 9999):04d}"))
    if tpl.random() < 0.5:
        # The customer's VAT id among the header fields, its label naming the customer.
        label = tpl.choice({"de": ["USt-IdNr. Kunde", "USt-ID des Kunden"], "en": ["Customer VAT ID", "Buyer VAT number"],
                            "fr": ["N° TVA client", "TVA intracom. client"]}[c["lang"]])
        meta.append((label, buyer.vat_id))
        fields["buyer_vat_id"] = buyer.vat_id
    blocks = header + [B.Gap(10), B.Columns([[title, B.KV(meta, layout="table")], buyer_block], widths=[1.2, 1]), B.Gap(10), _items(c, False)]
    tot, fm, sign = c["tot"], c["fm"], c["sign"]
    pairs = [(w["excl"], fm(sign * tot.excl, True)), (w["vat_total"], fm(sign * tot.vat, True)), (w["incl"], fm(sign * tot.incl, True))]
    return blocks + [B.Gap(6), B.Columns([_breakdown(c), [_kv(pairs)]], widths=[1.2, 1])]


def generate_one(job: tuple[int, int, str, float]) -> dict:
    seed, index, out, scan_fraction = job
    spec, record, template = make(seed, index)
    doc_id = f"x{seed}-{index:05d}"
    pdf = os.path.join("pdf", f"{doc_id}.pdf")
    render_pdf(spec, os.path.join(out, pdf), tpl_rng(template, "theme"))
    record = {"id": doc_id, **record, "pdf": pdf, "txt": None, "scan": None}
    scan_rng = random.Random(f"extractor-scan/{seed}/{index}")
    if scan_rng.random() < scan_fraction:
        from generator.scan import make_scans
        paths, dpi, rotation = make_scans(os.path.join(out, pdf), os.path.join(out, "scan", doc_id), scan_rng, 1)
        record.update(scan=[os.path.relpath(p, out) for p in paths], scan_dpi=dpi, scan_rotation=rotation)
    return record


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=450)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=".cache/extractor-gen")
    ap.add_argument("--scan-fraction", type=float, default=0.06)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    for sub in ("pdf", "scan"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    jobs = [(args.seed, i, args.out, args.scan_fraction) for i in range(args.count)]
    with Pool(args.workers) as pool:
        records = pool.map(generate_one, jobs, chunksize=8)
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"extractor documents: {len(records)} ({sum(1 for r in records if r['scan'])} with scans)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
