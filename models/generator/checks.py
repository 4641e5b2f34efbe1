"""Check digits of the identifiers printed on synthetic documents.

All identifiers are fictitious but well formed, so that extractors trained or tested
on them can also learn the validity checks (Luhn, mod 97, ISO 7064).
"""
from __future__ import annotations

import random
import string


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the digit that makes the whole number pass the Luhn test."""
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch)
            if i % 2 == 1:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def digits(rng: random.Random, n: int, first_nonzero: bool = True) -> str:
    """``n`` random digits."""
    out = [rng.choice("123456789" if first_nonzero else "0123456789")]
    out += [rng.choice("0123456789") for _ in range(n - 1)]
    return "".join(out)


def letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def siren(rng: random.Random) -> str:
    return luhn_complete(digits(rng, 8))


def siret(rng: random.Random, siren_: str) -> str:
    return luhn_complete(siren_ + digits(rng, 4, first_nonzero=False))


def fr_vat(siren_: str) -> str:
    return f"FR{(12 + 3 * (int(siren_) % 97)) % 97:02d}{siren_}"


def de_vat(rng: random.Random) -> str:
    """German USt-IdNr with its ISO 7064 MOD 11,10 check digit."""
    body = digits(rng, 8)
    product = 10
    for ch in body:
        total = (int(ch) + product) % 10 or 10
        product = (2 * total) % 11
    return f"DE{body}{(11 - product) % 10}"


def pl_nip(rng: random.Random) -> str:
    """Polish NIP (10 digits, weighted mod 11 check digit)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        body = digits(rng, 9)
        check = sum(int(c) * w for c, w in zip(body, weights)) % 11
        if check != 10:
            return body + str(check)


def gstin(rng: random.Random) -> str:
    """Indian GSTIN: state code, PAN, entity number, 'Z', check character (mod 36)."""
    alphabet = string.digits + string.ascii_uppercase
    body = f"{rng.randint(1, 37):02d}{letters(rng, 5)}{digits(rng, 4)}{letters(rng, 1)}{rng.randint(1, 9)}Z"
    total = 0
    for i, ch in enumerate(body):
        product = alphabet.index(ch) * (2 if i % 2 else 1)
        total += product // 36 + product % 36
    return body + alphabet[(36 - total % 36) % 36]


def vat_for_country(rng: random.Random, country: str, siren_: str | None = None) -> str:
    """A VAT identifier for ``country`` (ISO 3166 alpha-2)."""
    if country == "FR":
        return fr_vat(siren_ or siren(rng))
    if country == "DE":
        return de_vat(rng)
    if country == "NL":
        return f"NL{digits(rng, 9)}B{rng.randint(1, 99):02d}"
    if country == "GB":
        return f"GB{digits(rng, 9)}"
    if country == "BE":
        return f"BE0{digits(rng, 9)}"
    if country == "ES":
        return f"ES{letters(rng, 1)}{digits(rng, 7)}{letters(rng, 1)}"
    if country == "IT":
        return f"IT{digits(rng, 11, first_nonzero=False)}"
    if country == "PL":
        return f"PL{pl_nip(rng)}"
    if country == "IN":
        return gstin(rng)
    if country == "CH":
        d = digits(rng, 9)
        return f"CHE{d}MWST"
    if country == "AT":
        return f"ATU{digits(rng, 8)}"
    return f"EU{digits(rng, 9)}"


def _alnum_to_digits(text: str) -> str:
    return "".join(str(int(ch, 36)) for ch in text)


def iban_from_bban(country: str, bban: str) -> str:
    check = 98 - int(_alnum_to_digits(bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


def rib_key(bank: str, branch: str, account: str) -> str:
    return f"{97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97):02d}"


def iban(rng: random.Random, country: str) -> str:
    """An IBAN with correct mod-97 check digits (and RIB key in France)."""
    if country == "FR":
        bank, branch, account = digits(rng, 5), digits(rng, 5), digits(rng, 11, False)
        return iban_from_bban("FR", bank + branch + account + rib_key(bank, branch, account))
    bban = {
        "DE": lambda: digits(rng, 8) + digits(rng, 10, False),
        "NL": lambda: letters(rng, 4) + digits(rng, 10, False),
        "GB": lambda: letters(rng, 4) + digits(rng, 6) + digits(rng, 8),
        "BE": lambda: digits(rng, 12),
        "ES": lambda: digits(rng, 20),
        "IT": lambda: letters(rng, 1) + digits(rng, 10) + digits(rng, 12, False),
        "PL": lambda: digits(rng, 24),
        "CH": lambda: digits(rng, 5) + digits(rng, 12, False),
        "AT": lambda: digits(rng, 16),
    }.get(country, lambda: digits(rng, 18))()
    return iban_from_bban(country if len(country) == 2 else "DE", bban)


def bic(rng: random.Random, country: str) -> str:
    code = letters(rng, 4) + (country if country != "IN" else "IN") + rng.choice(["PP", "MM", "2X", "22", "HH", "FF", "XX"])
    return code + (rng.choice(["XXX", "", "", letters(rng, 3)]))


def group4(value: str) -> str:
    """An IBAN as printed: groups of four characters."""
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
