"""Receipts: till tickets, restaurant bills, taxi, fuel, parking, card slips, hotel and
online payment receipts. Short documents, mostly on a narrow till roll.
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

N_TEMPLATES = 40
SHOPS = {
    "till": {"fr": ["Supermarché", "Épicerie", "Boulangerie", "Pharmacie", "Bricolage", "Librairie", "Carrefour Market", "Intermarché"],
             "en": ["Supermarket", "Grocery", "Hardware Store", "Pharmacy", "Bookshop", "Convenience Store", "Mini Mart"],
             "de": ["Supermarkt", "Bäckerei", "Apotheke", "Baumarkt", "Buchhandlung", "Drogerie", "Getränkemarkt"]},
    "restaurant": {"fr": ["Restaurant", "Brasserie", "Café", "Bistrot", "Pizzeria"], "en": ["Restaurant", "Diner", "Café", "Grill", "Pub"],
                   "de": ["Restaurant", "Gasthaus", "Café", "Brauhaus", "Pizzeria"]},
}
PRODUCTS = {
    "till": {"fr": ["BAGUETTE", "LAIT DEMI-ECR 1L", "BEURRE DOUX 250G", "POMMES GOLDEN KG", "CAFE MOULU 250G", "EAU MINERALE 6X1.5L", "PAPIER TOILETTE X12", "YAOURT NATURE X4", "PILES AA X4", "DOLIPRANE 1000MG", "VIS BOIS 4X30", "CAHIER A4", "JAMBON BLANC 4T", "TOMATES GRAPPE"],
             "en": ["MILK 2L", "BREAD WHOLEMEAL", "EGGS FREE RANGE 12", "BANANAS", "COFFEE 200G", "BOTTLED WATER", "PAPER TOWELS", "AA BATTERIES 4PK", "PARACETAMOL 500MG", "WOOD SCREWS", "NOTEBOOK A4", "CHEDDAR 400G", "APPLES 1KG"],
             "de": ["VOLLMILCH 1L", "BROETCHEN", "BUTTER 250G", "AEPFEL LOSE", "KAFFEE 500G", "MINERALWASSER", "KUECHENROLLE", "JOGHURT NATUR", "BATTERIEN AA", "IBUPROFEN 400", "SCHRAUBEN 4X30", "PFAND", "KAESE GOUDA", "BANANEN"]},
    "restaurant": {"fr": ["Menu du jour", "Entrecôte frites", "Salade César", "Café gourmand", "Carafe de vin rouge", "Eau pétillante", "Tarte Tatin", "Plat du jour", "Expresso", "Kir"],
                   "en": ["Burger & fries", "Caesar salad", "Fish and chips", "Soup of the day", "House red (glass)", "Sparkling water", "Cheesecake", "Espresso", "Pint of lager"],
                   "de": ["Schnitzel Wiener Art", "Tagessuppe", "Apfelstrudel", "Weißbier 0,5l", "Mineralwasser 0,25l", "Kaffee", "Currywurst Pommes", "Salatteller"]},
}
WORDS = {
    "title": {"till": {"fr": ["TICKET DE CAISSE", "Ticket n°", "REÇU", "Ticket client"], "en": ["RECEIPT", "SALES RECEIPT", "Till receipt", "CUSTOMER COPY"], "de": ["KASSENBON", "Kassenbeleg", "BON", "Quittung"]},
              "restaurant": {"fr": ["ADDITION", "Note", "Ticket", "REÇU"], "en": ["GUEST CHECK", "RECEIPT", "Bill", "Table receipt"], "de": ["RECHNUNG / BEWIRTUNGSBELEG", "Bewirtungsbeleg", "Quittung", "BON"]},
              "taxi": {"fr": ["REÇU TAXI", "Note de taxi", "Reçu"], "en": ["TAXI RECEIPT", "Cab receipt", "Receipt"], "de": ["TAXIQUITTUNG", "Quittung", "Taxi-Quittung"]},
              "fuel": {"fr": ["STATION SERVICE", "Ticket carburant"], "en": ["FUEL RECEIPT", "Petrol station"], "de": ["TANKSTELLE", "Tankbeleg"]},
              "parking": {"fr": ["PARKING", "Reçu de stationnement"], "en": ["CAR PARK", "Parking receipt"], "de": ["PARKHAUS", "Parkbeleg"]},
              "card": {"fr": ["CARTE BANCAIRE", "CB SANS CONTACT"], "en": ["CARD PAYMENT", "VISA CONTACTLESS"], "de": ["KARTENZAHLUNG", "girocard kontaktlos"]}},
    "total": {"fr": ["TOTAL", "TOTAL TTC", "A PAYER", "MONTANT"], "en": ["TOTAL", "TOTAL DUE", "AMOUNT", "BALANCE"], "de": ["SUMME", "SUMME EUR", "GESAMT", "ZU ZAHLEN"]},
    "paid": {"fr": ["CB", "ESPECES", "CARTE BANCAIRE", "CB SANS CONTACT", "TICKET RESTAURANT"], "en": ["CASH", "VISA", "MASTERCARD", "CARD", "AMEX"], "de": ["BAR", "EC-KARTE", "GIROCARD", "KARTE", "VISA"]},
    "change": {"fr": ["RENDU", "Monnaie rendue"], "en": ["CHANGE", "Change due"], "de": ["RÜCKGELD", "Zurück"]},
    "thanks": {"fr": ["MERCI DE VOTRE VISITE", "A BIENTOT !", "Merci et bonne journée", "Conservez votre ticket"], "en": ["THANK YOU FOR SHOPPING WITH US", "Please come again!", "Thank you!", "Keep your receipt for returns"],
               "de": ["VIELEN DANK FÜR IHREN EINKAUF", "Auf Wiedersehen!", "Danke für Ihren Besuch", "Bitte Bon aufbewahren"]},
    "vat": {"fr": "TVA", "en": "VAT", "de": "MwSt"},
    "cashier": {"fr": ["Caisse", "Hôtesse", "Vendeur"], "en": ["Till", "Cashier", "Served by"], "de": ["Kasse", "Bediener", "Es bediente Sie"]},
}
RATES = {"fr": [Decimal("5.5"), Decimal("20"), Decimal("10")], "en": [Decimal("20"), Decimal("0")], "de": [Decimal("7"), Decimal("19")]}


def _fmt(amount: Decimal, lang: str) -> str:
    return F.fmt_amount(amount, "en" if lang == "en" else "plain_comma")


def _two(left: str, right: str, width: int) -> str:
    left = left[: max(1, width - len(right) - 1)]
    return left + " " * max(1, width - len(left) - len(right)) + right


def receipt(rng: random.Random, lang: str, sub: str) -> GenDoc:
    """One receipt of kind ``sub`` (till, restaurant, taxi, fuel, parking, card, hotel, online)."""
    if sub in ("hotel", "online"):
        return _a4_receipt(rng, lang, sub)
    variant = rng.randrange(N_TEMPLATES)
    template = f"receipt/{sub}/{lang}/{variant}"
    tpl = tpl_rng(template)
    country = {"fr": "FR", "en": tpl.choice(["GB", "US", "IN"]), "de": tpl.choice(["DE", "DE", "AT"])}[lang]
    shop = I.company(rng, country)
    kind_words = SHOPS.get(sub, SHOPS["till"])[lang]
    if tpl.random() < 0.6:
        shop.name = f"{tpl.choice(kind_words)} {rng.choice(I.COINED + I.LAST[I.NAME_LANG[country]])}".upper() if tpl.random() < 0.5 else f"{tpl.choice(kind_words)} {rng.choice(I.COINED)}"
    width = tpl.choice([32, 36, 40, 42])
    when = dt.datetime.combine(F.random_date(rng), dt.time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59)))
    date_style = tpl.choice({"fr": ["dmy/", "dmy/", "dmy-"], "en": ["dmy/", "mdy/", "d-mon-y", "iso"], "de": ["dmy.", "dmy.", "dmy.short"]}[lang])
    currency = {"GB": "GBP", "US": "USD", "IN": "INR"}.get(country, "EUR")
    lines: list[str] = []
    head = [shop.name] + shop.address.lines
    if tpl.random() < 0.5:
        head.append(f"{'Tél' if lang == 'fr' else 'Tel'} {shop.phone}")
    total, breakdown, body = _body(rng, tpl, lang, sub, width, currency)
    fields = {"seller_name": shop.name, "seller_address": shop.address.one_line(), "issue_date": when.date().isoformat(),
              "total_incl_vat": f"{total}"}
    title = tpl.choice(WORDS["title"].get(sub, WORDS["title"]["till"])[lang])
    date_txt = F.fmt_date(when.date(), date_style, lang)
    time_txt = when.strftime("%H:%M" if tpl.random() < 0.6 else "%H:%M:%S")
    meta = [_two(date_txt, time_txt, width) if tpl.random() < 0.6 else f"{date_txt} {time_txt}"]
    if tpl.random() < 0.7:
        meta.append(f"{tpl.choice(WORDS['cashier'][lang])} {rng.randint(1, 12)}  {'Ticket' if lang != 'de' else 'Bon'} {rng.randint(1000, 99999)}")
    lines += [*head, "", title, *meta, "-" * width, *body, "-" * width]
    cur = {"EUR": "EUR", "GBP": "GBP", "USD": "USD", "INR": "INR"}[currency]
    lines.append(_two(tpl.choice(WORDS["total"][lang]) + (f" {cur}" if tpl.random() < 0.4 else ""), _fmt(total, lang), width))
    if tpl.random() < 0.4 or currency != "EUR":
        fields["currency"] = currency
    pay = tpl.choice(WORDS["paid"][lang])
    if pay in ("ESPECES", "CASH", "BAR") and sub != "card":
        given = money(Decimal(int(total) + rng.choice([1, 5, 10, 20])))
        lines += [_two(pay, _fmt(given, lang), width), _two(tpl.choice(WORDS["change"][lang]), _fmt(given - total, lang), width)]
    else:
        lines += [_two(pay, _fmt(total, lang), width)]
        if tpl.random() < 0.5:
            lines.append(f"{'Carte' if lang == 'fr' else 'Card'} ************{rng.randint(1000, 9999)}")
    if breakdown and tpl.random() < 0.75:
        lines.append("")
        vat = WORDS["vat"][lang]
        for rate, basis, tax in breakdown:
            lines.append(_two(f"{vat} {rate.normalize():f}%", f"{_fmt(basis, lang)} {_fmt(tax, lang)}", width))
    if country == "FR" and tpl.random() < 0.6:
        lines.append(f"SIRET {shop.legal_id if shop.legal_id and len(shop.legal_id) == 14 else shop.siren}")
    if tpl.random() < 0.4:
        lines.append(f"{ {'fr': 'N° TVA', 'en': 'VAT No', 'de': 'USt-IdNr'}[lang]} {shop.vat_id}")
        fields["seller_vat_id"] = shop.vat_id
    if lang == "de" and country == "DE" and tpl.random() < 0.6:
        lines += ["", "TSE-Signatur:", "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/") for _ in range(width))[:width],
                  f"TSE-Transaktion: {rng.randint(10000, 999999)}", f"TSE-Start: {when.isoformat()}"]
    lines += ["", tpl.choice(WORDS["thanks"][lang]).center(width)]
    centred = tpl.random() < 0.6
    text_lines = [ln.center(width) if (centred and i < len(head)) else ln for i, ln in enumerate(lines)]
    text = "\n".join(text_lines)
    if tpl.random() < 0.7:
        blocks = [B.Mono(text)]
    else:
        blocks = [B.Lines(head, align="center", bold_first=True), B.Lines([title, *meta], align="center"), B.Rule(), B.Mono("\n".join(lines[len(head) + 2 + len(meta):]))]
    spec = B.DocSpec(blocks, page=B.Page("receipt", width_mm=tpl.choice([58, 72, 80, 80])))
    extra = {"vat_breakdown": [{"rate": f"{r:.2f}", "basis": f"{b}", "tax": f"{t}"} for r, b, t in breakdown]} if breakdown else {}
    return GenDoc("receipt", f"receipt/{sub}", lang, template, spec, fields=fields, extra=extra, text=text if tpl.random() < 0.3 else None)


def _body(rng, tpl, lang, sub, width, currency) -> tuple[Decimal, list, list[str]]:
    """The item lines; returns (total, VAT breakdown, lines)."""
    lines = []
    by_rate: dict[Decimal, Decimal] = {}
    scale = Decimal(80) if currency == "INR" else Decimal(1)
    if sub in ("till", "restaurant", "card"):
        pool = PRODUCTS["restaurant" if sub == "restaurant" else "till"][lang]
        n = rng.randint(1, 3) if sub == "card" else rng.randint(1, 14)
        if sub == "restaurant":
            lines.append(f"{'Table' if lang != 'de' else 'Tisch'} {rng.randint(1, 40)}   {'Couverts' if lang == 'fr' else 'Covers' if lang == 'en' else 'Gäste'}: {rng.randint(1, 6)}")
        for _ in range(n):
            name = rng.choice(pool)
            qty = rng.choice([1, 1, 1, 2, 3])
            price = money(Decimal(str(round(rng.lognormvariate(1.2 if sub == "till" else 2.2, 0.7), 2))) * scale + Decimal("0.2"))
            rate = rng.choice(RATES[lang][:2]) if sub == "till" else RATES[lang][-1]
            amount = money(price * qty)
            by_rate[rate] = by_rate.get(rate, Decimal(0)) + amount
            if qty > 1:
                lines += [name, _two(f"  {qty} x {_fmt(price, lang)}", _fmt(amount, lang), width)]
            else:
                lines.append(_two(name, _fmt(amount, lang), width))
        if sub == "card":
            lines = [f"{'MONTANT' if lang == 'fr' else 'BETRAG' if lang == 'de' else 'AMOUNT'}", "DEBIT" if lang == "fr" else "", f"A{rng.randint(10**13, 10**14 - 1)}", "TICKET CLIENT" if lang == "fr" else "CUSTOMER COPY"] + lines[:1]
    elif sub == "taxi":
        km = Decimal(rng.randint(2, 60)) + Decimal(rng.randint(0, 9)) / 10
        amount = money(Decimal("4.10") + km * Decimal("1.9") * scale)
        src, dst = rng.choice(I.STREETS["FR"][1]), rng.choice(I.STREETS["FR"][1])
        words = {"fr": ("Départ", "Arrivée", "Distance", "Tarif", "Chauffeur", "Licence"), "en": ("From", "To", "Distance", "Fare", "Driver", "Licence"),
                 "de": ("Start", "Ziel", "Strecke", "Fahrpreis", "Fahrer", "Konz.-Nr.")}[lang]
        lines += [f"{words[0]}: {src}", f"{words[1]}: {dst}", f"{words[2]}: {km} km", _two(words[3], _fmt(amount, lang), width),
                  f"{words[4]}: {rng.choice(I.LAST[lang])}", f"{words[5]}: {rng.randint(100, 9999)}"]
        by_rate[RATES[lang][0] if lang != "en" else Decimal(0)] = amount
    elif sub == "fuel":
        litres = Decimal(rng.randint(10, 70)) + Decimal(rng.randint(0, 99)) / 100
        unit = Decimal(rng.choice(["1.789", "1.859", "1.699", "1.929"])) * scale
        amount = money(litres * unit)
        fuel = rng.choice(["SP95-E10", "GAZOLE", "Super E5", "Diesel", "UNLEADED"])
        lines += [f"{'Pompe' if lang == 'fr' else 'Zapfsäule' if lang == 'de' else 'Pump'} {rng.randint(1, 12)}", fuel,
                  _two(f"{litres} L x {unit}", _fmt(amount, lang), width)]
        by_rate[RATES[lang][-1] if lang != "en" else Decimal(20)] = amount
    else:   # parking
        hours = rng.randint(1, 12)
        amount = money(Decimal(hours) * Decimal(rng.choice(["2.40", "3.00", "1.80"])) * scale)
        lines += [f"{'Entrée' if lang == 'fr' else 'Einfahrt' if lang == 'de' else 'Entry'}: {rng.randint(6, 12):02d}:{rng.randint(0, 59):02d}",
                  f"{'Durée' if lang == 'fr' else 'Dauer' if lang == 'de' else 'Duration'}: {hours} h", _two("TOTAL", _fmt(amount, lang), width)]
        by_rate[RATES[lang][-1] if lang != "en" else Decimal(20)] = amount
    breakdown = []
    for rate, gross in sorted(by_rate.items()):
        basis = money(gross / (1 + rate / 100))
        breakdown.append((rate, basis, money(gross - basis)))
    total = money(sum(by_rate.values(), Decimal(0)))
    return total, breakdown, lines


def _a4_receipt(rng: random.Random, lang: str, sub: str) -> GenDoc:
    """Hotel payment receipts and online payment receipts (page-sized)."""
    variant = rng.randrange(N_TEMPLATES)
    template = f"receipt/{sub}/{lang}/{variant}"
    tpl = tpl_rng(template)
    country = {"fr": "FR", "de": "DE", "en": tpl.choice(["GB", "US", "IN", "IN"])}[lang]
    seller = I.company(rng, country)
    currency = {"GB": "GBP", "US": "USD", "IN": "INR"}.get(country, "EUR")
    mark = tpl.choice(F.CURRENCY_MARKS[currency])
    style = "en" if lang == "en" else "fr_space" if lang == "fr" else "de"
    day = F.random_date(rng)
    ds = tpl.choice(F.DATE_STYLES[lang])
    fd = lambda d: F.fmt_date(d, ds, lang)  # noqa: E731
    guest = I.person(rng, I.NAME_LANG[country] if country != "US" else "en")
    fields = {"seller_name": seller.name, "issue_date": day.isoformat(), "currency": currency}
    w = {"fr": ("REÇU DE PAIEMENT", "Client", "Arrivée", "Départ", "Nuitées", "Chambre", "Total", "Montant réglé", "Mode de paiement", "Solde", "Réservation", "Date"),
         "en": ("PAYMENT RECEIPT", "Guest Name", "Check In", "Check Out", "Nights", "Room Charges", "Grand Total", "Payment received", "Payment Mode", "Balance", "Booking ID", "Date"),
         "de": ("ZAHLUNGSBESTÄTIGUNG", "Gast", "Anreise", "Abreise", "Nächte", "Zimmer", "Gesamt", "Erhaltene Zahlung", "Zahlungsart", "Restbetrag", "Buchungsnummer", "Datum")}[lang]
    if sub == "hotel":
        nights = rng.randint(1, 6)
        rate = money(Decimal(rng.randint(45, 260)) * (Decimal(25) if currency == "INR" else Decimal(1)))
        total = money(rate * nights)
        mode = tpl.choice({"fr": ["Carte bancaire", "Espèces"], "en": ["Cash at Hotel", "Credit Card", "Paid online"], "de": ["Kreditkarte", "Bar"]}[lang])
        money_s = lambda v: F.fmt_money(v, style, currency, mark)  # noqa: E731
        hotel_name = f"{tpl.choice(['Hotel', 'Hôtel', 'Resort', 'Inn', 'Residency'])} {rng.choice(I.COINED)}"
        fields["seller_name"] = hotel_name
        blocks = [B.Title(w[0], align="center"), B.Columns([[B.KV([(w[1], guest.name)])], [B.KV([(w[11], fd(day))])]]), B.Gap(8),
                  B.Table([hotel_name, w[2], w[3], w[4]], [[", ".join(seller.address.lines), fd(day), fd(day + dt.timedelta(days=nights)), str(nights)]], widths=[3, 1, 1, 0.7]),
                  B.KV([(w[10], f"{tpl.choice(['BK', 'IB', 'HX'])}{rng.randint(10000, 99999)}"), (w[8], mode)], layout="inline"), B.Gap(10),
                  B.Table(["DESCRIPTION", "RATE", "AMOUNT"] if lang == "en" else ["Description", "Tarif" if lang == "fr" else "Preis", "Montant" if lang == "fr" else "Betrag"],
                          [[w[5], f"{money_s(rate)} x {nights}", money_s(total)]], total_rows=[[w[6], money_s(total)], [w[7], money_s(total)], [w[9], money_s(Decimal(0))]]),
                  B.Para(tpl.choice({"fr": ["Ce reçu ne constitue pas une facture. Une facture peut être demandée à la réception."], "de": ["Dieser Beleg ist keine Rechnung."],
                                     "en": ["Amount payable is inclusive of applicable taxes. Please ask the hotel for an invoice at the time of check-out.", "This is a computer generated receipt."]}[lang]), style="small")]
        fields["seller_address"] = seller.address.one_line()
    else:
        total = money(Decimal(str(round(rng.lognormvariate(3.5, 1.0), 2))) + 1)
        money_s = lambda v: F.fmt_money(v, style, currency, mark)  # noqa: E731
        number = f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        rc = {"fr": ("Reçu", "Reçu n°", "Montant payé", "Date de paiement", "Moyen de paiement", "Résumé"),
              "en": ("Receipt", "Receipt #", "Amount paid", "Date paid", "Payment method", "Summary"),
              "de": ("Quittung", "Quittungsnummer", "Bezahlter Betrag", "Zahlungsdatum", "Zahlungsmethode", "Übersicht")}[lang]
        item = rng.choice(["Pro plan (monthly)", "Team subscription", "Abonnement mensuel", "Jahresabo", "Domain renewal", "Storage add-on"])
        blocks = [B.Title(f"{rc[0]} {'de' if lang == 'fr' else 'from' if lang == 'en' else 'von'} {seller.name}"), B.Lines([f"{rc[1]} {number}"]), B.Gap(8),
                  B.Columns([[B.Lines([rc[2], money_s(total)])], [B.Lines([rc[3], fd(day)])], [B.Lines([rc[4], f"Visa - {rng.randint(1000, 9999)}"])]]),
                  B.Heading(rc[5], 2), B.Table(None, [[item, money_s(total)]], total_rows=[[rc[2], money_s(total)]]),
                  B.Para({"fr": "Des questions ? Contactez-nous à ", "en": "Questions? Contact us at ", "de": "Fragen? Schreiben Sie uns: "}[lang] + seller.email, style="small"),
                  B.Lines([seller.name] + seller.address.lines, style="small")]
        fields["seller_address"] = seller.address.one_line()
    fields["total_incl_vat"] = f"{total}"
    return GenDoc("receipt", f"receipt/{sub}", lang, template, B.DocSpec(blocks), fields=fields)
