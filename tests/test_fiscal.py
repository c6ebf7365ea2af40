"""Table-driven tests of the fiscal calendar (:mod:`kpi_extract.fiscal`): one case a line."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kpi_extract import fiscal, schema
from kpi_extract.errors import ConfigError
from kpi_extract.fiscal import (PERIODS, QUARTERS, comparison_period, ends_year, fiscal_quarter, last_quarter,
                                parse_reporting_period, period_end, period_key, quarters_spanned, shift_quarter)


def test_one_list_of_period_names():
    assert schema.PERIODS is PERIODS
    assert QUARTERS == ("Q1", "Q2", "Q3", "Q4")


@pytest.mark.parametrize("year, month, fye, expected", [
    (2022, 1, 12, (2022, "Q1")),
    (2022, 12, 12, (2022, "Q4")),
    (2022, 12, 9, (2023, "Q1")),
    (2022, 10, 9, (2023, "Q1")),
    (2022, 9, 9, (2022, "Q4")),
    (2023, 3, 9, (2023, "Q2")),
    (2023, 6, 9, (2023, "Q3")),
    (2022, 7, 6, (2023, "Q1")),
    (2023, 3, 6, (2023, "Q3")),
    (2023, 6, 6, (2023, "Q4")),
    (2022, 2, 1, (2023, "Q1")),
    (None, 12, 9, (None, "Q1")),
])
def test_fiscal_quarter(year, month, fye, expected):
    assert fiscal_quarter(year, month, fye) == expected


@pytest.mark.parametrize("fye", range(1, 13))
def test_fiscal_quarter_agrees_with_pandas(fye):
    """pandas' fiscal quarters (``Q-<month the year ends>``) name years the same way."""
    pd = pytest.importorskip("pandas")
    anchor = pd.Timestamp(2000, fye, 1).strftime("%b").upper()
    for month in range(1, 13):
        p = pd.Period(f"2022-{month:02d}", freq=f"Q-{anchor}")
        assert fiscal_quarter(2022, month, fye) == (p.qyear, f"Q{p.quarter}")


@pytest.mark.parametrize("year, quarter, by, expected", [
    (2022, 4, 0, (2022, "Q4")),
    (2022, 4, 1, (2023, "Q1")),
    (2023, 1, -1, (2022, "Q4")),
    (2022, 2, -1, (2022, "Q1")),
    (2022, 3, 1, (2022, "Q4")),
    (2022, 1, -5, (2020, "Q4")),
    (2022, 2, 8, (2024, "Q2")),
])
def test_shift_quarter(year, quarter, by, expected):
    assert shift_quarter(year, quarter, by) == expected


@pytest.mark.parametrize("period, last, spanned, year_end", [
    ("Q1", 1, 1, False),
    ("Q2", 2, 1, False),
    ("Q3", 3, 1, False),
    ("Q4", 4, 1, True),
    ("H1", 2, 2, False),
    ("H2", 4, 2, True),
    ("9M", 3, 3, False),
    ("FY", 4, 4, True),
])
def test_last_quarter_quarters_spanned_and_year_end(period, last, spanned, year_end):
    assert (last_quarter(period), quarters_spanned(period), ends_year(period)) == (last, spanned, year_end)


def test_every_period_has_an_end():
    assert all(1 <= last_quarter(p) <= 4 for p in PERIODS)


@pytest.mark.parametrize("year, period, expected", [
    (2022, "Q1", 2022 * 4 + 1),
    (2022, "H1", 2022 * 4 + 2),
    (2022, "9M", 2022 * 4 + 3),
    (2022, "Q4", 2022 * 4 + 4),
    (2022, "H2", 2022 * 4 + 4),
    (2022, "FY", 2022 * 4 + 4),
    (2023, "Q1", 2022 * 4 + 5),
])
def test_period_end(year, period, expected):
    assert period_end(year, period) == expected


