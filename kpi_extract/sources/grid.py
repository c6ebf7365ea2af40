"""A table as the readers find it (a grid of cell texts) written into the document's text.

:func:`write_table` tidies the grid (a currency symbol in a cell of its own joins the
number after it, a lone ``)`` or ``%`` the number before it, as filings lay them out),
drops columns that hold nothing, marks the header rows and writes each row on a line of
its own, cells separated by tabs, so every cell has its span in the text.
"""
from __future__ import annotations

import re

from kpi_extract.sources.model import Cell, Table, TextBuilder

__all__ = ["write_table", "is_header_row", "NUMBER"]

#: a cell that holds one number ("$ 2,131", "(12.5)", "8 %", "1.50")
NUMBER = re.compile(r"^\(?-?\s*[^\d\s()]{0,3}\s*\(?\s*-?\d[\d,]*(?:\.\d+)?\s*\)?\s*%?\s*\)?$")
_YEAR = re.compile(r"^(?:fy\s*)?(?:19|20)\d\d$", re.I)
_LEAD = re.compile(r"^(?:\$|US\$|€|£|¥|\()$")
_TRAIL = re.compile(r"^(?:\)|%|\)%|%\))$")


def _is_value(text: str) -> bool:
    t = text.strip()
    return bool(NUMBER.match(t)) and not _YEAR.match(t)


def is_header_row(cells: list[str]) -> bool:
    """A header row: something in a column after the label, and no value in any (years
    and words only: "Three Months Ended March 31,", "2023", "% Change")."""
    rest = [c for c in cells[1:] if c.strip()]
    return bool(rest) and not any(_is_value(c) for c in rest)


def _tidy(row: list[str]) -> list[str]:
    row = [" ".join(c.split()) for c in row]
    for i in range(len(row) - 1):
        if _LEAD.match(row[i]) and row[i + 1] and row[i + 1][0].isdigit():
            row[i + 1], row[i] = f"{row[i]}{'' if row[i] == '(' else ' '}{row[i + 1]}", ""
    for i in range(1, len(row)):
        if _TRAIL.match(row[i]) and row[i - 1]:
            row[i - 1], row[i] = row[i - 1] + row[i], ""
    return row


def write_table(builder: TextBuilder, grid: list[list[str]], table_id: str, caption: str = "") -> Table | None:
    """``grid`` (rows of cell texts, spanned cells repeated) written as one table; ``None``
    when it holds no cell with text."""
    width = max((len(r) for r in grid), default=0)
    rows = [_tidy(r + [""] * (width - len(r))) for r in grid]
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return None
    keep = [j for j in range(width) if any(r[j] for r in rows)]
    rows = [[r[j] for j in keep] for r in rows]
    n_header = 0
    while n_header < len(rows) and is_header_row(rows[n_header]):
        n_header += 1
    builder.newline()
    start = builder.length
    out = []
    for i, r in enumerate(rows):
        spans = builder.row(r)
        out.append(tuple(Cell(text, s, e, header=i < n_header) for text, (s, e) in zip(r, spans)))
    return Table(table_id, tuple(out), caption=" ".join(caption.split()), start=start, end=builder.length)
