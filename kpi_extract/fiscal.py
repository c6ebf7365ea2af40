"""The fiscal calendar: period names, the quarter of a date, order and comparison of periods,
and reading a reporting period given by the caller (``"2022Q4"``, ``"FY2022"``, ``"Q4 2022"``).

A fiscal period is ``(year, name)`` with a name of :data:`PERIODS`; fiscal years are named
by the calendar year they end in (``naming="end"``, most companies) or, as many retailers
with a January year end do, by the year they start in (``naming="start"``: the year
ending January 2022 is fiscal 2021); every period ends with one of the year's four
quarters (:func:`last_quarter`) and spans one to four of them (:func:`quarters_spanned`).
Every stage that reasons about periods (resolution, views, the consistency check, the
guidance tracker and its plot) imports it from here.

Hand-written rather than ``pandas.Period`` (``freq="Q-SEP"`` does the quarter arithmetic):
pandas has no half-year or nine-month periods, and the calendar stays light (no spaCy, no
pandas) so the pipeline stages can import it; tests/test_fiscal.py checks
:func:`fiscal_quarter` against pandas.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from kpi_extract.errors import ConfigError

__all__ = ["PERIODS", "QUARTERS", "fiscal_quarter", "shift_quarter", "last_quarter", "last_quarter_of", "ends_year", "quarters_spanned",
           "period_end", "period_key", "comparison_period", "parse_reporting_period", "NAMINGS", "parse_call_date",
           "quarter_before", "check_fiscal_year_end_month", "check_naming"]

#: how fiscal years are named: by the calendar year they end in, or the one they start in
NAMINGS = ("end", "start")

#: the fiscal period names, in the order of the frame's categories
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "FY")
#: the four quarters
QUARTERS = PERIODS[:4]

#: the quarter each period ends with and the number of quarters it spans
_END_AND_LENGTH = {"Q1": (1, 1), "Q2": (2, 1), "Q3": (3, 1), "Q4": (4, 1), "H1": (2, 2), "H2": (4, 2),
                   "9M": (3, 3), "FY": (4, 4)}
assert tuple(_END_AND_LENGTH) == PERIODS


def fiscal_quarter(year: int | None, month: int, fye_month: int = 12, naming: str = "end") -> tuple[int | None, str]:
    """The fiscal (year, quarter) holding a calendar month, given the month the fiscal year
    ends in (a September year end puts December 2022 in Q1 of 2023) and how fiscal years
    are named (:data:`NAMINGS`); the year stays ``None`` when unknown."""
    start = fye_month % 12 + 1
    q = ((month - start) % 12) // 3 + 1
    fy = None if year is None else (year if month <= fye_month else year + 1)
    if fy is not None and naming == "start" and fye_month != 12:
        fy -= 1
    return fy, f"Q{q}"


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, str]:
    """The fiscal quarter ``by`` quarters after ``(year, quarter)`` (before, when negative):
    ``(2023, 1), -1`` -> ``(2022, "Q4")``."""
    idx = year * 4 + (quarter - 1) + by
    return idx // 4, f"Q{idx % 4 + 1}"


def last_quarter(period: str) -> int:
    """The quarter (1-4) a period ends with: ``"H1"`` -> 2, ``"9M"`` -> 3, ``"FY"`` -> 4."""
    return _END_AND_LENGTH[period][0]


def last_quarter_of(period: str | None) -> int | None:
    """:func:`last_quarter`, or None for a missing or unknown period."""
    return _END_AND_LENGTH[period][0] if period in _END_AND_LENGTH else None


def ends_year(period: str) -> bool:
    """Whether a period ends its fiscal year (``"Q4"``, ``"H2"``, ``"FY"``)."""
    return last_quarter(period) == 4


def quarters_spanned(period: str) -> int:
    """How many quarters a period spans: ``"Q3"`` -> 1, ``"H2"`` -> 2, ``"FY"`` -> 4."""
    return _END_AND_LENGTH[period][1]


def period_end(year: int, period: str) -> int:
    """The quarter a period ends with, as one number (``year * 4 + quarter``): periods that
    end together (Q4, H2, FY of one year) share it."""
    return year * 4 + last_quarter(period)


def period_key(year: int, period: str) -> tuple[int, int, int]:
    """Orders periods in time: by year, last quarter, then length (2022 Q4 < 2022 H2 < FY 2022)."""
    end, length = _END_AND_LENGTH[str(period)]
    return int(year), end, length


def comparison_period(year: int, period: str, comparison: str) -> tuple[int, str] | None:
    """The period a change compares with: a year earlier (``yoy``), the quarter before
    (``qoq``, quarters only); ``None`` when there is none."""
    if comparison == "yoy":
        return year - 1, period
    if comparison == "qoq" and period in QUARTERS:
        return shift_quarter(year, last_quarter(period), -1)
    return None


# ------------------------------------------------------------- the caller's reporting period
_FORMS = [
    re.compile(r"(?P<y>\d{4})\s*-?\s*(?P<p>Q[1-4]|H[12]|9M|FY)", re.I),
    re.compile(r"(?P<p>Q[1-4]|H[12]|9M|FY)\s*-?\s*(?P<y>\d{4})", re.I),
    re.compile(r"(?P<y>\d{4})", re.I),
]


def parse_reporting_period(spec: str | None) -> dict[str, object]:
    """``"2022Q4"`` -> ``{"report_fiscal_year": 2022, "report_fiscal_period": "Q4"}``;
    a bare year means the full fiscal year. ``None`` gives ``{}``."""
    if spec is None:
        return {}
    if not isinstance(spec, str):
        raise ConfigError(f"reporting_period must be a string like '2022Q4' or 'FY2022', not {type(spec).__name__}")
    s = spec.strip()
    for form in _FORMS:
        m = form.fullmatch(s)
        if m:
            period = (m.groupdict().get("p") or "FY").upper()
            return {"report_fiscal_year": int(m["y"]), "report_fiscal_period": period}
    raise ConfigError(f"cannot read reporting_period {spec!r}: use '2022Q4', 'Q4 2022', 'FY2022' or '2022H1'")


# ------------------------------------------------------------- the call's date
def parse_call_date(value: object) -> dt.date | None:
    """A call date given as a ``date``, a ``datetime`` or an ISO string (``"2021-04-27"``);
    ``None`` stays ``None``."""
    if value is None or value != value:  # None, NaN, pandas' NaT: no date
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ConfigError(f"call_date must be a date or an ISO date string like '2021-04-27', not {value!r}")


def quarter_before(call_date: dt.date, fye_month: int = 12, naming: str = "end",
                   min_days: int = 7) -> tuple[int, str]:
    """The fiscal quarter a call held on ``call_date`` reports: the last one that ended at
    least ``min_days`` before it (a call comes weeks after its quarter closes)."""
    check_naming(naming)
    latest = call_date - dt.timedelta(days=min_days)
    year, month = latest.year, latest.month
    while True:
        if (month - fye_month) % 3 == 0 and dt.date(year, month, calendar.monthrange(year, month)[1]) <= latest:
            fy, q = fiscal_quarter(year, month, fye_month, naming)
            return fy, q  # type: ignore[return-value]
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)


def check_fiscal_year_end_month(month: object) -> int | None:
    """``month`` (1-12, or None for "as the text says"), else a :class:`ConfigError`."""
    if month is None:
        return None
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ConfigError(f"fiscal_year_end_month must be an int from 1 to 12, not {month!r}")
    return month


def check_naming(naming: object) -> str:
    """``naming`` (one of :data:`NAMINGS`), else a :class:`ConfigError`."""
    if naming not in NAMINGS:
        raise ConfigError(f"fiscal_year_naming must be one of {', '.join(map(repr, NAMINGS))}, not {naming!r}")
    return naming  # type: ignore[return-value]