@pytest.mark.parametrize("earlier, later", [
    ((2022, "Q3"), (2022, "Q4")),
    ((2022, "Q4"), (2022, "FY")),
    ((2022, "Q2"), (2022, "H1")),
    ((2022, "H1"), (2022, "Q3")),
    ((2022, "Q3"), (2022, "9M")),
    ((2022, "FY"), (2023, "Q1")),
    ((2022, "H2"), (2022, "FY")),
    ((2022, "Q4"), (2022, "H2")),
    ((2021, "FY"), (2022, "Q1")),
])
def test_period_key_orders_in_time(earlier, later):
    assert period_key(*earlier) < period_key(*later)


@pytest.mark.parametrize("year, period, expected", [
    (2022, "Q4", (2022, 4, 1)),
    ("2022", "FY", (2022, 4, 4)),
    (2023, "9M", (2023, 3, 3)),
])
def test_period_key(year, period, expected):
    assert period_key(year, period) == expected


@pytest.mark.parametrize("year, period, comparison, expected", [
    (2022, "Q4", "yoy", (2021, "Q4")),
    (2022, "FY", "yoy", (2021, "FY")),
    (2022, "H1", "yoy", (2021, "H1")),
    (2022, "Q4", "qoq", (2022, "Q3")),
    (2022, "Q2", "qoq", (2022, "Q1")),
    (2023, "Q1", "qoq", (2022, "Q4")),
    (2022, "FY", "qoq", None),
    (2022, "H2", "qoq", None),
    (2022, "9M", "qoq", None),
    (2022, "Q4", "mom", None),
])
def test_comparison_period(year, period, comparison, expected):
    assert comparison_period(year, period, comparison) == expected


@pytest.mark.parametrize("spec, expected", [
    ("2022Q4", {"report_fiscal_year": 2022, "report_fiscal_period": "Q4"}),
    ("Q4 2022", {"report_fiscal_year": 2022, "report_fiscal_period": "Q4"}),
    ("fy2022", {"report_fiscal_year": 2022, "report_fiscal_period": "FY"}),
    ("2023-h1", {"report_fiscal_year": 2023, "report_fiscal_period": "H1"}),
    ("2021 9M", {"report_fiscal_year": 2021, "report_fiscal_period": "9M"}),
    (" 2022 ", {"report_fiscal_year": 2022, "report_fiscal_period": "FY"}),
    (None, {}),
])
def test_parse_reporting_period(spec, expected):
    assert parse_reporting_period(spec) == expected


@pytest.mark.parametrize("spec", ["Q5 2022", "2022Q", "last quarter", 2022])
def test_parse_reporting_period_rejects(spec):
    with pytest.raises(ConfigError):
        parse_reporting_period(spec)


def test_the_calendar_stays_light():
    """The calendar imports no heavy library (spaCy, pandas, dateparser): only the standard
    library and :mod:`kpi_extract.errors`."""
    tree = ast.parse(Path(fiscal.__file__).read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert names - {"__future__", "re", "calendar", "datetime"} == {"kpi_extract.errors"}  # stdlib only


@pytest.mark.parametrize("year, month, fye, naming, expected", [
    (2022, 12, 12, "start", (2022, "Q4")),   # a December year end is named alike either way
    (2022, 3, 1, "end", (2023, "Q1")),       # March 2022 in the year ending January 2023
    (2022, 3, 1, "start", (2022, "Q1")),     # ... which a retailer calls fiscal 2022
    (2022, 1, 1, "start", (2021, "Q4")),
    (2022, 10, 9, "start", (2022, "Q1")),
])
def test_fiscal_quarter_naming(year, month, fye, naming, expected):
    assert fiscal.fiscal_quarter(year, month, fye, naming) == expected


@pytest.mark.parametrize("value, expected", [
    ("2021-04-27", "2021-04-27"),
    ("2021-04-27T16:30:00", "2021-04-27"),
    (None, None),
])
def test_parse_call_date(value, expected):
    got = fiscal.parse_call_date(value)
    assert (got.isoformat() if got else None) == expected
