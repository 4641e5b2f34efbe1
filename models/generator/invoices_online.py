"""Invoices of online shops and marketplaces, and periodic bills of cloud, telecom and
utility services: order numbers, billing/shipping addresses, billing periods, usage
lines, and the boilerplate paragraphs (returns, warranty, account, direct debit) that
such invoices carry. Class ``invoice``.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from . import blocks as B
from . import formats as F
from . import identity as I
from .common import GenDoc, tpl_rng
from .formats import money
from .items import LineItem, totals

N_TEMPLATES = 40
PRODUCTS = ["Wireless earbuds, black", "USB-C cable 2 m", "Stainless steel water bottle 750 ml", "Paperback novel", "LED desk lamp", "Phone case, clear",
            "Running socks (3 pairs)", "Portable SSD 500 GB", "Memory card 64 GB", "Coffee grinder", "Yoga mat 6 mm", "Board game", "Kitchen scale, digital",
            "Bluetooth keyboard", "Children's puzzle 100 pieces", "Hair dryer 2000 W", "Screen protector (2-pack)", "Electric toothbrush heads"]
W = {  # per language: titles, order no., order date, billing address, shipping address, sold by, payment, shipping line, subtotal, vat, total
    "en": (["Invoice", "Tax Invoice", "Retail Invoice", "Invoice/Bill", "Order Invoice"], "Order Number", "Order Date", "Billing Address", "Shipping Address",
           "Sold by", "Payment Method", "Shipping & Handling", "Item Subtotal", "VAT", "Grand Total"),
    "de": (["Rechnung", "Rechnung / Lieferschein", "RECHNUNG"], "Bestellnummer", "Bestelldatum", "Rechnungsadresse", "Lieferadresse",
           "Verkauft von", "Zahlungsart", "Versandkosten", "Zwischensumme (netto)", "USt.", "Gesamtsumme (inkl. USt.)"),
    "fr": (["Facture", "Facture client", "FACTURE"], "N° de commande", "Date de commande", "Adresse de facturation", "Adresse de livraison",
           "Vendu par", "Moyen de paiement", "Frais de port", "Sous-total HT", "TVA", "Total TTC"),
    "nl": (["Factuur", "FACTUUR"], "Ordernummer", "Orderdatum", "Factuuradres", "Afleveradres", "Verkocht door", "Betaalmethode", "Verzendkosten",
           "Subtotaal", "BTW", "Totaal"),
}
BOILER = {
    "en": ["Returns are accepted within 30 days of delivery. Items must be unused and in their original packaging.", "Keep this invoice and the product box for warranty claims.",
           "This is a computer generated invoice and does not require a signature.", "You can view your orders and download invoices at any time from your account page.",
           "Need help? Our customer service team is available seven days a week.", "Thank you for shopping with us. We hope to see you again soon.",
           "Prices include the applicable taxes unless stated otherwise.", "For questions about delivery, please use the tracking link in your confirmation e-mail."],
    "de": ["Sie können Artikel innerhalb von 30 Tagen nach Erhalt zurücksenden.", "Bitte bewahren Sie diese Rechnung für Garantiefälle auf.",
           "Ihre Bestellungen und Rechnungen finden Sie jederzeit in Ihrem Kundenkonto.", "Diese Rechnung wurde maschinell erstellt und ist ohne Unterschrift gültig.",
           "Haben Sie Fragen? Unser Kundenservice hilft Ihnen gerne weiter.", "Vielen Dank für Ihren Einkauf!", "Mit dieser Lieferung ist Ihre Bestellung vollständig."],
    "fr": ["Vous disposez d'un délai de 30 jours pour retourner un article.", "Conservez cette facture, elle vous sera demandée en cas de garantie.",
           "Retrouvez toutes vos commandes et factures dans votre espace client.", "Facture générée électroniquement, valable sans signature.",
           "Une question ? Notre service client vous répond du lundi au samedi.", "Merci pour votre commande !"],
    "nl": ["Je kunt artikelen binnen 30 dagen retourneren.", "Bewaar deze factuur voor garantie.", "Al je bestellingen en facturen vind je in je account.",
           "Vragen? Onze klantenservice helpt je graag.", "Bedankt voor je bestelling!"],
}
BILL = {  # titles, account, period, summary, detail, charges, credits, total due, notes
    "en": (["Invoice", "Your bill", "Invoice for services"], "Account number", "Billing period", "Summary", "Detail", "Charges", "Credits", "Total amount due",
           ["Thank you for using our services. This invoice covers your usage for the billing period shown above.", "The amount due will be charged to the payment method on file.",
            "Usage is measured in hours and gigabytes and rounded to the nearest unit.", "You can review charges by service in the billing console."]),
    "fr": (["Facture", "Votre facture", "Facture de services"], "N° de compte client", "Période de facturation", "Récapitulatif", "Détail", "Montant", "Avoirs",
           "Montant total à payer", ["Le montant sera prélevé sur votre compte bancaire à la date d'échéance.", "Retrouvez le détail de vos consommations dans votre espace abonné.",
                                     "Abonnement et options facturés d'avance, consommations facturées à terme échu."]),
    "de": (["Rechnung", "Ihre Rechnung", "Monatsrechnung"], "Kundennummer", "Abrechnungszeitraum", "Übersicht", "Einzelaufstellung", "Betrag", "Gutschriften",
           "Rechnungsbetrag", ["Der Rechnungsbetrag wird per SEPA-Lastschrift von Ihrem Konto eingezogen.", "Den Einzelverbindungsnachweis finden Sie in Ihrem Kundenportal.",
                               "Grundgebühren werden im Voraus, Verbrauch nachträglich berechnet."]),
}
SERVICES = {"cloud": ["Compute instances", "Object storage", "Data transfer", "Managed database", "Load balancer", "DNS queries", "Backup storage"],
            "telecom": ["Monthly plan", "Data option 20 GB", "Calls outside plan", "International roaming", "Fibre internet subscription", "TV option"],
            "utility": ["Standing charge", "Electricity consumption (kWh)", "Gas consumption (kWh)", "Network charges", "Meter rental"]}


def _order_no(rng: random.Random, tpl: random.Random) -> str:
    return tpl.choice([lambda: f"{rng.randint(100, 999)}-{rng.randint(10**6, 10**7 - 1)}-{rng.randint(10**6, 10**7 - 1)}",
                       lambda: f"OD{rng.randint(10**17, 10**18 - 1)}", lambda: f"#{rng.randint(100000, 9999999)}", lambda: f"{rng.randint(10**8, 10**9 - 1)}"])()


def retail_invoice(rng: random.Random, lang: str) -> GenDoc:
    variant = rng.randrange(N_TEMPLATES)
    template = f"online/retail/{lang}/{variant}"
    tpl = tpl_rng(template)
    w = W[lang]
    country = {"en": tpl.choice(["GB", "US", "IN"]), "de": "DE", "fr": "FR", "nl": "NL"}[lang]
    seller = I.company(rng, country)
    shop = f"{rng.choice(I.COINED)}{tpl.choice(['', 'shop', 'mart', 'store', 'kart'])}.example"
    buyer = I.person(rng, I.NAME_LANG[country] if country != "US" else "en")
    b_addr, s_addr = I.address(rng, country), I.address(rng, country)
    currency = {"GB": "GBP", "US": "USD", "IN": "INR"}.get(country, "EUR")
    style = "en" if lang == "en" else "de"
    mark = tpl.choice(F.CURRENCY_MARKS[currency])
    fm = lambda v: F.fmt_money(v, style, currency, mark)  # noqa: E731
    ds = tpl.choice(F.DATE_STYLES[lang] + ["long"])
    order_day = F.random_date(rng)
    issue = order_day + dt.timedelta(days=rng.randint(0, 5))
    rate = Decimal({"GB": "20", "US": "0", "IN": "18", "DE": "19", "FR": "20", "NL": "21"}[country])
    items = [LineItem(f"{rng.choice(PRODUCTS)} ({''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789') for _ in range(10))})", Decimal(rng.choice([1, 1, 1, 2, 3])),
                      money(Decimal(str(round(rng.lognormvariate(3, 0.9), 2))) * (Decimal(70) if currency == "INR" else 1)), rate) for _ in range(rng.randint(1, 5))]
    shipping = money(Decimal(rng.choice(["0", "0", "3.99", "4.90", "5.95"])))
    if shipping:
        items.append(LineItem(w[7], Decimal(1), shipping, rate))
    tot = totals(items)
    number = tpl.choice([f"{tpl.choice(['INV', 'RE', 'FA', 'EU', 'IN'])}-{rng.randint(10**7, 10**8 - 1)}", f"{tpl.choice(['BLR', 'DE', 'FR', 'NL'])}_{rng.randint(10**9, 10**10 - 1)}", str(rng.randint(10**8, 10**9 - 1))])
    order = _order_no(rng, tpl)
    title = tpl.choice(w[0])
    number_label = {"en": "Invoice Number", "de": "Rechnungsnummer", "fr": "N° de facture", "nl": "Factuurnummer"}[lang]
    date_label = {"en": "Invoice Date", "de": "Rechnungsdatum", "fr": "Date de facture", "nl": "Factuurdatum"}[lang]
    meta = [(number_label, number), (date_label, F.fmt_date(issue, ds, lang)), (w[1], order), (w[2], F.fmt_date(order_day, ds, lang)),
            (w[6], tpl.choice(["Visa **** " + str(rng.randint(1000, 9999)), "PayPal", "Mastercard", "iDEAL", "Cash on Delivery", "Carte bancaire", "Rechnung"]))]
    tpl.shuffle(meta)
    vat_label = {"IN": "GST", "US": "Sales Tax"}.get(country, w[9])
    fields = {"invoice_number": number, "type_code": "380", "issue_date": issue.isoformat(), "currency": currency, "seller_name": seller.name,
              "seller_address": seller.address.one_line(), "buyer_name": buyer.name, "order_reference": order.lstrip("#"),
              "total_excl_vat": f"{tot.excl}", "total_vat": f"{tot.vat}", "total_incl_vat": f"{tot.incl}", "amount_due": f"{tot.incl}"}
    seller_lines = [f"{w[5]}: {seller.name}"] + seller.address.lines
    if country == "IN":
        seller_lines.append(f"GSTIN: {seller.vat_id}")
        fields["seller_vat_id"] = seller.vat_id
    elif country != "US":
        seller_lines.append(f"{ {'en': 'VAT No', 'de': 'USt-IdNr.', 'fr': 'N° TVA', 'nl': 'BTW-nr'}[lang]}: {seller.vat_id}")
        fields["seller_vat_id"] = seller.vat_id
    blocks = [B.Columns([[B.Title(shop, scale=0.7)], [B.Title(title, align="right")]]), B.KV(meta, layout=tpl.choice(["colon", "table"])), B.Gap(8),
              B.Columns([[B.Lines([w[3], buyer.name] + b_addr.lines, bold_first=True)], [B.Lines([w[4], buyer.name] + s_addr.lines, bold_first=True)], [B.Lines(seller_lines)]]),
              B.Gap(10)]
    qty, price, total = {"en": ("Qty", "Unit price", "Total"), "de": ("Menge", "Einzelpreis", "Gesamt"), "fr": ("Qté", "Prix unitaire", "Total"), "nl": ("Aantal", "Prijs", "Totaal")}[lang]
    rows = [[it.description, f"{it.quantity}", fm(it.unit_price), f"{rate.normalize():f}%", fm(it.amount)] for it in items]
    blocks.append(B.Table([{"en": "Item", "de": "Artikel", "fr": "Article", "nl": "Artikel"}[lang], qty, price, vat_label, total], rows, widths=[4, 0.6, 1.2, 0.7, 1.2],
                          total_rows=[[w[8], fm(tot.excl)], [vat_label, fm(tot.vat)], [w[10], fm(tot.incl)]]))
    blocks.append(B.Gap(10))
    for para in rng.sample(BOILER[lang], rng.randint(2, min(5, len(BOILER[lang])))):
        blocks.append(B.Para(para, style="small", align="left"))
    blocks.append(B.Lines([f"{shop} - {seller.phone} - www.{shop}"], style="small", align="center"))
    return GenDoc("invoice", "invoice/retail", lang, template, B.DocSpec(blocks), fields=fields)


def billing_invoice(rng: random.Random, lang: str) -> GenDoc:
    """A periodic bill (cloud, telecom, utility) with account number and billing period."""
    sector = rng.choice(list(SERVICES))
    variant = rng.randrange(N_TEMPLATES)
    template = f"online/billing/{sector}/{lang}/{variant}"
    tpl = tpl_rng(template)
    b = BILL[lang]
    country = {"en": tpl.choice(["GB", "US"]), "de": "DE", "fr": "FR"}[lang]
    seller, buyer = I.company(rng, country), I.company(rng, country)
    if tpl.random() < 0.5:
        buyer.name = I.person(rng, I.NAME_LANG[country]).name
    currency = {"GB": "GBP", "US": "USD"}.get(country, "EUR")
    style = "en" if lang == "en" else "fr_space" if lang == "fr" else "de"
    mark = tpl.choice(F.CURRENCY_MARKS[currency])
    fm = lambda v: F.fmt_money(v, style, currency, mark)  # noqa: E731
    ds = tpl.choice(F.DATE_STYLES[lang] + ["long"])
    start = F.random_date(rng).replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    issue = end + dt.timedelta(days=rng.randint(1, 5))
    due = issue + dt.timedelta(days=rng.choice([10, 14, 15, 20, 30]))
    rate = Decimal({"GB": "20", "US": "0", "DE": "19", "FR": "20"}[country])
    items = [LineItem(s, Decimal(1), money(Decimal(str(round(rng.lognormvariate(2.5, 1.2), 2)))), rate) for s in rng.sample(SERVICES[sector], rng.randint(2, len(SERVICES[sector])))]
    tot = totals(items)
    number = f"{tpl.choice(['', 'INV', 'F', 'R'])}{rng.randint(10**7, 10**10)}"
    account = str(rng.randint(10**9, 10**12))
    fields = {"invoice_number": number, "type_code": "380", "issue_date": issue.isoformat(), "due_date": due.isoformat(), "currency": currency,
              "seller_name": seller.name, "seller_address": seller.address.one_line(), "buyer_name": buyer.name, "buyer_reference": account,
              "total_excl_vat": f"{tot.excl}", "total_vat": f"{tot.vat}", "total_incl_vat": f"{tot.incl}", "amount_due": f"{tot.incl}"}
    number_label = {"en": "Invoice Number", "de": "Rechnungsnummer", "fr": "N° de facture"}[lang]
    date_label = {"en": "Invoice Date", "de": "Rechnungsdatum", "fr": "Date de facture"}[lang]
    period = f"{F.fmt_date(start, ds, lang)} - {F.fmt_date(end, ds, lang)}"
    vat_label = {"en": "VAT" if country == "GB" else "Tax", "de": "USt. 19 %", "fr": "TVA 20 %"}[lang]
    blocks = [B.Columns([[B.Title(seller.name, scale=0.7), B.Lines(seller.address.lines, style="small")], [B.Title(tpl.choice(b[0]), align="right")]]),
              B.Columns([[B.Lines([buyer.name] + buyer.address.lines)], [B.KV([(b[1], account), (number_label, number), (date_label, F.fmt_date(issue, ds, lang)), (b[2], period)], layout="table")]]),
              B.Lines([f"{b[7]} {F.fmt_date(due, ds, lang)}: {fm(tot.incl)}"], style="big"), B.Heading(b[3], 2),
              B.Table(None, [[b[5], fm(tot.excl)], [b[6], fm(Decimal('0.00'))], [vat_label, fm(tot.vat)]], total_rows=[[b[7], fm(tot.incl)]], widths=[5, 1.5]),
              B.Heading(b[4], 2)]
    rows = []
    for it in items:
        rows += [[it.description, fm(it.amount)], [f"    {b[5]}", fm(it.amount)]]
    blocks.append(B.Table(None, rows, widths=[5, 1.5]))
    blocks += [B.Para(p, style="small", align="left") for p in rng.sample(b[8], rng.randint(1, len(b[8])))]
    footer = [f"{seller.name} - {', '.join(seller.address.lines)}" + (f" - {seller.vat_id}" if country != "US" else "")]
    if country != "US":
        fields["seller_vat_id"] = seller.vat_id
    return GenDoc("invoice", "invoice/billing", lang, template, B.DocSpec(blocks, footer=footer), fields=fields)
