"""Plain-text (fixed-width) rendering of blocks: for text-mode documents and .txt files."""
from __future__ import annotations

import textwrap

from . import blocks as B


def _cells(row: list[str], widths: list[int], aligns: list[str]) -> str:
    out = []
    for text, w, a in zip(row, widths, aligns):
        text = text[:w]
        out.append(text.rjust(w) if a == "right" else text.ljust(w))
    return "  ".join(out).rstrip()


def to_lines(block, width: int = 78) -> list[str]:
    """The lines of one block as a text-mode print-out would show them."""
    if isinstance(block, (B.Title, B.Heading)):
        text = block.text.upper() if isinstance(block, B.Title) else block.text
        return [text.center(width).rstrip() if block.align == "center" else text, ""]
    if isinstance(block, B.Lines):
        return [ln.center(width).rstrip() if block.align == "center" else ln.rjust(width) if block.align == "right" else ln for ln in block.lines]
    if isinstance(block, B.Para):
        return textwrap.wrap(block.text, width) + [""]
    if isinstance(block, B.KV):
        if block.layout == "inline":
            return ["   ".join(f"{k}{block.sep}{v}" if k else v for k, v in block.pairs)]
        pad = max((len(k) for k, _ in block.pairs), default=0)
        return [f"{k.ljust(pad)}{block.sep}{v}" if k else v for k, v in block.pairs]
    if isinstance(block, B.Table):
        rows = ([block.header] if block.header else []) + block.rows
        ncol = max(len(r) for r in rows + block.total_rows)
        aligns = block.aligns or ["left"] + ["right"] * (ncol - 1)
        widths = [min(40, max(len(r[i]) for r in rows if i < len(r))) for i in range(ncol)]
        out = []
        if block.header:
            out += [_cells(block.header, widths, aligns), "-" * min(width, sum(widths) + 2 * ncol)]
        out += [_cells(r, widths, aligns) for r in block.rows]
        total_width = sum(widths) + 2 * (ncol - 1)
        for r in block.total_rows:
            out.append("  ".join(r).rjust(total_width))
        return out + [""]
    if isinstance(block, B.Columns):
        cols = [[ln for b in col for ln in to_lines(b, width // len(block.columns))] for col in block.columns]
        # Every column is as wide as its longest line (nothing is cut), plus a gutter.
        colws = [max((len(ln) for ln in c), default=0) + 3 for c in cols]
        height = max(len(c) for c in cols)
        return ["".join((c[i] if i < len(c) else "").ljust(w) for c, w in zip(cols, colws)).rstrip() for i in range(height)]
    if isinstance(block, (B.Gap, B.Break)):
        return [""]
    if isinstance(block, B.Rule):
        return ["-" * width]
    if isinstance(block, B.Mono):
        return block.text.splitlines()
    raise TypeError(block)


def to_text(blocks: list, width: int = 78, footer: list[str] | None = None) -> str:
    lines: list[str] = []
    for b in blocks:
        lines.extend(to_lines(b, width))
    if footer:
        lines += [""] + footer
    return "\n".join(lines).strip() + "\n"
