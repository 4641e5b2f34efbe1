"""The abstract page content that document generators produce and ``render`` draws.

Generators say *what* is on the page (a title, an address block, a table of line
items, paragraphs); the renderer decides fonts, sizes, rules and colours from a theme,
so that the same content can be drawn in many layouts.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Title:
    text: str
    align: str = "left"          # left | center | right
    scale: float = 1.0


@dataclass
class Heading:
    text: str
    level: int = 1
    align: str = "left"


@dataclass
class Lines:
    """Lines printed one under the other (an address block, a note)."""
    lines: list[str]
    style: str = "body"          # body | small | bold | big
    align: str = "left"
    bold_first: bool = False


@dataclass
class Para:
    text: str
    style: str = "body"
    align: str = "justify"
    indent: float = 0.0


@dataclass
class KV:
    """Label/value pairs: 'colon' lines, a two-column 'table', or 'inline' on one line."""
    pairs: list[tuple[str, str]]
    layout: str = "colon"
    align: str = "left"
    sep: str = ": "


@dataclass
class Table:
    header: list[str] | None
    rows: list[list[str]]
    aligns: list[str] | None = None      # per column: left | right | center
    widths: list[float] | None = None    # relative column widths
    total_rows: list[list[str]] = field(default_factory=list)   # drawn bold under the rows


@dataclass
class Columns:
    """Blocks side by side; ``widths`` are relative."""
    columns: list[list]
    widths: list[float] | None = None
    valign: str = "TOP"


@dataclass
class Gap:
    height: float = 10.0


@dataclass
class Rule:
    pass


@dataclass
class Mono:
    """Pre-formatted monospaced text (receipts, plain-text print-outs)."""
    text: str
    size: float | None = None


@dataclass
class Break:
    pass


@dataclass
class Page:
    """Page geometry: A4, Letter, or a till roll ``receipt`` of ``width_mm``."""
    kind: str = "A4"
    width_mm: float = 80.0


@dataclass
class DocSpec:
    blocks: list
    page: Page = field(default_factory=Page)
    footer: list[str] = field(default_factory=list)     # printed at the bottom of every page
    header: str | None = None                           # running header on every page
    page_numbers: bool = False
    page_label: str = "Page"
