"""Data classes for the demo documents, check-digit helpers and formatting.

All arithmetic uses ``decimal.Decimal``; every amount is rounded half-up to the
cent once per line and once per VAT rate, as EN 16931 requires.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------
# Check digits
# --------------------------------------------------------------------------

def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """Append the digit that makes ``prefix`` + digit pass the Luhn test."""
    for d in "0123456789":
        if luhn_valid(prefix + d):
            return prefix + d
    raise AssertionError("unreachable")


def make_siret(siren: str, nic4: str) -> str:
    """SIRET = SIREN (9) + NIC (5); the last NIC digit makes the 14 digits pass Luhn."""
    assert len(siren) == 9 and luhn_valid(siren) and len(nic4) == 4
    return luhn_complete(siren + nic4)


def fr_vat_id(siren: str) -> str:
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def _letters_to_digits(text: str) -> str:
    return "".join(str(int(ch, 36)) for ch in text)


def rib_key(bank: str, branch: str, account: str) -> str:
    """French RIB key (cle RIB); letters of the account number map 1-9 per the RIB table."""
    table = {c: str((i % 9) + 1) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
    table.update({"S": "2", "T": "3", "U": "4", "V": "5", "W": "6", "X": "7", "Y": "8", "Z": "9"})
    acc = "".join(table.get(c, c) for c in account)
    return f"{97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97):02d}"


def iban_from_bban(country: str, bban: str) -> str:
    check = 98 - int(_letters_to_digits(bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


def fr_iban(bank: str, branch: str, account: str) -> str:
    return iban_from_bban("FR", bank + branch + account + rib_key(bank, branch, account))


def iban_valid(iban: str) -> bool:
    s = iban.replace(" ", "")
    return int(_letters_to_digits(s[4:] + s[:4])) % 97 == 1


BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")


# --------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"]


def group3(int_part: str, sep: str) -> str:
    out = []
    while len(int_part) > 3:
        out.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    out.insert(0, int_part)
    return sep.join(out)


def fmt_amount(value: Decimal, lang: str = "fr") -> str:
    """1234.5 -> '1 234,50' (fr) or '1,234.50' (en)."""
    sign = "-" if value < 0 else ""
    int_part, dec_part = f"{abs(money(value)):.2f}".split(".")
    if lang == "fr":
        return f"{sign}{group3(int_part, ' ')},{dec_part}"
    return f"{sign}{group3(int_part, ',')}.{dec_part}"


def fmt_eur(value: Decimal, lang: str = "fr") -> str:
    return f"{fmt_amount(value, lang)} €" if lang == "fr" else f"€{fmt_amount(value, lang)}"


def fmt_qty(value: Decimal, lang: str = "fr") -> str:
    text = plain(value)
    return text.replace(".", ",") if lang == "fr" else text


def fmt_rate(rate: Decimal, lang: str = "fr") -> str:
    text = plain(rate)
    return f"{text.replace('.', ',')} %" if lang == "fr" else f"{text}%"


def plain(value: Decimal) -> str:
    """Decimal without trailing zeros or exponent: 5.50 -> '5.5', 12.0 -> '12'."""
    text = format(value.normalize(), "f")
    return text


def fmt_date(day: dt.date, style: str) -> str:
    if style == "numeric":
        return day.strftime("%d/%m/%Y")
    if style == "long_fr":
        return f"{day.day} {MOIS[day.month - 1]} {day.year}"
    if style == "long_en":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    raise ValueError(style)


def fmt_siret(siret: str) -> str:
    return f"{siret[0:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def fmt_siren(siren: str) -> str:
    return f"{siren[0:3]} {siren[3:6]} {siren[6:9]}"


def fmt_iban(iban: str) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


# --------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Address:
    line1: str
    postcode: str
    city: str
    line2: str | None = None
    country: str = "FR"

    def lines(self) -> list[str]:
        out = [self.line1]
        if self.line2:
            out.append(self.line2)
        out.append(f"{self.postcode} {self.city}")
        return out

    def one_line(self) -> str:
        """RESULT_SCHEMA form: 'line one, line two, postcode city' (no country)."""
        return ", ".join(self.lines())


@dataclass(frozen=True)
class Party:
    name: str
    address: Address
    siren: str
    nic4: str                       # first four NIC digits; the fifth is the Luhn digit
    legal_form: str = "SAS"
    capital: str = ""               # e.g. "10 000 €"
    rcs_city: str = ""
    ape: str = ""
    email: str = ""
    phone: str = ""

    def __post_init__(self):
        assert len(self.siren) == 9 and luhn_valid(self.siren), self.name

    @property
    def siret(self) -> str:
        return make_siret(self.siren, self.nic4)

    @property
    def vat_id(self) -> str:
        return fr_vat_id(self.siren)


@dataclass(frozen=True)
class Bank:
    name: str
    iban: str
    bic: str

    def __post_init__(self):
        assert iban_valid(self.iban), self.iban
        assert BIC_RE.match(self.bic), self.bic


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    unit_code: str = "C62"          # UN/ECE rec. 20: C62 one, DAY, HUR, ...

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price)


@dataclass(frozen=True)
class VatGroup:
    rate: Decimal
    basis: Decimal
    tax: Decimal


@dataclass
class Invoice:
    number: str
    type_code: str                  # 380 invoice, 381 credit note
    issue_date: dt.date
    seller: Party
    buyer: Party
    lines: list[Line]
    bank: Bank
    payment_terms: str
    language: str = "fr"
    due_date: dt.date | None = None
    currency: str = "EUR"
    order_reference: str | None = None
    buyer_reference: str | None = None
    prepaid: Decimal = ZERO
    prepaid_label: str = ""
    preceding_invoice: tuple[str, dt.date] | None = None
    note: str = ""
    date_style: str = "numeric"
    show_buyer_ids: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def is_credit_note(self) -> bool:
        return self.type_code == "381"

    def vat_breakdown(self) -> list[VatGroup]:
        bases: dict[Decimal, Decimal] = {}
        for line in self.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + line.amount
        return [VatGroup(rate, money(basis), money(basis * rate / 100))
                for rate, basis in sorted(bases.items(), reverse=True)]

    @property
    def total_excl_vat(self) -> Decimal:
        return money(sum((line.amount for line in self.lines), ZERO))

    @property
    def total_vat(self) -> Decimal:
        return money(sum((g.tax for g in self.vat_breakdown()), ZERO))

    @property
    def total_incl_vat(self) -> Decimal:
        return self.total_excl_vat + self.total_vat

    @property
    def amount_due(self) -> Decimal:
        return self.total_incl_vat - self.prepaid

    def check(self) -> None:
        """Internal consistency; raises AssertionError on any slip in the data."""
        groups = self.vat_breakdown()
        assert sum(g.basis for g in groups) == self.total_excl_vat
        assert self.total_incl_vat == self.total_excl_vat + self.total_vat
        assert self.amount_due == self.total_incl_vat - self.prepaid
        assert 2 <= len(self.lines) <= 5, self.number
        for party in (self.seller, self.buyer):
            assert luhn_valid(party.siret)
        assert not self.due_date or self.due_date >= self.issue_date
