"""Invoices, credit notes and their look-alikes (quotes, orders, delivery notes).

One function composes all commercial documents: the template decides layout and
vocabulary, the document's generator decides the parties, dates and line items.
Invoices and credit notes carry RESULT_SCHEMA ground truth; look-alikes are class
``other`` (hard negatives for the classifier).
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from . import blocks as B
from . import formats as F
from . import identity as I
from .common import GenDoc, tpl_rng
from .items import LineItem, Totals, fmt_qty, make_items, totals
from .labels import CREDIT, INVOICE_CONFUSERS, L, ORIG_REF, ORIG_SENTENCE, PAYMENT_TERMS, pick
from .plaintext import to_text

N_TEMPLATES = 48

NEG = {   # title, number label, closing notes of the look-alikes
    "quote": {"fr": (["Devis", "DEVIS", "Proposition commerciale", "Offre de prix"], ["Devis n°", "N° de devis", "Réf. devis"], ["Devis valable 30 jours.", "Bon pour accord, date et signature :", "Nous restons à votre disposition pour tout complément."]),
              "en": (["Quotation", "Quote", "Estimate", "Price Quote", "Proposal"], ["Quote #", "Quotation No.", "Estimate No."], ["This quotation is valid for 30 days.", "To accept this quote, please sign and return.", "Prices are subject to change after the validity date."]),
              "de": (["Angebot", "ANGEBOT", "Kostenvoranschlag"], ["Angebotsnummer", "Angebot Nr.", "Angebots-Nr."], ["Dieses Angebot ist 30 Tage gültig.", "Wir freuen uns auf Ihren Auftrag.", "Bei Auftragserteilung bitten wir um Unterschrift."]),
              "nl": (["Offerte", "OFFERTE"], ["Offertenummer"], ["Deze offerte is 30 dagen geldig."]), "es": (["Presupuesto"], ["Presupuesto nº"], ["Validez de la oferta: 30 días."]),
              "it": (["Preventivo", "Offerta"], ["Preventivo n."], ["Offerta valida 30 giorni."]), "pl": (["Oferta", "Wycena"], ["Oferta nr"], ["Oferta ważna 30 dni."])},
    "purchase_order": {"fr": (["Bon de commande", "BON DE COMMANDE", "Commande fournisseur"], ["Commande n°", "N° de commande"], ["Merci de livrer à l'adresse indiquée.", "Date de livraison souhaitée : sous 15 jours.", "Signature de l'acheteur :"]),
                       "en": (["Purchase Order", "PURCHASE ORDER"], ["PO Number", "P.O. No.", "Order No."], ["Please deliver to the address above.", "Authorised by:", "Please confirm receipt of this order."]),
                       "de": (["Bestellung", "BESTELLUNG", "Auftrag"], ["Bestellnummer", "Bestell-Nr."], ["Bitte liefern Sie an die oben genannte Lieferadresse.", "Liefertermin: KW 12", "Bitte bestätigen Sie den Auftrag."]),
                       "nl": (["Bestelbon", "Inkooporder"], ["Bestelnummer"], ["Graag leveren op het bovenstaande adres."]), "es": (["Orden de compra", "Pedido"], ["Pedido nº"], ["Entregar en la dirección indicada."]),
                       "it": (["Ordine d'acquisto"], ["Ordine n."], ["Consegnare all'indirizzo indicato."]), "pl": (["Zamówienie"], ["Zamówienie nr"], ["Prosimy o potwierdzenie zamówienia."])},
    "delivery_note": {"fr": (["Bon de livraison", "BON DE LIVRAISON"], ["BL n°", "Bon de livraison n°"], ["Marchandise reçue en bon état.", "Signature du client :", "Réserves éventuelles :"]),
                      "en": (["Delivery Note", "Packing Slip", "Dispatch Note"], ["Delivery Note No.", "Packing Slip #"], ["Goods received in good condition.", "Received by (signature):", "Please check the goods on delivery."]),
                      "de": (["Lieferschein", "LIEFERSCHEIN"], ["Lieferschein-Nr.", "Lieferscheinnummer"], ["Ware in einwandfreiem Zustand erhalten.", "Unterschrift Empfänger:", "Die Rechnung folgt separat."]),
                      "nl": (["Pakbon", "Afleverbon"], ["Pakbonnummer"], ["Goederen in goede staat ontvangen."]), "es": (["Albarán", "Albarán de entrega"], ["Albarán nº"], ["Recibí conforme."]),
                      "it": (["Documento di trasporto", "DDT"], ["DDT n."], ["Firma del destinatario:"]), "pl": (["Dowód dostawy", "WZ - Wydanie zewnętrzne"], ["WZ nr"], ["Podpis odbiorcy:"])},
    "order_confirmation": {"fr": (["Confirmation de commande", "Accusé de réception de commande"], ["Commande n°"], ["Nous vous remercions pour votre commande.", "La facture vous sera adressée à l'expédition."]),
                           "en": (["Order Confirmation", "Sales Order", "Order Acknowledgement"], ["Order #", "Sales Order No."], ["Thank you for your order.", "An invoice will be sent when your order ships.", "This is not a tax invoice."]),
                           "de": (["Auftragsbestätigung", "AUFTRAGSBESTÄTIGUNG"], ["Auftragsnummer", "AB-Nr."], ["Vielen Dank für Ihre Bestellung.", "Die Rechnung erhalten Sie mit der Lieferung."]),
                           "nl": (["Orderbevestiging"], ["Ordernummer"], ["Bedankt voor uw bestelling."]), "es": (["Confirmación de pedido"], ["Pedido nº"], ["Gracias por su pedido."]),
                           "it": (["Conferma d'ordine"], ["Ordine n."], ["Grazie per il vostro ordine."]), "pl": (["Potwierdzenie zamówienia"], ["Zamówienie nr"], ["Dziękujemy za zamówienie."])},
}
NUMBER_PATTERNS = ["{p}{y}-{n4}", "{p}-{y}-{n5}", "{n6}", "{y}/{n4}", "{p}{n7}", "{p}/{y}/{m}/{n4}", "{n4}", "{p}{y}{m}{n3}", "{p}-{n5}"]
PREFIX = {"invoice": ["F", "FA", "INV", "RE", "FAC", "R", "A", "IN", "FV", "INV-", "2"], "credit_note": ["AV", "AVO", "CN", "GS", "CR", "NC", "KOR"],
          "quote": ["D", "DEV", "Q", "AN", "OF"], "purchase_order": ["PO", "BC", "BE", "ORD"], "delivery_note": ["BL", "DN", "LS", "WZ"],
          "order_confirmation": ["AB", "SO", "CC", "OC"]}


def doc_number(rng: random.Random, tpl: random.Random, base_kind: str, issue: dt.date) -> str:
    pattern = tpl.choice(NUMBER_PATTERNS)
    prefix = tpl.choice(PREFIX[base_kind])
    return pattern.format(p=prefix, y=issue.year, m=f"{issue.month:02d}", n3=f"{rng.randint(1, 999):03d}", n4=f"{rng.randint(1, 9999):04d}",
                          n5=f"{rng.randint(1, 99999):05d}", n6=str(rng.randint(100000, 999999)), n7=str(rng.randint(1000000, 9999999)))


def _country_for(rng: random.Random, lang: str, sub: str) -> str:
    if sub == "us":
        return "US"
    if sub == "gst":
        return "IN"
    country = rng.choice(I.LANG_COUNTRIES[lang])
    return "GB" if (lang == "en" and country == "IN") else country


def commercial(rng: random.Random, lang: str, kind: str) -> GenDoc:
    """One invoice-like document; ``kind`` is e.g. 'invoice', 'invoice/us', 'credit_note', 'other/quote'."""
    base, _, sub = kind.partition("/")
    neg = sub if base == "other" else None
    variant = rng.randrange(N_TEMPLATES)
    # Invoices and credit notes share their templates: same layout, same label synonyms, same
    # footer, so that only the words that make a credit note a credit note tell them apart.
    # Every choice that depends on the class is drawn from ``xtpl``, so that ``tpl`` draws the
    # same layout for both.
    template = f"commercial/{lang}/{variant}" if kind in ("invoice", "credit_note") else f"commercial/{kind}/{lang}/{variant}"
    tpl = tpl_rng(template)
    xtpl = tpl_rng(template, kind)
    country = _country_for(rng, lang, sub)
    gst, us = country == "IN", country == "US"
    seller = I.company(rng, country)
    b2c = tpl.random() < 0.25
    buyer_country = country if rng.random() < 0.8 else rng.choice(["FR", "DE", "NL", "BE", "ES", "IT", "GB"])
    buyer = I.company(rng, buyer_country)
    if b2c:
        buyer.name = I.person(rng, I.NAME_LANG[buyer_country]).name
    issue = F.random_date(rng)
    due = issue + dt.timedelta(days=rng.choice([0, 8, 10, 14, 15, 30, 30, 30, 45, 60]))
    currency = F.currency_for(country, rng)
    date_style = "mdy/" if us and tpl.random() < 0.6 else tpl.choice(F.DATE_STYLES[lang])
    amt_style = "in" if gst and tpl.random() < 0.4 else ("en" if (us or gst or country == "GB") else tpl.choice(F.LANG_AMOUNT_STYLES[lang]))
    if country == "CH":
        amt_style = tpl.choice(["ch", "en", "de"])
    dsep = F.AMOUNT_STYLES[amt_style][1]
    mark_mode = tpl.choice(["each", "totals", "totals", "none"])
    mark = tpl.choice(F.CURRENCY_MARKS[currency])
    fm = lambda v, force=False: F.fmt_money(v, amt_style, currency, mark if (mark_mode == "each" or (force and mark_mode == "totals")) else None)  # noqa: E731
    fd = lambda d: F.fmt_date(d, date_style, lang)  # noqa: E731

    items = make_items(rng, lang, country, rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12]), multi_rate=tpl.random() < 0.3,
                       scale={"PLN": 4.0, "INR": 60.0}.get(currency, 1.0))
    if us:
        tax_rate = Decimal(tpl.choice(["0", "6.25", "7", "8.25", "8.875", "9.5"]))
        for it in items:
            it.vat_rate = tax_rate
    tot = totals(items)
    paid_roll = tpl.random()
    paid = F.money(tot.incl * Decimal(rng.choice(["0.3", "0.5"]))) if (base == "invoice" and paid_roll < 0.12) else Decimal("0")
    is_credit = base == "credit_note"
    # Some invoicing software only swaps the title for a credit note: no reference to the original
    # invoice, no reason, invoice-like totals and footer. The title words must then carry the class.
    minimal = is_credit and xtpl.random() < 0.25
    title = (rng.choice(NEG[neg][lang][0]) if neg else pick(xtpl, "credit_title" if is_credit else "invoice_title", lang))
    if gst and not neg:
        title = xtpl.choice(["Tax Invoice", "TAX INVOICE", "Tax Invoice/Bill of Supply/Cash Memo", "GST Invoice"])
    number_label = tpl.choice(NEG[neg][lang][1]) if neg else pick(xtpl, "credit_number" if is_credit else "number", lang)
    if minimal and xtpl.random() < 0.4:
        number_label = {"fr": "N°", "de": "Nr.", "nl": "Nummer", "es": "Número", "it": "Numero", "pl": "Numer"}.get(lang, "No.")
    number = doc_number(rng, tpl if neg else xtpl, neg or base, issue)
    lab = {c: pick(tpl, c, lang) for c in L}
    # A title that ends with a number sign carries the number ("AVOIR N° AV-2024-0007");
    # other titles sometimes do too, for invoices as for credit notes.
    number_in_title = tpl.random() < 0.15
    if not neg and (title.rstrip(".").lower().endswith((" n°", " nr", " no", " nº", " n", " #")) or number_in_title):
        if not title.rstrip(".").lower().endswith((" n°", " nr", " no", " nº", " n", " #")):
            title += " " + {"fr": "N°", "de": "Nr.", "nl": "nr.", "es": "nº", "it": "n.", "pl": "nr"}.get(lang, "No.")
        title = f"{title} {number}"

    fields: dict = {}
    meta = [(number_label, number), (lab["date"], fd(issue))]
    if not neg:
        fields.update(invoice_number=number, type_code="381" if is_credit else "380", issue_date=issue.isoformat())
    show_due = tpl.random() < 0.6 and base == "invoice"
    if show_due:
        meta.append((lab["due"], fd(due)))
        fields["due_date"] = due.isoformat()
    orig_ref = orig_date = None
    if is_credit:
        orig_issue = issue - dt.timedelta(days=rng.randint(3, 90))
        orig_ref, orig_date = doc_number(rng, tpl_rng(template, "orig"), "invoice", orig_issue), fd(orig_issue)
        if not minimal and xtpl.random() < 0.8:
            value = orig_ref if xtpl.random() < 0.6 else f"{orig_ref} {({'fr': 'du', 'de': 'vom', 'nl': 'van', 'es': 'de', 'it': 'del', 'pl': 'z'}).get(lang, 'of')} {orig_date}"
            meta.append((xtpl.choice(ORIG_REF[lang]), value))
        if not minimal and xtpl.random() < 0.5:
            meta.append((CREDIT[lang][1], rng.choice(CREDIT[lang][2]).format(ref=orig_ref)))
    if tpl.random() < 0.35:
        order = f"{tpl.choice(['PO', 'BC', 'CMD', '', 'B'])}{rng.randint(10000, 9999999)}"
        meta.append((lab["order"], order))
        if not neg:
            fields["order_reference"] = order
    if tpl.random() < 0.3:
        ref = f"{tpl.choice(['C', 'CL', 'K', ''])}{rng.randint(1000, 999999)}"
        meta.append((lab["buyer_ref"], ref))
        if not neg:
            fields["buyer_reference"] = ref
    if mark_mode == "none" and tpl.random() < 0.6:
        meta.append(({"fr": "Devise", "de": "Währung", "nl": "Valuta", "es": "Moneda", "it": "Valuta", "pl": "Waluta"}.get(lang, "Currency"), currency))
        fields["currency"] = currency
    elif mark_mode != "none":
        fields["currency"] = currency

    # Parties.
    show_seller_ids = tpl.random() < 0.85
    seller_lines = [seller.name] + seller.address.lines
    if tpl.random() < 0.3 or seller.country != buyer.country:
        seller_lines.append(I.COUNTRY_NAMES.get(lang, I.COUNTRY_NAMES["en"])[seller.country])
    if tpl.random() < 0.5:
        seller_lines.append(f"{tpl.choice(['Tél.', 'Tel.', 'Phone', 'Tel:', 'T'])} {seller.phone}")
    if tpl.random() < 0.4:
        seller_lines.append(seller.email)
    fields.update(seller_name=seller.name, seller_address=seller.address.one_line())
    buyer_lines = [buyer.name] + buyer.address.lines
    fields["buyer_name"] = buyer.name
    if not b2c and tpl.random() < 0.45:
        label = "GSTIN" if buyer.country == "IN" else lab["vat_id"]
        buyer_lines.append(f"{label}: {buyer.vat_id}")
        fields["buyer_vat_id"] = buyer.vat_id
    if gst:
        seller_lines.append(f"GSTIN: {seller.vat_id}")
        fields["seller_vat_id"] = seller.vat_id
    id_lines = _legal_lines(tpl, seller, lang, lab, fields) if (show_seller_ids and not gst and not us) else []
    if neg:
        fields = {}

    # Line items.
    # Credit notes print their amounts positive or negative (the ground truth is positive).
    fm_doc = (lambda v, force=False: fm(-v, force)) if (is_credit and xtpl.random() < 0.35) else fm  # noqa: E731
    table = _items_table(tpl, items, lang, lab, fm_doc, dsep, gst, neg == "delivery_note")
    credit_total = None
    if is_credit and not minimal:
        roll = xtpl.random()
        if roll < 0.5:
            lab["total_incl"] = xtpl.choice(CREDIT[lang][0])
        elif roll < 0.8:
            credit_total = xtpl.choice(CREDIT[lang][0])
    elif base == "invoice" and lang in ("fr", "en", "de") and xtpl.random() < 0.04:
        lab["paid"] = {"fr": "Avoir déduit", "en": "Less credit note", "de": "abzgl. Gutschrift"}[lang]
    tot_pairs = _total_pairs(tpl, tot, paid, lab, fm_doc, amt_style, lang, us, gst, neg)
    if credit_total:
        tot_pairs.append((credit_total, fm_doc(tot.incl, True)))
    if not neg:
        fields.update(total_excl_vat=f"{tot.excl}", total_vat=f"{tot.vat}", total_incl_vat=f"{tot.incl}", amount_due=f"{tot.incl - paid}")
        if neg is None and (tot.vat == 0 and not any(k == lab["total_vat"] for k, _ in tot_pairs)):
            fields.pop("total_vat", None)
    blocks = _arrange(tpl, title, seller_lines, buyer_lines, meta, lab, lang)
    blocks.append(B.Gap(tpl.uniform(8, 20)))
    intro_roll = tpl.random()
    if is_credit and not minimal and xtpl.random() < 0.35:
        blocks.append(B.Para(xtpl.choice(ORIG_SENTENCE[lang]).format(ref=orig_ref, date=orig_date), align="left"))
    elif intro_roll < 0.3 and not minimal:
        blocks.append(B.Para(xtpl.choice(_intro(lang, is_credit, neg)), align="left"))
    blocks.append(table)
    if neg != "delivery_note":
        if tpl.random() < 0.5:
            blocks.append(B.Columns([[], [B.KV(tot_pairs, layout="table")]], widths=[1.2, 1.0]))
        else:
            table.total_rows = [[k, v] for k, v in tot_pairs]
        if len(tot.breakdown) > 1 or tpl.random() < 0.25:
            rows = [[F.fmt_rate(r, amt_style), fm_doc(b), fm_doc(t)] for r, b, t in tot.breakdown]
            blocks += [B.Gap(6), B.Table([lab["vat_col"], {"fr": "Base HT", "de": "Netto", "nl": "Grondslag"}.get(lang, "Basis"), lab["total_vat"]], rows,
                                         aligns=["left", "right", "right"], widths=[1, 1, 1])]
    if gst:
        blocks.append(B.Para(f"Amount in words: Rupees {I_words(tot.incl)} Only", align="left"))
    notes = NEG[neg][lang][2] if neg else CREDIT[lang][3] if (is_credit and not minimal) else PAYMENT_TERMS.get(lang, PAYMENT_TERMS["en"])
    notes = xtpl.sample(notes, k=min(len(notes), xtpl.randint(1, 3)))
    if is_credit and not minimal and xtpl.random() < 0.45:
        # Invoicing software prints its usual footer (payment terms, late-payment penalties) on credit notes too.
        terms = PAYMENT_TERMS.get(lang, PAYMENT_TERMS["en"])
        notes += xtpl.sample(terms, k=min(len(terms), xtpl.randint(1, 2)))
    if not neg and lang in INVOICE_CONFUSERS and xtpl.random() < (0.12 if is_credit else 0.35):
        # "avoir" as a verb or in payment terms, "credit", "Gutschrift" in passing: not enough to make a credit note.
        notes.insert(xtpl.randrange(len(notes) + 1), xtpl.choice(INVOICE_CONFUSERS[lang][:4] if is_credit else INVOICE_CONFUSERS[lang]))
    blocks.append(B.Gap(8))
    for note in notes:
        blocks.append(B.Para(note.format(ref=orig_ref), style="small", align="left"))
    bank_roll = tpl.random()
    if (gst or us) and not neg and bank_roll < 0.6:
        blocks.append(B.Heading("Bank Details" if gst else "Remit Payment To", level=2))
        blocks.append(B.KV([("Bank", f"{I.COINED[rng.randrange(len(I.COINED))]} Bank"), ("A/c No.", str(rng.randint(10**11, 10**12 - 1))),
                            ("IFSC" if gst else "ACH Routing No.", f"{seller.bic[:4]}0{rng.randint(100000, 999999)}" if gst else str(rng.randint(10**8, 10**9 - 1)))]))
    elif not neg and bank_roll < (0.55 if is_credit else 0.7):
        blocks.append(B.Heading(lab["bank_heading"], level=2))
        bank = [(lab["iban"], _iban_print(tpl, seller.iban))]
        if tpl.random() < 0.8:
            bank.append((lab["bic"], seller.bic))
            fields["bic"] = seller.bic
        fields["iban"] = seller.iban
        blocks.append(B.KV(bank, layout=tpl.choice(["colon", "inline", "table"])))
    if gst:
        blocks += [B.Gap(20), B.Lines([f"For {seller.name}", "", "Authorised Signatory"], align="right")]
    footer = id_lines if tpl.random() < 0.7 else []
    if not footer and id_lines:
        blocks += [B.Gap(10)] + [B.Lines(id_lines, style="small")]
    extra = {}
    if not neg:
        extra = {"vat_breakdown": [{"rate": f"{r:.2f}", "basis": f"{b}", "tax": f"{t}"} for r, b, t in tot.breakdown],
                 "line_items": [{"description": it.description, "quantity": f"{it.quantity.normalize():f}", "unit_price": f"{it.unit_price}",
                                 "amount": f"{it.amount}", "vat_rate": f"{it.vat_rate:.2f}"} for it in items]}
    page = B.Page("letter" if us and tpl.random() < 0.7 else "A4")
    spec = B.DocSpec(blocks, page=page, footer=footer, page_numbers=tpl.random() < 0.3, page_label=lab["page"])
    cls = "other" if neg else base
    text = None
    if tpl.random() < 0.08:   # a text-mode print-out (ERP export, .txt)
        text = to_text(blocks, width=tpl.choice([72, 80, 96]), footer=footer)
        spec = B.DocSpec([B.Mono(text, size=tpl.choice([7, 8, 9]))])
    return GenDoc(cls, kind, lang, template, spec, fields=fields, extra=extra, text=text)


def I_words(value: Decimal) -> str:   # noqa: N802 - reads as "in words"
    from .items import words_en
    return words_en(int(value))


def _iban_print(tpl: random.Random, iban: str) -> str:
    from .checks import group4
    return group4(iban) if tpl.random() < 0.7 else iban


def _legal_lines(tpl, seller: I.Company, lang: str, lab: dict, fields: dict) -> list[str]:
    """Footer lines with the seller's identifiers; records the printed ones in ``fields``."""
    parts = [seller.name]
    if seller.country == "FR":
        form = seller.name.split()[-1]
        capital = tpl.choice(["1 000", "5 000", "10 000", "37 000", "100 000", "250 000"])
        parts.append(f"{form} au capital de {capital} €" if lang == "fr" else f"{form}, share capital EUR {capital}")
        siren = seller.siren
        rcs = f"RCS {tpl.choice(['Paris', 'Lyon', 'Nanterre', 'Bordeaux', 'Lille'])} {'B ' if tpl.random() < 0.5 else ''}{siren[:3]} {siren[3:6]} {siren[6:]}"
        if seller.legal_id and len(seller.legal_id) == 14:
            s = seller.legal_id
            parts.append(f"SIRET {s[:3]} {s[3:6]} {s[6:9]} {s[9:]}" if tpl.random() < 0.6 else f"SIRET : {s}")
        else:
            parts.append(f"SIREN {siren}")
        fields["seller_legal_id"] = seller.legal_id
        parts.append(rcs)
        if tpl.random() < 0.5:
            parts.append(f"APE {tpl.randint(1000, 9999)}{tpl.choice('ABCZ')}")
    elif seller.country in ("DE", "AT"):
        parts.append(f"{tpl.choice(['HRB', 'HRA'])} {tpl.randint(1000, 99999)}, Amtsgericht {seller.address.lines[-1].split(' ', 1)[1]}")
        parts.append(f"Geschäftsführer: {seller.contact.name}")
        if tpl.random() < 0.5:
            parts.append(f"Steuernummer {tpl.randint(100, 999)}/{tpl.randint(100, 999)}/{tpl.randint(10000, 99999)}")
    elif seller.country == "GB":
        parts.append(f"Registered in England and Wales No. {tpl.randint(1000000, 9999999):08d}")
    elif seller.country == "NL":
        parts.append(f"KvK {tpl.randint(10000000, 99999999)}")
    elif seller.country == "PL":
        parts.append(f"KRS {tpl.randint(1000000, 9999999):010d}, REGON {tpl.randint(100000000, 999999999)}")
    elif seller.country == "IT":
        parts.append(f"REA MI-{tpl.randint(100000, 999999)}")
    parts.append(f"{lab['vat_id']} {seller.vat_id}")
    fields["seller_vat_id"] = seller.vat_id
    if tpl.random() < 0.4:
        parts.append(seller.website)
    per_line = tpl.choice([2, 3, 4])
    sep = tpl.choice([" - ", " | ", " · ", " – "])
    return [sep.join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]


