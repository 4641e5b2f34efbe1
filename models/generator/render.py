"""Draws a ``DocSpec`` into a PDF with reportlab, in a theme drawn from a template seed.

The PDF has a real text layer (no embedded images of text). Output is byte-for-byte
reproducible: reportlab runs with ``invariant=1``.
"""
from __future__ import annotations

import os
import random
import textwrap
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (HRFlowable, LayoutError, PageBreak, Paragraph, Preformatted, SimpleDocTemplate, Spacer,
                                Table as RLTable, TableStyle)

from . import blocks as B

rl_config.invariant = 1

DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"
STANDARD_FAMILIES = [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"), ("Courier", "Courier-Bold")]
_registered: list[tuple[str, str]] | None = None


def unicode_families() -> list[tuple[str, str]]:
    """TrueType families that cover Polish letters and the rupee sign (DejaVu), if installed."""
    global _registered
    if _registered is None:
        _registered = []
        pairs = [("DejaVuSans", "DejaVuSans-Bold"), ("DejaVuSerif", "DejaVuSerif-Bold"),
                 ("DejaVuSansMono", "DejaVuSansMono-Bold"), ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold")]
        for regular, bold in pairs:
            paths = [os.path.join(DEJAVU_DIR, f"{n}.ttf") for n in (regular, bold)]
            if all(os.path.exists(p) for p in paths):
                for name, path in zip((regular, bold), paths):
                    pdfmetrics.registerFont(TTFont(name, path))
                _registered.append((regular, bold))
    return _registered


def needs_unicode(text: str) -> bool:
    """Whether ``text`` has characters the standard PDF fonts (WinAnsi) cannot show."""
    try:
        text.encode("cp1252")
        return False
    except UnicodeEncodeError:
        return True


def to_winansi(text: str) -> str:
    """Fallback when no Unicode font is installed: transliterate what cp1252 lacks."""
    out = []
    for ch in text.replace("ł", "l").replace("Ł", "L").replace("₹", "Rs.").replace("\u202f", " "):
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?")
    return "".join(out)


@dataclass
class Theme:
    regular: str
    bold: str
    size: float
    leading: float
    accent: colors.Color
    grid: str               # full | horizontal | header | none | box
    header_fill: bool
    margin: float
    title_scale: float
    upper_headings: bool
    unicode: bool


def make_theme(tpl: random.Random, want_unicode: bool, receipt: bool = False) -> Theme:
    """A theme drawn from the template's random generator ``tpl``."""
    families = list(STANDARD_FAMILIES) + [("Helvetica", "Helvetica-Bold")] * 2
    uni = unicode_families()
    if receipt:
        families = [("Courier", "Courier-Bold"), ("Helvetica", "Helvetica-Bold")] * 2 + uni[2:3]
    elif uni:
        families += uni
    if want_unicode and uni:
        families = uni if not receipt else (uni[2:3] or uni)
    regular, bold = tpl.choice(families)
    size = tpl.uniform(6.5, 8.5) if receipt else tpl.choice([8, 8.5, 9, 9, 9.5, 10, 10, 10.5, 11, 12])
    accent = tpl.choice([colors.black, colors.black, colors.HexColor("#1f3a5f"), colors.HexColor("#7a1f1f"),
                         colors.HexColor("#245c36"), colors.HexColor("#444444"), colors.HexColor("#0b5394")])
    return Theme(
        regular=regular, bold=bold, size=size, leading=size * tpl.uniform(1.15, 1.45), accent=accent,
        grid=tpl.choice(["full", "horizontal", "header", "none", "box", "horizontal"]),
        header_fill=tpl.random() < 0.45, margin=(tpl.uniform(4, 7) if receipt else tpl.uniform(14, 28)) * mm,
        title_scale=tpl.uniform(1.4, 2.4), upper_headings=tpl.random() < 0.3,
        unicode=regular in {r for r, _ in uni},
    )


class Renderer:
    """Turns blocks into platypus flowables for one theme."""

    def __init__(self, theme: Theme):
        self.t = theme

    def text(self, s: str) -> str:
        return s if self.t.unicode else to_winansi(s)

    def style(self, name: str, align: str = "left", bold: bool = False, size: float | None = None) -> ParagraphStyle:
        t = self.t
        size = size or {"small": t.size * 0.8, "big": t.size * 1.25}.get(name, t.size)
        alignment = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}[align]
        return ParagraphStyle(name, fontName=t.bold if (bold or name == "bold") else t.regular, fontSize=size,
                              leading=size * t.leading / t.size, alignment=alignment)

    def para(self, s: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(self.text(s)).replace("\n", "<br/>"), style)

    def flow(self, block, width: float) -> list:
        t = self.t
        if isinstance(block, B.Title):
            size = t.size * t.title_scale * block.scale
            st = ParagraphStyle("title", fontName=t.bold, fontSize=size, leading=size * 1.2, textColor=t.accent,
                                alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[block.align], spaceAfter=4)
            return [self.para(block.text, st)]
        if isinstance(block, B.Heading):
            size = t.size * (1.3 if block.level == 1 else 1.1)
            st = ParagraphStyle("h", fontName=t.bold, fontSize=size, leading=size * 1.25, textColor=t.accent,
                                alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[block.align],
                                spaceBefore=size * 0.6, spaceAfter=size * 0.3)
            return [self.para(block.text.upper() if t.upper_headings else block.text, st)]
        if isinstance(block, B.Lines):
            st = self.style(block.style, block.align)
            out = []
            for i, line in enumerate(block.lines):
                out.append(self.para(line, self.style(block.style, block.align, bold=True) if (i == 0 and block.bold_first) else st))
            return out
        if isinstance(block, B.Para):
            st = self.style(block.style, block.align)
            st.spaceAfter = t.size * 0.6
            st.firstLineIndent = block.indent
            return [self.para(block.text, st)]
        if isinstance(block, B.KV):
            return self.kv(block, width)
        if isinstance(block, B.Table):
            return [self.table(block, width)]
        if isinstance(block, B.Columns):
            rel = block.widths or [1.0] * len(block.columns)
            widths = [width * w / sum(rel) for w in rel]
            cells = [[sum((self.flow(b, w - 6) for b in col), []) for col, w in zip(block.columns, widths)]]
            tbl = RLTable(cells, colWidths=widths)
            tbl.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), block.valign), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            return [tbl]
        if isinstance(block, B.Gap):
            return [Spacer(1, block.height)]
        if isinstance(block, B.Rule):
            return [HRFlowable(width="100%", thickness=0.6, color=t.accent, spaceBefore=3, spaceAfter=3)]
        if isinstance(block, B.Mono):
            # Wrap lines that would need a font under 6.5 pt, then shrink to the longest line.
            limit = max(20, int(width / (0.61 * 6.5)))
            lines = [piece for line in block.text.splitlines() for piece in (textwrap.wrap(line, limit, drop_whitespace=False) or [""])]
            block = B.Mono("\n".join(lines), block.size)
            longest = max((len(line) for line in lines), default=1)
            # Fixed-width fonts are 0.6 em wide: shrink the text until the longest line fits.
            size = min(block.size or t.size, width / (0.61 * max(longest, 1)))
            font = t.regular if "Mono" in t.regular or "Courier" in t.regular else ("DejaVuSansMono" if t.unicode else "Courier")
            st = ParagraphStyle("mono", fontName=font, fontSize=size, leading=size * 1.2)
            return [Preformatted(self.text(block.text), st)]
        if isinstance(block, B.Break):
            return [PageBreak()]
        raise TypeError(block)

    def kv(self, block: B.KV, width: float) -> list:
        if block.layout == "table":
            st_l = self.style("body", "left", bold=True)
            st_v = self.style("body", "left")
            data = [[self.para(k, st_l), self.para(v, st_v)] for k, v in block.pairs]
            tbl = RLTable(data, colWidths=[width * 0.45, width * 0.55], hAlign=block.align.upper() if block.align != "justify" else "LEFT")
            tbl.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            return [tbl]
        if block.layout == "inline":
            text = "    ".join(f"{k}{block.sep}{v}" if k else v for k, v in block.pairs)
            return [self.para(text, self.style("body", block.align))]
        st = self.style("body", block.align)
        return [self.para(f"{k}{block.sep}{v}" if k else v, st) for k, v in block.pairs]

    def table(self, block: B.Table, width: float) -> RLTable:
        t = self.t
        ncol = max(len(r) for r in ([block.header] if block.header else []) + block.rows + block.total_rows)
        aligns = block.aligns or ["left"] + ["right"] * (ncol - 1)
        rel = block.widths or [3.0] + [1.0] * (ncol - 1)
        widths = [width * w / sum(rel) for w in rel]
        small = t.size * (0.72 if ncol >= 9 else 0.8 if ncol >= 7 else 1.0)
        widths = self._fit_widths(block, widths, ncol, small)
        body = self.style("body", size=small)
        head = self.style("body", bold=True, size=small)
        data = []
        if block.header:
            data.append([self.para(h, ParagraphStyle("th", parent=head, alignment={"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[a])) for h, a in zip(block.header, aligns)])
        for row in block.rows:
            data.append([self.para(c, ParagraphStyle("td", parent=body, alignment={"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[a])) for c, a in zip(row, aligns)])
        spans = []
        for row in block.total_rows:
            # The label spans every column but the last one, right-aligned against the amount.
            cells = [row[0]] + [""] * (ncol - 1 - len(row[1:])) + row[1:] if len(row) > 1 else [""] * (ncol - 1) + row
            spans.append(("SPAN", (0, len(data)), (ncol - len(row[1:]) - 1, len(data))))
            data.append([self.para(c, ParagraphStyle("tt", parent=head, alignment=TA_RIGHT)) for c in cells])
        tbl = RLTable(data, colWidths=widths, repeatRows=1 if block.header else 0)
        cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        first = 1 if block.header else 0
        if t.grid == "full":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
        elif t.grid == "horizontal":
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey))
        elif t.grid == "header" and block.header:
            cmds.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, t.accent))
        elif t.grid == "box":
            cmds.append(("BOX", (0, 0), (-1, -1), 0.6, t.accent))
        if t.header_fill and block.header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.9, 0.93)))
        if block.total_rows:
            cmds.append(("LINEABOVE", (0, len(data) - len(block.total_rows)), (-1, len(data) - len(block.total_rows)), 0.6, colors.black))
        del first
        tbl.setStyle(TableStyle(cmds + spans))
        return tbl


    def _fit_widths(self, block: B.Table, widths: list[float], ncol: int, size: float) -> list[float]:
        """Widens columns whose longest word (or amount) would not fit, taking the room
        from the widest column, so that amounts and short labels never wrap mid-word."""
        need = [0.0] * ncol
        rows = ([block.header] if block.header else []) + block.rows
        for row in rows:
            for i, cell in enumerate(row[:ncol]):
                longest = max((pdfmetrics.stringWidth(self.text(w), self.t.bold, size) for w in cell.split()), default=0)
                need[i] = max(need[i], longest + 14)
        for row in block.total_rows:   # the amount is in the last column
            need[-1] = max(need[-1], pdfmetrics.stringWidth(self.text(row[-1]), self.t.bold, size) + 14)
        total = sum(widths)
        if sum(need) >= total:
            return [total * n / sum(need) for n in need]
        slack = [max(0.0, w - n) for w, n in zip(widths, need)]
        weights = slack if sum(slack) > 0 else list(widths)
        extra = total - sum(need)
        return [n + extra * w / sum(weights) for n, w in zip(need, weights)]


def page_size(spec: B.DocSpec) -> tuple[float, float]:
    if spec.page.kind == "letter":
        return LETTER
    if spec.page.kind == "receipt":
        n_lines = sum(len(b.lines) if isinstance(b, B.Lines) else b.text.count("\n") + 1 if isinstance(b, B.Mono)
                      else len(b.rows) + 1 if isinstance(b, B.Table) else len(b.pairs) if isinstance(b, B.KV) else 2
                      for b in spec.blocks)
        return spec.page.width_mm * mm, max(90 * mm, (n_lines * 11.5 + 60 + 10 * len(spec.footer)))
    return A4


def flatten(blocks: list) -> list:
    """The blocks with side-by-side columns put one under the other."""
    out = []
    for b in blocks:
        out.extend(flatten([x for col in b.columns for x in col]) if isinstance(b, B.Columns) else [b])
    return out


def render_pdf(spec: B.DocSpec, path: str, tpl: random.Random) -> None:
    """Writes ``spec`` to ``path`` in a theme drawn from ``tpl``; a column block taller than
    a page (which reportlab cannot split) is drawn as a single column instead."""
    state = tpl.getstate()
    try:
        _render(spec, path, tpl)
    except LayoutError:
        tpl.setstate(state)
        _render(B.DocSpec(flatten(spec.blocks), spec.page, spec.footer, spec.header, spec.page_numbers, spec.page_label), path, tpl)


def _render(spec: B.DocSpec, path: str, tpl: random.Random) -> None:
    strings = [getattr(b, "text", "") for b in spec.blocks] + spec.footer
    theme = make_theme(tpl, want_unicode=any(needs_unicode(s) for s in strings if isinstance(s, str)) or _deep_unicode(spec.blocks),
                       receipt=spec.page.kind == "receipt")
    r = Renderer(theme)
    size = page_size(spec)
    bottom = theme.margin + (len(spec.footer) * theme.size + 6 if spec.footer else 0)
    doc = SimpleDocTemplate(path, pagesize=size, leftMargin=theme.margin, rightMargin=theme.margin,
                            topMargin=theme.margin + (12 if spec.header else 0), bottomMargin=bottom,
                            title="", author="", creator="", producer="", invariant=1)
    width = size[0] - 2 * theme.margin
    flow = []
    for block in spec.blocks:
        flow.extend(r.flow(block, width))

    def decorate(canvas, document):
        canvas.saveState()
        fsize = theme.size * 0.75
        canvas.setFont(theme.regular, fsize)
        y = theme.margin * 0.6 + (len(spec.footer) - 1) * fsize * 1.2
        for line in spec.footer:
            canvas.drawCentredString(size[0] / 2, y, r.text(line))
            y -= fsize * 1.2
        if spec.header:
            canvas.drawString(theme.margin, size[1] - theme.margin * 0.7, r.text(spec.header))
        if spec.page_numbers:
            canvas.drawRightString(size[0] - theme.margin, theme.margin * 0.4, f"{spec.page_label} {document.page}")
        canvas.restoreState()

    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)


def _deep_unicode(blocks) -> bool:
    for b in blocks:
        if isinstance(b, B.Columns):
            if any(_deep_unicode(col) for col in b.columns):
                return True
        elif isinstance(b, B.Lines):
            if any(needs_unicode(x) for x in b.lines):
                return True
        elif isinstance(b, B.KV):
            if any(needs_unicode(k + v) for k, v in b.pairs):
                return True
        elif isinstance(b, B.Table):
            if any(needs_unicode(c) for row in b.rows + b.total_rows + [b.header or []] for c in row):
                return True
    return False
