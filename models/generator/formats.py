"""Printed forms of dates, amounts and currencies, by language and convention.

Ground truth always uses the RESULT_SCHEMA forms (``YYYY-MM-DD``, ``"1234.50"``);
these helpers only produce what is printed on the page.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
}
MONTHS = {k: v.split() for k, v in MONTHS.items()}
WEEKDAYS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split(),
}

# Date styles that are plausible for each language (US month-first only in English).
DATE_STYLES = {
    "fr": ["dmy/", "dmy/", "dmy/", "long", "long", "iso", "dmy.", "dmy-"],
    "en": ["dmy/", "mdy/", "mdy/", "long_mdy", "long_mdy", "long_dmy", "iso", "d-mon-y", "mon_d_y"],
    "de": ["dmy.", "dmy.", "dmy.", "long", "long", "iso", "dmy.short"],
    "nl": ["dmy-", "dmy-", "long", "long", "iso", "dmy/"],
    "es": ["dmy/", "dmy/", "long", "dmy-"],
    "it": ["dmy/", "dmy/", "long", "dmy."],
    "pl": ["dmy.", "dmy.", "iso", "long", "dmy-"],
}


def fmt_date(d: dt.date, style: str, lang: str) -> str:
    """``d`` printed in ``style`` (see DATE_STYLES); month names in ``lang``."""
    months = MONTHS.get(lang, MONTHS["en"])
    if style == "dmy/":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "mdy/":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "dmy.":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy.short":
        return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"
    if style == "dmy-":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "d-mon-y":
        return f"{d.day:02d}-{MONTHS['en'][d.month - 1][:3]}-{d.year}"
    if style == "mon_d_y":
        return f"{MONTHS['en'][d.month - 1][:3]} {d.day}, {d.year}"
    if style == "long_mdy":
        return f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}"
    if style == "long_dmy":
        return f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"
    if style == "long":
        m = months[d.month - 1]
        if lang == "de":
            return f"{d.day}. {m} {d.year}"
        if lang == "es":
            return f"{d.day} de {m} de {d.year}"
        if lang == "fr" and d.day == 1:
            return f"1er {m} {d.year}"
        if lang == "en":
            return f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}"
        return f"{d.day} {m} {d.year}"
    raise ValueError(style)


def random_date(rng: random.Random, start_year: int = 2016, end_year: int = 2025) -> dt.date:
    start = dt.date(start_year, 1, 1).toordinal()
    end = dt.date(end_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _group(int_part: str, sep: str, indian: bool = False) -> str:
    if indian and len(int_part) > 3:
        head, tail = int_part[:-3], int_part[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        return sep.join(groups + [tail])
    groups = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    return sep.join(groups)


# Amount styles: thousands separator, decimal separator.
AMOUNT_STYLES = {
    "fr": ("\u202f", ","), "fr_space": (" ", ","), "de": (".", ","), "en": (",", "."), "ch": ("'", "."),
    "plain_comma": ("", ","), "plain_dot": ("", "."), "in": (",", "."),
}
LANG_AMOUNT_STYLES = {
    "fr": ["fr_space", "fr_space", "fr", "plain_comma"], "de": ["de", "de", "plain_comma"], "en": ["en", "en", "plain_dot"],
    "nl": ["de", "plain_comma"], "es": ["de", "plain_comma"], "it": ["de", "plain_comma"], "pl": ["fr_space", "plain_comma"],
}


def fmt_amount(value: Decimal, style: str, decimals: int = 2) -> str:
    """``value`` with the separators of ``style`` (negative amounts keep a leading minus)."""
    thousands, decimal_sep = AMOUNT_STYLES[style]
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    text = f"{abs(value.quantize(q, rounding=ROUND_HALF_UP)):f}"
    int_part, _, frac = text.partition(".")
    out = _group(int_part, thousands, indian=(style == "in"))
    if decimals:
        out += decimal_sep + frac
    return ("-" if value < 0 else "") + out


# How a currency appears next to an amount: (symbol, before?) choices.
CURRENCY_MARKS = {
    "EUR": [("€", False), ("EUR", False), ("€", True), ("EUR", True)],
    "USD": [("$", True), ("USD", True), ("US$", True), ("USD", False)],
    "GBP": [("£", True), ("GBP", True), ("GBP", False)],
    "CHF": [("CHF", True), ("CHF", False), ("Fr.", True)],
    "PLN": [("zł", False), ("PLN", False)],
    "INR": [("Rs.", True), ("INR", True), ("₹", True), ("Rs", True)],
}


def fmt_money(value: Decimal, style: str, currency: str, mark: tuple[str, bool] | None) -> str:
    """An amount with its currency mark (or none when ``mark`` is None)."""
    number = fmt_amount(value, style)
    if mark is None:
        return number
    symbol, before = mark
    if before:
        return f"{symbol}{number}" if symbol in ("$", "£", "€", "₹", "US$") else f"{symbol} {number}"
    return f"{number} {symbol}"


def fmt_rate(rate: Decimal, style: str) -> str:
    """A VAT rate as printed: '20 %', '19%', '5,5 %', '7.00%'."""
    _, decimal_sep = AMOUNT_STYLES[style]
    text = f"{rate.normalize():f}" if rate == rate.to_integral() else f"{rate:f}".rstrip("0")
    if "." in text:
        text = text.replace(".", decimal_sep)
    return text + ("\u00a0%" if style.startswith("fr") else "%")


def currency_for(country: str, rng: random.Random) -> str:
    return {"GB": "GBP", "US": "USD", "CH": "CHF", "PL": "PLN", "IN": "INR"}.get(country, "EUR") if rng.random() < 0.9 else rng.choice(["EUR", "USD", "GBP", "CHF"])