def _items_table(tpl, items: list[LineItem], lang, lab, fm, dsep, gst: bool, no_prices: bool) -> B.Table:
    mode = tpl.choice(["full", "full", "novat", "ref", "short", "numbered"])
    if gst:
        header = ["No", "Description", "HSN/SAC", "Qty", "Rate", "Taxable Value", "CGST", "SGST", "Total"]
        rows = []
        for i, it in enumerate(items, 1):
            half = F.money(it.amount * it.vat_rate / 200)
            rows.append([str(i), it.description, str(tpl.randint(1000, 9999) * 100 + i), fmt_qty(it.quantity, "."), fm(it.unit_price), fm(it.amount),
                         f"{fm(half)} ({(it.vat_rate / 2).normalize():f}%)", f"{fm(half)} ({(it.vat_rate / 2).normalize():f}%)", fm(it.amount + 2 * half)])
        return B.Table(header, rows, aligns=["left", "left"] + ["right"] * 7, widths=[0.6, 2.6, 1.1, 0.7, 1.1, 1.3, 1.4, 1.4, 1.4])
    if no_prices:
        header = [lab["desc"], lab["qty"], {"fr": "Réf.", "de": "Art.-Nr."}.get(lang, "Ref.")]
        return B.Table(header, [[it.description, fmt_qty(it.quantity, dsep), str(tpl.randint(10000, 99999))] for it in items], widths=[4, 1, 1.2])
    if mode == "full":
        header = [lab["desc"], lab["qty"], lab["unit_price"], lab["vat_col"], lab["amount"]]
        rows = [[it.description, fmt_qty(it.quantity, dsep), fm(it.unit_price), F.fmt_rate(it.vat_rate, "fr" if dsep == "," else "en"), fm(it.amount)] for it in items]
        return B.Table(header, rows, widths=[4, 0.8, 1.3, 0.9, 1.4])
    if mode == "novat":
        header = [lab["desc"], lab["qty"], lab["unit_price"], lab["amount"]]
        return B.Table(header, [[it.description, fmt_qty(it.quantity, dsep), fm(it.unit_price), fm(it.amount)] for it in items], widths=[4, 0.8, 1.3, 1.4])
    if mode == "ref":
        header = [{"fr": "Réf.", "de": "Pos.", "nl": "Art.nr."}.get(lang, "Code"), lab["desc"], lab["qty"], pick(tpl, "unit", lang), lab["unit_price"], lab["amount"]]
        unit = pick(tpl, "unit", lang)
        rows = [[f"{tpl.choice('ABCKRX')}{tpl.randint(100, 9999)}", it.description, fmt_qty(it.quantity, dsep), unit, fm(it.unit_price), fm(it.amount)] for it in items]
        return B.Table(header, rows, aligns=["left", "left", "right", "center", "right", "right"], widths=[0.9, 3.5, 0.7, 0.6, 1.2, 1.3])
    if mode == "short":
        return B.Table([lab["desc"], lab["amount"]], [[f"{it.description} ({fmt_qty(it.quantity, dsep)} x {fm(it.unit_price)})", fm(it.amount)] for it in items], widths=[5, 1.4])
    header = ["#", lab["desc"], lab["qty"], lab["unit_price"], lab["amount"]]
    return B.Table(header, [[str(i), it.description, fmt_qty(it.quantity, dsep), fm(it.unit_price), fm(it.amount)] for i, it in enumerate(items, 1)],
                   aligns=["left", "left", "right", "right", "right"], widths=[0.4, 4, 0.8, 1.3, 1.4])


