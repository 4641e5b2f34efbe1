"""Documents of class ``other``: letters, reports, articles and book pages, forms, OCR
test pages, price lists, bank statements, payslips, minutes, menus.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from . import blocks as B
from . import formats as F
from . import identity as I
from . import prose
from .common import GenDoc, tpl_rng
from .formats import money

N_TEMPLATES = 30
COUNTRY = {"fr": "FR", "en": "GB", "de": "DE"}


def other(rng: random.Random, lang: str, sub: str) -> GenDoc:
    """One 'other' document of kind ``sub``."""
    variant = rng.randrange(N_TEMPLATES)
    template = f"other/{sub}/{lang}/{variant}"
    tpl = tpl_rng(template)
    blocks, page = GENERATORS[sub](rng, tpl, lang)
    spec = B.DocSpec(blocks, page=page or B.Page(), page_numbers=tpl.random() < 0.3)
    return GenDoc("other", f"other/{sub}", lang, template, spec)


def _letter(rng, tpl, lang):
    country = COUNTRY[lang] if lang != "en" else rng.choice(["GB", "US"])
    sender, org, rcpt = I.person(rng, I.NAME_LANG[country]), I.company(rng, country), I.company(rng, country)
    day = F.random_date(rng)
    city = org.address.lines[-1].split(" ", 1)[-1]
    subj = {"fr": ["Objet : Demande de rendez-vous", "Objet : Résiliation de l'abonnement", "Objet : Changement d'adresse", "Objet : Candidature spontanée", "Objet : Réclamation"],
            "de": ["Betreff: Terminanfrage", "Kündigung des Vertrages", "Betreff: Adressänderung", "Bewerbung", "Betreff: Beschwerde"],
            "en": ["Re: Request for a meeting", "Subject: Change of address", "Re: Your application", "Subject: Complaint", "Notice of annual general meeting"]}[lang]
    open_ = {"fr": ["Madame, Monsieur,", "Cher client,"], "de": ["Sehr geehrte Damen und Herren,", "Liebe Frau Müller,"], "en": ["Dear Sir or Madam,", "Dear Ms Taylor,"]}[lang]
    close = {"fr": ["Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.", "Veuillez agréer nos sincères salutations."],
             "de": ["Mit freundlichen Grüßen", "Hochachtungsvoll"], "en": ["Yours faithfully,", "Yours sincerely,", "Kind regards,"]}[lang]
    date_line = {"fr": f"{city}, le {F.fmt_date(day, 'long', 'fr')}", "de": f"{city}, {F.fmt_date(day, tpl.choice(['long', 'dmy.']), 'de')}",
                 "en": F.fmt_date(day, tpl.choice(["long", "long_dmy"]), "en")}[lang]
    blocks = [B.Lines([org.name] + org.address.lines + [org.phone], bold_first=True), B.Gap(18), B.Columns([[], [B.Lines([rcpt.name] + rcpt.address.lines)]]),
              B.Gap(12), B.Lines([date_line], align="right"), B.Gap(10), B.Lines([tpl.choice(subj)], style="bold"), B.Gap(6), B.Lines([tpl.choice(open_)])]
    blocks += [B.Para(prose.paragraph(rng, lang, (2, 5))) for _ in range(rng.randint(1, 4))]
    blocks += [B.Para(tpl.choice(close)), B.Gap(20), B.Lines([sender.name])]
    return blocks, None


def _article(rng, tpl, lang):
    """A magazine/report/book page: title, maybe author line, paragraphs, page header."""
    topic = rng.choice(prose.topics(lang))
    blocks = []
    if tpl.random() < 0.4:
        blocks.append(B.Lines([f"{rng.choice(['Chapter', 'Part', 'Section'] if lang == 'en' else ['Chapitre', 'Partie'] if lang == 'fr' else ['Kapitel', 'Teil'])} {rng.randint(1, 19)}"], align="center"))
    title_words = prose.sentence(rng, lang, topic).split()[: rng.randint(3, 7)]
    blocks.append(B.Title(" ".join(title_words).rstrip(".,"), align=tpl.choice(["left", "center"]), scale=tpl.uniform(0.6, 1.0)))
    if tpl.random() < 0.5:
        blocks.append(B.Lines([f"{'By' if lang == 'en' else 'Par' if lang == 'fr' else 'Von'} {I.person(rng, lang).name}"], style="small"))
    for i in range(rng.randint(3, 9)):
        if tpl.random() < 0.2:
            blocks.append(B.Heading(" ".join(prose.sentence(rng, lang, topic).split()[:4]).rstrip(".,"), level=2))
        blocks.append(B.Para(prose.paragraph(rng, lang, (3, 8), topic), indent=tpl.choice([0, 0, 14])))
    if tpl.random() < 0.3:
        rows = [[str(rng.randint(1900, 2023)), str(rng.randint(10, 999)), f"{rng.uniform(0, 100):.1f}"] for _ in range(rng.randint(3, 8))]
        blocks.insert(rng.randint(2, len(blocks)), B.Table(["Year" if lang == "en" else "Année" if lang == "fr" else "Jahr", "n", "%"], rows, widths=[1, 1, 1]))
    if tpl.random() < 0.3:
        cols = [[], []]
        for i, b in enumerate(blocks[1:]):
            cols[i % 2].append(b)
        blocks = [blocks[0], B.Columns(cols)]
    return blocks, None


def _ocr_test(rng, tpl, lang):
    """Pages made to test OCR: font samples, character sets, pangrams, mixed languages."""
    blocks = [B.Title(tpl.choice(["OCR test page", "Font sample", "Test pattern", "Scanner test sheet", "Page de test", "Testseite"]), scale=0.7)]
    langs = ["en", "en", "fr", "de"] if tpl.random() < 0.4 else [lang]
    for _ in range(rng.randint(3, 8)):
        kind = rng.random()
        if kind < 0.45:
            blocks.append(B.Para(prose.paragraph(rng, rng.choice(langs), (2, 5)), style=rng.choice(["body", "big", "small"]), align=rng.choice(["left", "justify"])))
        elif kind < 0.65:
            blocks.append(B.Lines(rng.sample(prose.PANGRAMS, rng.randint(1, 3)), style=rng.choice(["body", "big", "bold"])))
        elif kind < 0.8:
            blocks.append(B.Lines(["ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "àâçéèêëîïôûùüÿæœ ÄÖÜäöüß"][: rng.randint(2, 5)], style=rng.choice(["body", "big"])))
        else:
            amount = f"${rng.randint(10, 99999):,}.{rng.randint(0, 99):02d}"
            blocks.append(B.Para(f"{prose.sentence(rng, 'en')} The value was {amount}, about {rng.randint(1, 99)}.{rng.randint(0, 9)}% of the sample, "
                                 f"and the address was user{rng.randint(1, 999)}@example.org.", style="body"))
    return blocks, None


def _form(rng, tpl, lang):
    labels = {"fr": ["Nom", "Prénom", "Date de naissance", "Adresse", "Code postal", "Ville", "Téléphone", "E-mail", "Signature", "N° de sécurité sociale", "Profession"],
              "de": ["Name", "Vorname", "Geburtsdatum", "Straße, Hausnummer", "PLZ", "Ort", "Telefon", "E-Mail", "Unterschrift", "Staatsangehörigkeit", "Beruf"],
              "en": ["Surname", "First name", "Date of birth", "Address", "Postcode", "City", "Telephone", "Email", "Signature", "National Insurance number", "Occupation"]}[lang]
    title = tpl.choice({"fr": ["Formulaire d'inscription", "Demande d'adhésion", "Fiche de renseignements", "Formulaire de réclamation"],
                        "de": ["Anmeldeformular", "Antrag auf Mitgliedschaft", "Personalfragebogen", "Reklamationsformular"],
                        "en": ["Registration form", "Membership application", "Personal details form", "Claim form"]}[lang])
    blocks = [B.Title(title, align="center", scale=0.8), B.Para(prose.sentence(rng, lang), style="small")]
    pairs = [(lab, "_" * rng.randint(20, 40)) for lab in rng.sample(labels, rng.randint(5, len(labels)))]
    blocks.append(B.KV(pairs, layout=tpl.choice(["colon", "table"])))
    blocks.append(B.Lines([f"[ ] {x}" for x in rng.sample(["Oui", "Non", "Yes", "No", "Ja", "Nein", "Newsletter", "Option A", "Option B"], 4)]))
    return blocks, None


def _price_list(rng, tpl, lang):
    from .items import CATALOG
    cat = CATALOG[lang]
    items = rng.sample(cat["goods"] + cat["services"], rng.randint(6, 16))
    style = {"fr": "fr_space", "de": "de", "en": "en"}[lang]
    rows = [[f"{tpl.choice('ABCPX')}{rng.randint(100, 9999)}", it, F.fmt_money(money(Decimal(str(round(rng.lognormvariate(3, 1), 2))) + 1), style, "EUR", tpl.choice(F.CURRENCY_MARKS["EUR"]))] for it in items]
    title = tpl.choice({"fr": ["Tarifs 2024", "Liste de prix", "Catalogue - prix publics"], "de": ["Preisliste", "Preise gültig ab 1. Januar", "Katalog"],
                        "en": ["Price List", "Rates and charges", "Product catalogue"]}[lang])
    org = I.company(rng, COUNTRY[lang])
    return [B.Lines([org.name] + org.address.lines, bold_first=True), B.Title(title), B.Table([{"fr": "Réf.", "de": "Art.-Nr.", "en": "Code"}[lang],
            {"fr": "Article", "de": "Artikel", "en": "Item"}[lang], {"fr": "Prix HT", "de": "Preis netto", "en": "Price"}[lang]], rows, widths=[1, 4, 1.4]),
            B.Para({"fr": "Prix donnés à titre indicatif, susceptibles de modification.", "de": "Alle Preise zzgl. MwSt. Irrtümer vorbehalten.", "en": "Prices exclude VAT and may change without notice."}[lang], style="small")], None


def _bank_statement(rng, tpl, lang):
    country = COUNTRY[lang]
    bank, client = I.company(rng, country), I.person(rng, I.NAME_LANG[country])
    start = F.random_date(rng)
    ds = tpl.choice(F.DATE_STYLES[lang])
    style = {"fr": "fr_space", "de": "de", "en": "en"}[lang]
    balance = money(Decimal(rng.randint(-500, 20000)))
    rows = []
    ops = {"fr": ["PRLV SEPA EDF", "CB CARREFOUR", "VIR SALAIRE", "RETRAIT DAB", "CHQ N°", "VIR SEPA LOYER", "FRAIS BANCAIRES"],
           "de": ["LASTSCHRIFT STADTWERKE", "KARTENZAHLUNG REWE", "GEHALT", "BARGELDAUSZAHLUNG", "DAUERAUFTRAG MIETE", "KONTOFÜHRUNG"],
           "en": ["DIRECT DEBIT COUNCIL TAX", "CARD PAYMENT TESCO", "SALARY", "CASH WITHDRAWAL", "STANDING ORDER RENT", "ACCOUNT FEE"]}[lang]
    for i in range(rng.randint(6, 22)):
        amt = money(Decimal(str(round(rng.lognormvariate(3.5, 1.2), 2))))
        credit = rng.random() < 0.2
        balance += amt if credit else -amt
        day = start + dt.timedelta(days=i * rng.randint(0, 2))
        rows.append([F.fmt_date(day, ds, lang), rng.choice(ops), "" if credit else F.fmt_amount(amt, style), F.fmt_amount(amt, style) if credit else "", F.fmt_amount(balance, style)])
    head = {"fr": ["Date", "Libellé", "Débit", "Crédit", "Solde"], "de": ["Datum", "Buchungstext", "Soll", "Haben", "Saldo"], "en": ["Date", "Description", "Paid out", "Paid in", "Balance"]}[lang]
    title = tpl.choice({"fr": ["Relevé de compte", "RELEVÉ DE COMPTE COURANT"], "de": ["Kontoauszug", "KONTOAUSZUG Nr. " + str(rng.randint(1, 12))], "en": ["Bank Statement", "Statement of account"]}[lang])
    from .checks import group4, iban
    return [B.Columns([[B.Lines([bank.name] + bank.address.lines, bold_first=True)], [B.Title(title, align="right", scale=0.7)]]),
            B.Lines([client.name, f"IBAN {group4(iban(rng, country if country != 'GB' else 'GB'))}"]), B.Gap(8),
            B.Table(head, rows, aligns=["left", "left", "right", "right", "right"], widths=[1.1, 3.5, 1, 1, 1.1])], None


def _payslip(rng, tpl, lang):
    country = COUNTRY[lang]
    emp, org = I.person(rng, I.NAME_LANG[country]), I.company(rng, country)
    gross = money(Decimal(rng.randint(1800, 7000)))
    style = {"fr": "fr_space", "de": "de", "en": "en"}[lang]
    lines = {"fr": [("Salaire de base", gross), ("Sécurité sociale", -gross * Decimal("0.069")), ("Retraite complémentaire", -gross * Decimal("0.0401")), ("CSG déductible", -gross * Decimal("0.068"))],
             "de": [("Grundgehalt", gross), ("Lohnsteuer", -gross * Decimal("0.14")), ("Rentenversicherung", -gross * Decimal("0.093")), ("Krankenversicherung", -gross * Decimal("0.081"))],
             "en": [("Basic pay", gross), ("Income tax (PAYE)", -gross * Decimal("0.16")), ("National Insurance", -gross * Decimal("0.08")), ("Pension", -gross * Decimal("0.05"))]}[lang]
    net = money(sum((money(v) for _, v in lines), Decimal(0)))
    title = {"fr": "BULLETIN DE PAIE", "de": "Gehaltsabrechnung", "en": "Payslip"}[lang]
    period = F.fmt_date(F.random_date(rng), "long", lang)
    return [B.Title(title), B.Columns([[B.Lines([org.name] + org.address.lines)], [B.Lines([emp.name, period])]]),
            B.Table(None, [[k, F.fmt_amount(money(v), style)] for k, v in lines], total_rows=[[{"fr": "Net à payer avant impôt", "de": "Auszahlungsbetrag", "en": "Net pay"}[lang], F.fmt_amount(net, style)]])], None


def _minutes(rng, tpl, lang):
    title = {"fr": "Compte rendu de réunion", "de": "Protokoll der Sitzung", "en": "Minutes of the meeting"}[lang]
    people = [I.person(rng, lang).name for _ in range(rng.randint(3, 7))]
    blocks = [B.Title(title, scale=0.8), B.KV([({"fr": "Date", "de": "Datum", "en": "Date"}[lang], F.fmt_date(F.random_date(rng), "long", lang)),
                                              ({"fr": "Présents", "de": "Anwesend", "en": "Present"}[lang], ", ".join(people))])]
    for i in range(rng.randint(2, 6)):
        blocks += [B.Heading(f"{i + 1}. " + " ".join(prose.sentence(rng, lang).split()[:4]).rstrip(".,"), 2), B.Para(prose.paragraph(rng, lang, (1, 4)))]
    return blocks, None


def _menu(rng, tpl, lang):
    from .receipts import PRODUCTS
    dishes = rng.sample(PRODUCTS["restaurant"][lang], rng.randint(4, len(PRODUCTS["restaurant"][lang])))
    style = {"fr": "plain_comma", "de": "plain_comma", "en": "en"}[lang]
    return [B.Title({"fr": "Menu", "de": "Speisekarte", "en": "Menu"}[lang], align="center"),
            B.Table(None, [[d, F.fmt_amount(money(Decimal(rng.randint(4, 35))), style)] for d in dishes], widths=[5, 1]),
            B.Lines([{"fr": "Prix nets, service compris", "de": "Alle Preise inkl. MwSt.", "en": "A discretionary service charge of 12.5% will be added"}[lang]], style="small", align="center")], None


def _garbage(rng, tpl, lang):
    """Text like the OCR of a photo or a badly scanned page: fragments and noise."""
    alphabet = "abcdefghijklmnopqrstuvwxyz     ,.;:'-=|_/\\~!1234567890"
    lines = []
    for _ in range(rng.randint(3, 25)):
        if rng.random() < 0.3:
            words = prose.sentence(rng, rng.choice(["en", lang])).split()
            lines.append(" ".join(rng.sample(words, min(len(words), rng.randint(1, 4)))))
        else:
            lines.append("".join(rng.choice(alphabet) for _ in range(rng.randint(3, 40))))
    return [B.Mono("\n".join(lines))], None


def _story(rng, tpl, lang):
    """A magazine feature, memoir or fiction page: narrative paragraphs in columns."""
    blocks = []
    if tpl.random() < 0.5:
        blocks.append(B.Title(" ".join(prose.narrative(rng, lang, (1, 1)).split()[:rng.randint(3, 6)]).rstrip(".,"), scale=tpl.uniform(0.6, 1.1)))
    paras = [B.Para(prose.narrative(rng, lang), indent=tpl.choice([0, 12])) for _ in range(rng.randint(3, 8))]
    if tpl.random() < 0.5:
        paras.insert(rng.randint(1, len(paras)), B.Lines([f"{'By' if lang == 'en' else 'Par' if lang == 'fr' else 'Von'} {I.person(rng, lang).name.upper()}"], style="small"))
    if tpl.random() < 0.3:
        paras.append(B.Lines([f"PHOTO: {I.person(rng, 'en').name.upper()}/{rng.choice(['AGENCY', 'STUDIO', 'ARCHIVES'])}"], style="small"))
    ncol = tpl.choice([1, 2, 2, 3])
    if ncol == 1:
        return blocks + paras, None
    cols = [[] for _ in range(ncol)]
    for i, b in enumerate(paras):
        cols[i * ncol // len(paras)].append(b)
    return blocks + [B.Columns(cols)], None


GENERATORS = {"letter": _letter, "article": _article, "ocr_test": _ocr_test, "form": _form, "price_list": _price_list,
              "bank_statement": _bank_statement, "payslip": _payslip, "minutes": _minutes, "menu": _menu, "garbage": _garbage, "story": _story}
