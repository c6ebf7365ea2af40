"""``read_call``: what a whole call says about itself before any sentence is linked.

Requires: the text (and what the caller knows: a reporting period, a call date, the
fiscal year end and how fiscal years are named). Gives a :class:`CallReading`: the
reporting period with its source (``given``, ``call_date``, ``title`` or ``text``), the
evidence weighed (:mod:`kpi_extract.document.period`) and, when the period stays
unknown or the caller and the text disagree, a sentence saying why.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from kpi_extract.document.period import PeriodModel, PeriodReading
from kpi_extract.document.period_mentions import PeriodMention
from kpi_extract.errors import check_text
from kpi_extract.fiscal import (check_fiscal_year_end_month, check_naming, parse_call_date, parse_reporting_period,
                                quarter_before)

__all__ = ["CallReading", "read_call", "reading_for"]


@dataclass(frozen=True)
class CallReading:
    """The reporting period of a call (``year``/``period``, ``None`` when unknown), where
    it came from (``source``), the fiscal year end used, ``note`` (why unknown, or the
    caller/text disagreement) and the period mentions weighed (``evidence``)."""

    year: int | None
    period: str | None
    source: str | None
    fiscal_year_end_month: int = 12
    note: str | None = None
    text_reading: PeriodReading | None = field(default=None, repr=False)

    @property
    def evidence(self) -> tuple[PeriodMention, ...]:
        return self.text_reading.evidence if self.text_reading is not None else ()

    @property
    def report(self) -> dict[str, object]:
        """The ``report_fiscal_year`` / ``report_fiscal_period`` cells of the call's rows."""
        if self.year is None or self.period is None:
            return {}
        return {"report_fiscal_year": self.year, "report_fiscal_period": self.period}


@lru_cache(maxsize=1)
def _model() -> PeriodModel:
    return PeriodModel()


def reading_for(text: str, *, given: dict[str, object] | None = None, call_date: dt.date | None = None,
                fye_month: int | None = None, naming: str = "end") -> CallReading:
    """:func:`read_call` with the caller's inputs already checked (``given`` as parsed by
    :func:`kpi_extract.fiscal.parse_reporting_period`); the text is read only when the
    caller gave no period, or to check a call date against it. ``fye_month`` None: the
    month the text says the fiscal year ends in, else December."""
    if fye_month is None:
        fye_month = _model().grammar.fiscal_year_end(text) or 12
    if given:
        return CallReading(int(given["report_fiscal_year"]), str(given["report_fiscal_period"]), "given", fye_month)
    if call_date is not None:
        year, period = quarter_before(call_date, fye_month, naming)
        text_reading = _model().read(text, fye_month, naming)
        note = None
        if text_reading.found and (text_reading.year, text_reading.period) != (year, period):
            note = (f"call_date {call_date.isoformat()} gives {year} {period} but the text reads "
                    f"{text_reading.year} {text_reading.period}; the call date wins")
        return CallReading(year, period, "call_date", fye_month, note, text_reading)
    text_reading = _model().read(text, fye_month, naming)
    if text_reading.found:
        return CallReading(text_reading.year, text_reading.period, text_reading.source, fye_month,
                           text_reading=text_reading)
    return CallReading(None, None, None, fye_month, text_reading.reason, text_reading)


def read_call(text: str, *, reporting_period: str | None = None, call_date: object = None,
              fiscal_year_end_month: int | None = None, fiscal_year_naming: str = "end") -> CallReading:
    """What ``text`` says about its call: its reporting period and why.

    >>> r = read_call("Welcome to the Acme Third Quarter 2021 Earnings Call.")
    >>> (r.year, r.period, r.source)
    (2021, 'Q3', 'title')

    ``reporting_period`` (``"2021Q3"``) wins over everything; else ``call_date`` (a date or
    ISO string) gives the last fiscal quarter ended before it, with
    ``fiscal_year_end_month`` and ``fiscal_year_naming`` (``"end"``: fiscal years named by
    the calendar year they end in; ``"start"``: by the year they start in, as retailers
    with a January year end often do); else the text is read: a title line, or the
    weighed evidence of the whole call. ``note`` says why the period stays unknown.
    """
    return reading_for(check_text(text), given=parse_reporting_period(reporting_period),
                       call_date=parse_call_date(call_date),
                       fye_month=check_fiscal_year_end_month(fiscal_year_end_month),
                       naming=check_naming(fiscal_year_naming))
