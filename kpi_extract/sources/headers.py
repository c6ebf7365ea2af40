"""Column headers and captions of a table: the period of each column, the scale and
currency of its numbers (rules: ``data/tables.json``).

A column's period comes from its header alone, never guessed: "Three Months Ended March
31, 2023" (a quarter, ending in March 2023), "Nine Months Ended" (``9M``), "Twelve Months
Ended" / "Year Ended" (``FY``), "Q3 2023", "Fiscal 2023", a bare date ("June 30, 2023": the
quarter ending then, as a balance sheet's column). A header with a year and no length, or
no year, gives no period. The fiscal year end is read from the headers too: nine months
ended March 31 close a fiscal year ending in June.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.fiscal import fiscal_quarter
from kpi_extract.phrases import alternation

__all__ = ["Rules", "rules", "ColumnHeader", "column_header", "implied_fye_month", "caption_scale",
           "caption_currency", "resolve_period"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s*(\d{1,2})?\b", re.I)
_YEAR = re.compile(r"(?<![\d.,$])(?:FY\s*'?|fiscal\s+(?:year\s+)?)?((?:19|20)\d\d)(?![\d,.%])", re.I)
_FY_SHORT = re.compile(r"\bFY\s*'?(\d\d)\b", re.I)
_QUARTER = re.compile(r"\b(?:Q([1-4])|([1-4])Q)\s*(?:FY\s*)?'?((?:19|20)?\d\d)\b", re.I)
_FISCAL_YEAR = re.compile(r"\b(?:FY|fiscal(?:\s+year)?)\s*'?(?:(?:19|20)\d\d|\d\d)\b", re.I)


@dataclass(frozen=True)
class Rules:
    """``data/tables.json``, compiled."""

    scales: dict[str, float]
    scale_re: re.Pattern[str]
    currencies: dict[str, str]
    currency_re: re.Pattern[str]
    default_currency: str
    per_share: re.Pattern[str]
    counts: re.Pattern[str]
    durations: dict[str, int]
    duration_re: re.Pattern[str]
    change_re: re.Pattern[str]
    missing: frozenset[str]
    share_bases: frozenset[str]
    label_prefixes: tuple[str, ...]
    quarter_re: re.Pattern[str]
    quarter_words: dict[str, int]
    segment_re: re.Pattern[str]


def _words(forms: Any) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + alternation(sorted(forms, key=len, reverse=True)) + r")(?!\w)", re.I)


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The packaged ``tables.json``, compiled once."""
    d = lexicon.packaged("tables.json")
    scales = {k.lower(): float(v) for k, v in d["scales"].items()}
    qw = {k.lower(): int(v) for k, v in d["quarter_words"].items()}
    return Rules(
        scales, re.compile(r"(?:\bin\s+(?:[^\s,;()]+\s+){0,2}?|\()(" + alternation(sorted(scales, key=len, reverse=True))
                           + r")(?!\w)", re.I),
        {k.lower(): v for k, v in d["currencies"].items()}, _words(d["currencies"]), d["default_currency"],
        _words(d["per_share"]), _words(d["counts"]),
        {k.lower(): int(v) for k, v in d["durations"].items()}, _words(d["durations"]),
        _words(d["change_headers"]), frozenset(m.lower() for m in d["missing"]),
        frozenset(b.lower() for b in d["share_bases"]), tuple(p.lower() for p in d["label_prefixes"]),
        re.compile(r"\b(" + alternation(sorted(qw, key=len, reverse=True)) + r")\s+(?:fiscal\s+)?quarter\b", re.I),
        qw, _words(d["segment_cues"]))


@dataclass(frozen=True)
class ColumnHeader:
    """What a column's header says: the months it spans, the date it ends on, a quarter or
    fiscal year named outright, whether it holds changes (and in percent)."""

    label: str
    months: int | None = None
    year: int | None = None
    end_month: int | None = None
    quarter: int | None = None
    fiscal_year_named: bool = False
    change: bool = False
    percent: bool = False


def column_header(label: str) -> ColumnHeader:
    """The reading of one column's header text (its header cells joined)."""
    r = rules()
    text = " ".join(label.split())
    change = bool(r.change_re.search(text))
    percent = "%" in text or "percent" in text.lower()
    m = _QUARTER.search(text)
    if m:
        y = int(m.group(3))
        return ColumnHeader(text, 3, y + 2000 if y < 100 else y, quarter=int(m.group(1) or m.group(2)),
                            change=change, percent=percent)
    years = [int(y) for y in _YEAR.findall(text)] or [2000 + int(y) for y in _FY_SHORT.findall(text)]
    year = years[-1] if years else None
    months = None
    for dm in r.duration_re.finditer(text):
        months = r.durations[" ".join(dm.group(0).lower().split())]
    qm = r.quarter_re.search(text)
    if qm and year is not None and not _MONTH.search(text):
        return ColumnHeader(text, 3, year, quarter=r.quarter_words[qm.group(1).lower()], change=change,
                            percent=percent)
    end = None
    for mm in _MONTH.finditer(text):
        end = _MONTHS[mm.group(1).lower()]
    named_fy = months is None and end is None and year is not None and bool(_FISCAL_YEAR.search(text))
    return ColumnHeader(text, 12 if named_fy else months, year, end, fiscal_year_named=named_fy, change=change,
                        percent=percent)


def implied_fye_month(headers: list[ColumnHeader]) -> int | None:
    """The month the fiscal year ends in, as the headers show it: the end month of a
    twelve-month column, or of a six- or nine-month one moved on to twelve months."""
    for h in headers:
        if h.end_month is not None and h.months in (6, 9, 12) and not h.change:
            return (h.end_month + 12 - h.months - 1) % 12 + 1
    return None


def resolve_period(h: ColumnHeader, fye_month: int, naming: str = "end") -> tuple[int | None, str | None]:
    """``(fiscal_year, fiscal_period)`` of a column, ``(None, None)`` when its header does
    not say (a year without a length, no year, a length that does not close a period)."""
    if h.year is None:
        return None, None
    if h.quarter is not None:
        return h.year, f"Q{h.quarter}"
    if h.end_month is None:
        return (h.year, "FY") if h.months == 12 else (None, None)
    fy, q = fiscal_quarter(h.year, h.end_month, fye_month, naming)
    months = h.months or 3  # a bare date: the quarter ending then
    period = {3: q, 6: {"Q2": "H1", "Q4": "H2"}.get(q), 9: "9M" if q == "Q3" else None,
              12: "FY" if q == "Q4" else None}.get(months)
    return (fy, period) if period else (None, None)


def caption_scale(caption: str) -> float:
    """The factor the caption gives the table's numbers ("in millions" -> 1e6), the last one
    said (nearest the table); 1 when it gives none."""
    found = list(rules().scale_re.finditer(caption))
    return rules().scales[found[-1].group(1).lower()] if found else 1.0


def caption_currency(caption: str, cells: str = "") -> str | None:
    """The currency the caption names, else the one the cells' symbols show; ``None``."""
    r = rules()
    for source in (caption, cells):
        found = [m.group(0).lower() for m in r.currency_re.finditer(source)]
        if found:
            return r.currencies[found[-1]]
    return None