def _total_pairs(tpl, tot: Totals, paid: Decimal, lab, fm, amt_style, lang, us: bool, gst: bool, neg) -> list[tuple[str, str]]:
    pairs = [(lab["total_excl"], fm(tot.excl))]
    if us:
        rate = tot.breakdown[0][0] if tot.breakdown else Decimal(0)
        pairs.append((f"Sales Tax ({rate.normalize():f}%)", fm(tot.vat)))
    elif gst:
        half = F.money(tot.vat / 2)
        pairs += [("CGST", fm(half)), ("SGST", fm(tot.vat - half)), ("Total Tax", fm(tot.vat))] if tpl.random() < 0.6 else [("IGST", fm(tot.vat))]
    elif len(tot.breakdown) == 1 and tpl.random() < 0.6:
        pairs.append((f"{lab['total_vat']} {F.fmt_rate(tot.breakdown[0][0], amt_style)}", fm(tot.vat)))
    else:
        pairs.append((lab["total_vat"], fm(tot.vat)))
    if neg in ("purchase_order", "quote", "order_confirmation") and tpl.random() < 0.3:
        return pairs[:1]
    pairs.append((lab["total_incl"], fm(tot.incl, True)))
    due_roll = tpl.random()
    if paid:
        pairs += [(lab["paid"], fm(-paid)), (lab["amount_due"], fm(tot.incl - paid, True))]
    elif due_roll < 0.3 and not neg:
        pairs.append((lab["amount_due"], fm(tot.incl, True)))
    return pairs


