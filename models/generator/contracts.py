"""Contracts: NDAs, service agreements, leases and employment contracts (EN, FR, DE).

Ground truth: ``parties``, ``effective_date``, ``jurisdiction``, ``term`` and
``termination_notice`` (ISO 8601 durations) and ``contract_value`` where printed.
"""
from __future__ import annotations

import random
from decimal import Decimal

from . import blocks as B
from . import clauses_en as EN
from . import formats as F
from . import identity as I
from .clauses_eu import DE, FR
from .common import GenDoc, tpl_rng

N_TEMPLATES = 40
NUM_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def _duration(rng: random.Random, choices: list[tuple[int, str]]) -> tuple[int, str]:
    return rng.choice(choices)


def _value(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randrange(lo, hi, 500)).quantize(Decimal("0.01"))


def contract(rng: random.Random, lang: str, sub: str) -> GenDoc:
    """A contract of kind ``sub`` (nda, services, lease, employment) in ``lang``."""
    variant = rng.randrange(N_TEMPLATES)
    template = f"contract/{sub}/{lang}/{variant}"
    tpl = tpl_rng(template)
    if lang == "en":
        return _english(rng, tpl, sub, template)
    return _continental(rng, tpl, sub, template, lang)


def _english(rng, tpl, sub, template) -> GenDoc:
    uk = tpl.random() < 0.2
    country = "GB" if uk else "US"
    a_co, b_co = I.company(rng, country), I.company(rng, country)
    state = rng.choice(EN.STATES)
    employee = I.person(rng, "en") if sub == "employment" else None
    b_name = employee.name if employee else b_co.name
    short = lambda name: name.split()[0].strip(",").title() if len(name.split()[0]) > 3 else name.split()[0]  # noqa: E731
    a, b = short(a_co.name), ("Employee" if employee else short(b_co.name))
    if sub == "lease":
        a, b = "Landlord", "Tenant"
    day = F.random_date(rng, 1998, 2024)
    date_txt = F.fmt_date(day, tpl.choice(["long", "long", "long_dmy"]), "en")
    term_n, term_u = _duration(rng, [(1, "Y"), (2, "Y"), (3, "Y"), (5, "Y"), (18, "M"), (6, "M"), (10, "Y")])
    notice_n, notice_u = _duration(rng, [(30, "D"), (60, "D"), (90, "D"), (10, "D"), (3, "M"), (6, "M")])
    value = _value(rng, {"services": 20000, "lease": 30000, "employment": 60000}.get(sub, 1000), {"services": 900000, "lease": 600000, "employment": 350000}.get(sub, 2000))
    money = lambda v: f"${v:,.2f}" if not uk else f"£{v:,.2f}"  # noqa: E731
    desc = lambda co: tpl.choice(EN.ENTITY_DESC).format(state=state if not uk else "England")  # noqa: E731
    title = tpl.choice(EN.TITLES[sub])
    slots = dict(title=title, TITLE=title.upper(), date=date_txt, A=a_co.name.upper() if tpl.random() < 0.4 else a_co.name, B=b_name, a=a, b=b,
                 descA=desc(a_co), descB="an individual residing in " + b_co.address.lines[-1] if employee else desc(b_co),
                 addrA=", ".join(a_co.address.lines), addrB=", ".join(b_co.address.lines), role_a="Company" if employee else "Disclosing Party",
                 role_b="Employee" if employee else "Recipient", purpose=rng.choice(EN.PURPOSES), service=rng.choice(EN.SERVICES), use=rng.choice(EN.USES),
                 position=rng.choice(EN.POSITIONS), boss=rng.choice(["Chief Executive Officer", "Board of Directors", "President"]), value=money(value),
                 rent=money((value / 12).quantize(Decimal("0.01"))), deposit=money((value / 6).quantize(Decimal("0.01"))), sqft=f"{rng.randint(8, 120) * 100:,}",
                 vacation=rng.choice([15, 20, 25]), state=state, court=EN.COURTS[state],
                 term_n=term_n, term_words=NUM_WORDS[term_n] if term_n < 13 else str(term_n), term_unit={"Y": "years", "M": "months", "D": "days"}[term_u],
                 notice_n=notice_n, notice_words=NUM_WORDS[notice_n] if notice_n < 13 else {30: "thirty", 60: "sixty", 90: "ninety"}[notice_n],
                 notice_unit={"Y": "years", "M": "months", "D": "days"}[notice_u])
    if term_n == 1:
        slots["term_unit"] = slots["term_unit"][:-1]
    fields = {"parties": [a_co.name, b_name], "effective_date": day.isoformat(), "jurisdiction": "England and Wales" if uk else state,
              "term": f"P{term_n}{term_u}", "termination_notice": f"P{notice_n}{notice_u}"}
    blocks: list = []
    header = None
    if not uk and tpl.random() < 0.5:   # as filed on EDGAR
        ex = f"{rng.choice([10, 10, 10, 99])}.{rng.randint(1, 40)}"
        blocks.append(B.Lines([f"EX-{ex.split('.')[0]} {rng.randint(2, 9)} {tpl.choice(['ex', 'd', 'exh'])}{ex.replace('.', '')}{rng.randint(100, 999) if tpl.random() < 0.5 else ''}.htm EXHIBIT {ex}"], style="small"))
        blocks.append(B.Lines([f"Exhibit {ex}"], align="right"))
        if tpl.random() < 0.3:
            blocks.append(B.Lines(["CONFIDENTIAL TREATMENT REQUESTED"], style="small", align="center"))
    blocks.append(B.Title(title.upper() if tpl.random() < 0.6 else title, align="center", scale=0.6))
    fill = lambda s: s.format(**slots)  # noqa: E731
    blocks.append(B.Para(fill(tpl.choice(EN.PREAMBLE)), indent=tpl.choice([0, 24])))
    recitals = EN.RECITALS.get(sub, [])
    if recitals and tpl.random() < 0.75:
        blocks.append(B.Lines(["RECITALS"], align="center") if tpl.random() < 0.4 else B.Gap(4))
        for r in recitals[: rng.randint(2, len(recitals))]:
            blocks.append(B.Para(fill(r), indent=24))
        blocks.append(B.Para(fill(tpl.choice(EN.NOW))))
    sections = list(EN.SECTIONS[sub])
    rng.shuffle(sections)
    sections = sections[: rng.randint(max(3, len(sections) - 2), len(sections))]
    sections.insert(rng.randint(1, len(sections)), ("Term", [tpl.choice(EN.TERM)]))
    sections.insert(rng.randint(2, len(sections)), ("Termination", [tpl.choice(EN.TERMINATION)]))
    sections.append(("Governing Law", [tpl.choice(EN.LAW_UK if uk else EN.LAW)]))
    sections.append(("Miscellaneous", rng.sample(EN.MISC, rng.randint(2, len(EN.MISC)))))
    numbering = tpl.choice(["{i}. {t}.", "Section {i}. {t}", "{i}. {T}", "ARTICLE {i}\n{T}", "{i}.\t{t}"])
    inline = tpl.random() < 0.5
    if sub in ("services", "lease", "employment"):
        fields["contract_value"] = f"{value}"
    for i, (t, paras) in enumerate(sections, 1):
        head = numbering.format(i=i, t=t, T=t.upper())
        texts = [fill(p) for p in paras[:1]] if t != "Miscellaneous" else [fill(p) for p in paras]
        if t not in ("Miscellaneous",) and len(paras) > 1 and rng.random() < 0.5:
            texts = [fill(p) for p in paras]
        if inline:
            blocks.append(B.Para(f"{head} {texts[0]}"))
            blocks += [B.Para(f"({chr(97 + k)}) {x}", indent=18) for k, x in enumerate(texts[1:])]
        else:
            blocks.append(B.Heading(head, level=2))
            blocks += [B.Para(x) for x in texts]
    blocks.append(B.Para(tpl.choice(EN.WITNESS)))
    sig = []
    for name in (a_co.name, b_name):
        signer = I.person(rng, "en")
        sig.append([B.Lines([name.upper() if name != b_name or not employee else name, "", "By: ______________________", f"Name: {signer.name if name != b_name or not employee else name}",
                             f"Title: {rng.choice(['Chief Executive Officer', 'President', 'General Counsel', 'Vice President']) if name != b_name or not employee else ''}", "Date: ______________"])])
    blocks += [B.Gap(12), B.Columns(sig)]
    spec = B.DocSpec(blocks, page=B.Page("letter" if not uk else "A4"), header=header, page_numbers=tpl.random() < 0.6)
    return GenDoc("contract", f"contract/{sub}", "en", template, spec, fields=fields)


