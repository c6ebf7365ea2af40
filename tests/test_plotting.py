"""``df.kpi.plot``: a time-true period axis, quarterly and longer periods in separate panels,
display names, units as values are written, adjusted series shown; and the axis helpers it
shares with ``plot_guidance`` (``kpi_extract.show.axes``). Drawn with the Agg backend."""
from __future__ import annotations

import datetime as dt

import matplotlib
import matplotlib.pyplot as plt
import pytest

from kpi_extract import SCHEMA, ConfigError, FrameError
from kpi_extract.show.axes import axis_unit, display_name, panel_kinds, period_date
from kpi_extract.show.plotting import series_label

matplotlib.use("Agg")


def row(metric, value, unit, period="2022Q4", *, segment=None, adjusted=False):
    return {"doc_id": "d", "metric": metric, "value": value, "unit": unit, "role": "actual",
            "fiscal_year": int(period[:4]), "fiscal_period": period[4:], "segment": segment, "adjusted": adjusted,
            "qualifier": "exact", "confidence": 0.9, "report_fiscal_year": 2022, "report_fiscal_period": "Q4",
            "value_text": str(value), "start": 0, "end": 1}


def frame(*rows):
    return SCHEMA.frame(rows)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def day(x: float) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(x))


# ---------------------------------------------------------------- helpers, one case per line
@pytest.mark.parametrize("metric, name", [
    ("revenue", "Revenue"),
    ("gross_margin", "Gross margin"),
    ("eps", "EPS"),
    ("rd_expenses", "R&D expenses"),
    ("sga_ratio", "SG&A ratio"),
    ("ebitda_margin", "EBITDA margin"),
    ("cash_and_short_term_investments", "Cash and short-term investments"),
    ("rule_of_40", "Rule of 40"),
    ("my_custom_metric", "My custom metric"),
])
def test_display_name(metric, name):
    assert display_name(metric) == name


@pytest.mark.parametrize("unit, values, expected", [
    ("CNY", [2.131e9, 1.9e9], (1e9, "RMB bn")),
    ("USD", [3.5e8], (1e6, "$ m")),
    ("USD", [120.0], (1.0, "$")),
    ("EUR", [4.2e9], (1e9, "€ bn")),
    ("XYZ", [5e6], (1e6, "XYZ m")),
    ("percent", [7.9], (1.0, "%")),
    ("percentage_point", [1.2], (1.0, "pp")),
    ("multiple", [4.0], (1.0, "x")),
    ("USD/share", [0.58], (1.0, "$/share")),
    ("count", [12_500_000.0], (1e6, "m")),
    ("count", [350.0], (1.0, "count")),
])
def test_axis_unit(unit, values, expected):
    assert axis_unit(unit, values) == expected


@pytest.mark.parametrize("year, period, fye, naming, end", [
    (2022, "Q4", 12, "end", dt.date(2022, 12, 31)),
    (2022, "Q1", 12, "end", dt.date(2022, 3, 31)),
    (2022, "H1", 12, "end", dt.date(2022, 6, 30)),
    (2022, "9M", 12, "end", dt.date(2022, 9, 30)),
    (2022, "FY", 12, "end", dt.date(2022, 12, 31)),
    (2023, "Q1", 9, "end", dt.date(2022, 12, 31)),
    (2023, "FY", 9, "end", dt.date(2023, 9, 30)),
    (2024, "Q2", 3, "end", dt.date(2023, 9, 30)),
    (2021, "FY", 1, "start", dt.date(2022, 1, 31)),
    (2024, "Q4", 2, "end", dt.date(2024, 2, 29)),
])
def test_period_date(year, period, fye, naming, end):
    assert day(period_date(year, period, fye, naming)) == end


@pytest.mark.parametrize("periods, kinds", [
    (["Q1", "Q4"], [1]),
    (["FY", "Q3"], [1, 4]),
    (["H1", "FY"], [2, 4]),
    (["9M"], [3]),
])
def test_panel_kinds(periods, kinds):
    assert panel_kinds(periods) == kinds


@pytest.mark.parametrize("segment, adjusted, label", [
    ("total", False, "Total"),
    ("total", True, "Total (adjusted)"),
    ("public cloud services", False, "Public cloud services"),
    ("Enterprise Cloud Services", False, "Enterprise cloud services"),
    ("AWS", False, "AWS"),
    ("IoT Devices", True, "IoT devices (adjusted)"),
])
def test_series_label(segment, adjusted, label):
    assert series_label(segment, adjusted) == label