def _intro(lang: str, credit: bool, neg) -> list[str]:
    if neg:
        return {"fr": ["Suite à votre demande, nous avons le plaisir de vous adresser notre proposition."], "de": ["Vielen Dank für Ihre Anfrage. Gerne bieten wir Ihnen an:"],
                "en": ["Thank you for your enquiry. We are pleased to provide the following."]}.get(lang, ["-"])
    if credit:
        return {"fr": ["Nous avons le plaisir de vous adresser un avoir pour les articles retournés.", "Nous vous adressons ci-dessous l'avoir correspondant :"],
                "de": ["Wir schreiben Ihnen folgende Positionen gut:", "Wir erteilen Ihnen folgende Gutschrift:"],
                "en": ["We have credited your account with the following items.", "Please find below the details of your refund."]}.get(lang, ["-"])
    return {"fr": ["Pour les prestations suivantes :", "Nous vous prions de trouver ci-dessous le détail de notre facturation.",
                   "Nous avons le plaisir de vous adresser notre facture pour les prestations suivantes :", "Suite à votre commande, nous avons livré :"],
            "de": ["Für unsere Leistungen erlauben wir uns, Ihnen wie folgt zu berechnen:", "Vielen Dank für Ihren Auftrag. Wir berechnen Ihnen:"],
            "en": ["For services rendered:", "Thank you for your order. Please find the details below."]}.get(lang, ["-"])


