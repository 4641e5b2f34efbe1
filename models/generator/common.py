"""The generated document record and the random generators that drive it."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from .blocks import DocSpec


@dataclass
class GenDoc:
    """One synthetic document before it is written out.

    ``template`` names the layout family ("vendor"): documents of one template share
    layout and label vocabulary, so train/validation splits are made by template.
    """
    cls: str                      # invoice | credit_note | receipt | contract | email | other
    kind: str                     # finer kind, e.g. "invoice/gst", "other/quote"
    language: str
    template: str
    spec: DocSpec
    fields: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)     # vat_breakdown, line_items, notes
    text: str | None = None       # the plain-text form, for documents that exist as text (e-mails, .txt)


def tpl_rng(*parts) -> random.Random:
    """The template's own generator: the same parts always give the same layout choices."""
    key = "/".join(str(p) for p in parts)
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def doc_rng(seed: int, index: int) -> random.Random:
    key = f"liasse-gen/{seed}/{index}"
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def weighted(rng: random.Random, table: dict):
    """A key of ``table`` drawn with the table's values as weights."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]