# ---------------------------------------------------------------- the plot
def test_periods_sit_at_their_end_dates():
    """2021 Q2 -> 2022 Q3 is five quarters wide, not one step."""
    ax = frame(row("gross_margin", 3.6, "percent", "2021Q2"), row("gross_margin", 6.3, "percent", "2022Q3"),
               row("gross_margin", 7.9, "percent", "2022Q4")).kpi.plot("gross_margin")
    xs = list(ax.get_lines()[0].get_xdata())
    assert [day(x) for x in xs] == [dt.date(2021, 6, 30), dt.date(2022, 9, 30), dt.date(2022, 12, 31)]
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(5, rel=0.02)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021 Q2", "2022 Q3", "2022 Q4"]


def test_fiscal_year_end_month_moves_the_dates():
    ax = frame(row("revenue", 2e9, "USD", "2023Q1")).kpi.plot("revenue", fiscal_year_end_month=9)
    assert day(ax.get_lines()[0].get_xdata()[0]) == dt.date(2022, 12, 31)


def test_quarters_and_full_years_are_separate_panels():
    df = frame(row("revenue", 4.0e8, "USD", "2024Q1"), row("revenue", 4.2e8, "USD", "2024Q2"),
               row("revenue", 1.66e9, "USD", "2024FY"))
    quarterly, full_year = df.kpi.plot("revenue")
    assert quarterly.figure is full_year.figure
    assert [list(ln.get_ydata()) for ln in quarterly.get_lines()] == [[400.0, 420.0]]
    assert [list(ln.get_ydata()) for ln in full_year.get_lines()] == [[1.66]]
    assert (quarterly.get_ylabel(), full_year.get_ylabel()) == ("$ m", "$ bn")
    assert (quarterly.get_title(), full_year.get_title()) == ("Revenue, quarterly", "Revenue, full year")


@pytest.mark.parametrize("periods, title", [(["Q1", "Q2"], "Revenue, quarterly"), (["FY"], "Revenue, full year")])
def test_periods_keep_one_panel(periods, title):
    df = frame(row("revenue", 4.0e8, "USD", "2024Q1"), row("revenue", 1.66e9, "USD", "2024FY"))
    assert df.kpi.plot("revenue", periods=periods).get_title() == title


def test_one_axes_for_two_panels_is_a_config_error():
    df = frame(row("revenue", 4.0e8, "USD", "2024Q1"), row("revenue", 1.66e9, "USD", "2024FY"))
    _, ax = plt.subplots()
    with pytest.raises(ConfigError, match=r"periods="):
        df.kpi.plot("revenue", ax=ax)


def test_segments_and_adjusted_series_are_named_and_styled():
    df = frame(row("revenue", 2.0e9, "CNY"), row("revenue", 1.35e9, "CNY", segment="public cloud services"),
               row("revenue", 0.79e9, "CNY", segment="Enterprise Cloud Services"),
               row("revenue", 2.1e9, "CNY", adjusted=True))
    ax = df.kpi.plot("revenue")
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert set(lines) == {"Total", "Public cloud services", "Enterprise cloud services", "Total (adjusted)"}
    assert lines["Total (adjusted)"].get_linestyle() == "--" and lines["Total"].get_linestyle() == "-"
    assert list(lines["Total (adjusted)"].get_ydata()) == [2.1]
    assert {t.get_text() for t in ax.get_legend().get_texts()} == set(lines)
    assert ax.get_ylabel() == "RMB bn"


def test_no_offset_notation_on_the_value_axis():
    ax = frame(row("revenue", 2.131e9, "CNY"), row("revenue", 2.132e9, "CNY", "2022Q3")).kpi.plot("revenue")
    ax.figure.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == ""
    assert list(ax.get_lines()[0].get_ydata()) == pytest.approx([2.132, 2.131])


@pytest.mark.parametrize("kwargs", [{"periods": ["FY"]}, {"segment": "cloud"}, {"adjusted": True}])
def test_nothing_left_is_a_frame_error(kwargs):
    with pytest.raises(FrameError, match="no actual value of 'revenue'"):
        frame(row("revenue", 2.0e9, "CNY")).kpi.plot("revenue", **kwargs)