def _arrange(tpl, title: str, seller: list[str], buyer: list[str], meta: list, lab: dict, lang: str) -> list:
    """Places title, parties and the header fields in one of several arrangements."""
    mode = tpl.randrange(6)
    meta_layout = tpl.choice(["colon", "table", "colon"])
    kv = B.KV(meta, layout=meta_layout)
    buyer_head = [B.Lines([lab["bill_to"]], style="bold")] if tpl.random() < 0.6 else []
    seller_head = [B.Lines([lab["seller"]], style="bold")] if tpl.random() < 0.3 else []
    s_block = seller_head + [B.Lines(seller, bold_first=True)]
    b_block = buyer_head + [B.Lines(buyer, bold_first=tpl.random() < 0.5)]
    if mode == 0:
        return [B.Columns([s_block, [B.Title(title, align="right"), kv]]), B.Gap(14), B.Columns([[], b_block], widths=[1.1, 1])]
    if mode == 1:
        return [B.Title(title, align=tpl.choice(["left", "center"])), B.Gap(6), B.Columns([s_block, b_block]), B.Gap(8),
                B.KV(meta, layout="inline") if tpl.random() < 0.5 else kv]
    if mode == 2:
        return [B.Columns([[B.Title(title), kv], s_block], widths=[1.2, 1]), B.Gap(12), *b_block]
    if mode == 3:
        return [B.Title(seller[0], align="center", scale=0.8), B.Lines([", ".join(seller[1:])], style="small", align="center"), B.Rule(),
                B.Title(title, scale=0.7), B.Columns([b_block, [kv]])]
    if mode == 4:
        return [B.Columns([b_block, [B.Title(title, align="right"), kv]]), B.Gap(6), B.Lines([f"{seller[0]} - {', '.join(seller[1:])}"], style="small")]
    return [B.Title(title), kv, B.Gap(10), B.Columns([s_block, b_block])]