def _continental(rng, tpl, sub, template, lang) -> GenDoc:
    C = FR if lang == "fr" else DE
    country = "FR" if lang == "fr" else "DE"
    a_co, b_co = I.company(rng, country), I.company(rng, country)
    employee = I.person(rng, lang) if sub == "employment" else None
    b_name = employee.name if employee else b_co.name
    a = a_co.name.split()[0]
    b = ("le Salarié" if lang == "fr" else "Arbeitnehmer") if employee else b_co.name.split()[0]
    day = F.random_date(rng, 2005, 2025)
    date_txt = F.fmt_date(day, "long", lang)
    term_n, term_u = _duration(rng, [(1, "Y"), (2, "Y"), (3, "Y"), (5, "Y"), (9, "Y"), (6, "M"), (12, "M")])
    notice_n, notice_u = _duration(rng, [(1, "M"), (3, "M"), (6, "M"), (30, "D"), (15, "D")])
    value = _value(rng, 20000, 500000)
    fmt_v = lambda v: F.fmt_money(v, "fr_space" if lang == "fr" else "de", "EUR", ("€", False) if tpl.random() < 0.5 else ("EUR", False))  # noqa: E731
    unit = lambda n, u: C["units"][u][0 if n == 1 else 1]  # noqa: E731
    court = rng.choice(C["courts"])
    rep = I.person(rng, lang)
    slots = dict(A=a_co.name, B=b_name, a=a, b=b, date=date_txt, date_txt=date_txt, addr=", ".join(a_co.address.lines), purpose=rng.choice(
        ["un projet de développement logiciel", "un partenariat commercial", "une acquisition éventuelle"] if lang == "fr" else
        ["Softwareentwicklung", "einer strategischen Partnerschaft", "eines möglichen Unternehmenskaufs"]),
        service=rng.choice(["conseil", "développement informatique", "maintenance"] if lang == "fr" else ["Beratung", "Softwareentwicklung", "Wartung"]),
        value=fmt_v(value), rent=fmt_v((value / 12).quantize(Decimal("0.01"))), deposit=fmt_v((value / 4).quantize(Decimal("0.01"))),
        sqm=rng.randint(40, 900), position=rng.choice(["Responsable administratif et financier", "Ingénieur d'études", "Chef de projet"] if lang == "fr" else ["Softwareentwickler", "Vertriebsleiter", "Projektmanager"]),
        term_n=term_n, term_unit=unit(term_n, term_u), notice_n=notice_n, notice_unit=unit(notice_n, notice_u), court=court)
    fill = lambda s: s.format(**slots)  # noqa: E731
    fields = {"parties": [a_co.name, b_name], "effective_date": day.isoformat(), "jurisdiction": "France" if lang == "fr" else "Germany",
              "termination_notice": f"P{notice_n}{notice_u}"}
    blocks = [B.Title(tpl.choice(C["titles"][sub]), align="center", scale=0.6), B.Lines([tpl.choice(C["between"])], style="bold")]
    party_a = C["party"].format(A=a_co.name, form=a_co.name.split()[-1], capital=rng.choice(["10 000", "50 000", "100 000"]), rcs=court, siren=a_co.siren or "",
                                addr=", ".join(a_co.address.lines), rep=rep.name, quality=rng.choice(["Président", "Gérant", "Directeur général"]), a=a, court=court, hrb=rng.randint(1000, 99999))
    blocks.append(B.Para(party_a))
    if lang == "fr":
        blocks.append(B.Lines(["d'une part,"], align="right"))
    blocks.append(B.Lines([tpl.choice(C["and"]).split("\n")[-1]], style="bold"))
    if employee:
        blocks.append(B.Para(f"{'Monsieur' if rng.random() < 0.5 else 'Madame'} {employee.name}, demeurant {', '.join(b_co.address.lines)}, ci-après dénommé(e) « le Salarié »," if lang == "fr"
                             else f"Herrn/Frau {employee.name}, wohnhaft {', '.join(b_co.address.lines)}\n– nachfolgend „Arbeitnehmer“ genannt –"))
    else:
        blocks.append(B.Para(C["party"].format(A=b_co.name, form=b_co.name.split()[-1], capital=rng.choice(["10 000", "50 000"]), rcs=rng.choice(C["courts"]), siren=b_co.siren or "",
                                               addr=", ".join(b_co.address.lines), rep=I.person(rng, lang).name, quality="Président", a=b, court=court, hrb=rng.randint(1000, 99999))))
    if lang == "fr":
        blocks.append(B.Lines(["d'autre part,"], align="right"))
    if sub in ("nda", "services", "lease") and tpl.random() < 0.7:
        blocks += [B.Heading("PRÉAMBULE" if lang == "fr" else "Präambel", 2), B.Para(fill(C["preamble"][{"nda": 0, "services": 1, "lease": 2}[sub] % len(C["preamble"])]))]
    blocks.append(B.Lines([tpl.choice(C["agreed"])], style="bold"))
    sections = list(C["sections"][sub])
    if sub == "employment":
        sections.insert(1, ("Durée" if lang == "fr" else "Dauer", [tpl.choice(C["term_open"])]))
    else:
        sections.insert(rng.randint(1, len(sections)), ("Durée" if lang == "fr" else "Laufzeit", [tpl.choice(C["term"])]))
        fields["term"] = f"P{term_n}{term_u}"
    sections.append(("Résiliation" if lang == "fr" else "Kündigung", [tpl.choice(C["termination"])]))
    sections.append(("Droit applicable – Juridiction" if lang == "fr" else "Schlussbestimmungen", [tpl.choice(C["law"])]))
    if sub != "nda":
        fields["contract_value"] = f"{value}"
    art = tpl.choice(C["article"])
    for i, (t, paras) in enumerate(sections, 1):
        blocks.append(B.Heading(art.format(i=i, t=t), level=2))
        blocks += [B.Para(fill(p)) for p in paras]
    blocks += [B.Para(fill(tpl.choice(C["end"]))), B.Gap(14),
               B.Columns([[B.Lines([C["sign"][0].format(A=a_co.name), rep.name])], [B.Lines([C["sign"][0].format(A=b_name) if not employee else b_name, C["sign"][1 if lang == "fr" else 2]])]])]
    spec = B.DocSpec(blocks, page_numbers=tpl.random() < 0.6, page_label="Page" if lang == "fr" else "Seite")
    return GenDoc("contract", f"contract/{sub}", lang, template, spec, fields=fields)
