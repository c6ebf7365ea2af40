"""Periods against the reporting period: the period a document reports, and the absolute
fiscal period of a reference given that one.

:func:`detect_reporting_period` reads the period a call or release announces in its opening
text (the patterns of :class:`~kpi_extract.pipeline.periods.grammar.PeriodGrammar`);
:func:`resolve` turns a ``ref`` of ``doc._.kpi_periods`` into ``(fiscal_year,
fiscal_period)``. Both run when rows are built, where the reporting period and the fiscal
year end are known; the calendar arithmetic is :mod:`kpi_extract.fiscal`'s.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from kpi_extract.fiscal import PERIODS, QUARTERS, fiscal_quarter, last_quarter, shift_quarter
from kpi_extract.phrases import fold_key
from kpi_extract.pipeline.periods.grammar import PeriodGrammar, parse_date

__all__ = ["resolve", "detect_reporting_period"]


def resolve(ref: dict[str, Any] | None, report: tuple[int, str] | None, *, role: str = "actual",
            fye_month: int = 12, naming: str = "end") -> tuple[int | None, str | None]:
    """Absolute (fiscal_year, fiscal_period) of a period ``ref`` given the reporting period
    ``(year, "Q4")``; ``(None, None)`` when it cannot be known."""
    ry, rp = report if report else (None, None)
    if ref is None:
        return (None, None)
    if "date" in ref:
        y, month = ref["date"]
        fy, q = fiscal_quarter(y, month, fye_month, naming)
        if fy is None and ry is not None:
            fy = ry  # a month without a year: the report's year
        if ref.get("months") == 9:
            return fy, "9M"
        if ref.get("months") == 6:
            return fy, "H1" if q == "Q2" else "H2"
        if ref.get("months") == 12:
            return fy, "FY"
        return fy, q
    if "y" in ref:
        return ref["y"], ref["p"]
    if ry is None:
        return (None, ref["p"]) if "p" in ref else (None, None)
    if "p" in ref:
        y = ry + ref["dy"]
        p = ref["p"]
        if not ref.get("explicit") and p != "FY":
            last, now = last_quarter(p), (last_quarter(rp) if rp in PERIODS else 4)
            if role in ("actual", "change") and last > now:
                y -= 1  # a Q1 call speaking of "the fourth quarter" or "the first half" means last year's
            elif role == "guidance" and (last < now or (last == now and now == 4)):
                y += 1  # a Q4 call guiding "the first quarter" or "the first half" means next year's
                # (not the reported quarter itself: "in the second quarter, we raised our outlook")
        return y, p
    if "same" in ref:
        return ry + ref["same"], rp
    if "same_year" in ref:
        return ref["same_year"], rp
    if "dq" in ref:
        # "for the quarter, we expect ...": an outlook for "the quarter" is for the quarter ahead
        dq = 1 if role == "guidance" and ref["dq"] == 0 else ref["dq"]
        return shift_quarter(ry, last_quarter(rp) if rp in QUARTERS else 4, dq)
    if "fy" in ref:
        return ry + ref["fy"], "FY"
    return (None, None)  # pragma: no cover


@lru_cache(maxsize=1)
def _packaged_grammar() -> PeriodGrammar:
    return PeriodGrammar()


def detect_reporting_period(text: str, *, fye_month: int = 12, naming: str = "end", head: int = 3000,
                            grammar: PeriodGrammar | None = None) -> tuple[int, str] | None:
    """The reporting period a call or release announces in its opening ``head`` characters
    ("Fourth Quarter and Full Year 2022 Earnings Call", "quarter ended March 31, 2023"):
    the earliest announcement wins. ``grammar`` defaults to the packaged one."""
    grammar = grammar or _packaged_grammar()
    opening = text[:head]
    best = None
    for pattern in grammar.report_patterns:
        m = pattern.search(opening)
        if not m or (best is not None and m.start() >= best[0]):
            continue
        g = m.groupdict()
        if g.get("date"):
            parsed = parse_date(g["date"])
            if parsed is None or parsed[0] is None:
                continue
            fy, q = fiscal_quarter(parsed[0], parsed[1], fye_month, naming)
            best = (m.start(), (fy, q))
        elif g.get("fy"):
            best = (m.start(), (int(g["fy"]), "FY"))
        else:
            q = int(g["q"]) if g.get("q") else grammar.ordinals[fold_key(g["o"])]
            best = (m.start(), (int(g["y"]), f"Q{q}"))
    return best[1] if best else None
