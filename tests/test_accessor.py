"""The ``df.kpi`` accessor: ``table``, ``changes``, ``guidance`` and ``plot``."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import matplotlib
import pandas as pd
import pytest

import kpi_extract
from kpi_extract import SCHEMA, FrameError, MissingDependencyError
from kpi_extract.analysis.views import TABLE_INDEX, period_label, segment_name

matplotlib.use("Agg")


def row(metric, value, unit, period="2022Q4", *, role="actual", segment=None, adjusted=False, qualifier="exact",
        confidence=0.9, report="2022Q4", comparison=None, doc="d", text=None):
    return {"doc_id": doc, "metric": metric, "value": value, "unit": unit, "role": role,
            "fiscal_year": int(period[:4]) if period else None, "fiscal_period": period[4:] if period else None,
            "segment": segment, "adjusted": adjusted, "qualifier": qualifier, "confidence": confidence,
            "comparison": comparison, "report_fiscal_year": int(report[:4]), "report_fiscal_period": report[4:],
            "value_text": text or str(value), "start": 0, "end": 1}


def frame(*rows):
    return SCHEMA.frame(rows)


# ---------------------------------------------------------------- table
@pytest.mark.parametrize("value, unit, qualifier, cell", [
    (2.131e9, "CNY", "exact", "RMB 2.13bn"),
    (1.2e9, "USD", "exact", "$1.20bn"),
    (3.5e8, "USD", "exact", "$350.0m"),
    (7.9, "percent", "exact", "7.9%"),
    (0.12, "USD/share", "exact", "$0.12/share"),
    (12000, "count", "more_than", ">12,000"),
    (7.84e8, "CNY", "approximately", "~RMB 784.0m"),
])
def test_table_cell_is_formatted(value, unit, qualifier, cell):
    out = frame(row("revenue", value, unit, qualifier=qualifier)).kpi.table()
    assert out.loc[("revenue", "total", False, unit), "2022 Q4"] == cell


def test_table_shape_index_and_period_order():
    df = frame(row("revenue", 2.0e9, "CNY", "2022Q4"), row("revenue", 1.9e9, "CNY", "2022Q3"),
               row("revenue", 7.5e9, "CNY", "2022FY"), row("revenue", 1.8e9, "CNY", "2021Q4"),
               row("revenue", 1.2e9, "CNY", "2022Q4", segment="public cloud"),
               row("gross_margin", 7.9, "percent", "2022Q4", adjusted=True))
    out = df.kpi.table()
    assert list(out.index.names) == list(TABLE_INDEX)
    assert list(out.columns) == ["2021 Q4", "2022 Q3", "2022 Q4", "2022 FY"]
    assert out.columns.name == "period"
    assert list(out.index) == [("revenue", "total", False, "CNY"), ("revenue", "public cloud", False, "CNY"),
                               ("gross_margin", "total", True, "percent")]
    assert (out.dtypes == "string").all()
    assert pd.isna(out.loc[("gross_margin", "total", True, "percent"), "2021 Q4"])


def test_table_rows_are_grouped_in_a_stable_order():
    """Mentions in a scattered order: each metric's rows together, the metrics in the
    lexicon's order, the total before the segments, unadjusted before adjusted."""
    mentions = [row("gross_margin", 7.9, "percent", adjusted=True),
                row("revenue", 1.2e9, "CNY", segment="Public Cloud"),
                row("net_income", 5.0e7, "CNY"),
                row("gross_margin", 7.5, "percent"),
                row("revenue", 2.0e9, "CNY"),
                row("revenue", 0.8e9, "CNY", segment="enterprise cloud")]
    want = [("revenue", "total", False, "CNY"), ("revenue", "enterprise cloud", False, "CNY"),
            ("revenue", "public cloud", False, "CNY"), ("gross_margin", "total", False, "percent"),
            ("gross_margin", "total", True, "percent"), ("net_income", "total", False, "CNY")]
    assert list(frame(*mentions).kpi.table().index) == want
    assert list(frame(*mentions[::-1]).kpi.table().index) == want  # whatever the mention order


@pytest.mark.parametrize("written, shown", [
    ("Enterprise Cloud Services", "enterprise cloud services"),
    ("public cloud services", "public cloud services"),
    ("Public  Cloud", "public cloud"),
    ("AWS", "AWS"),
    ("IoT Solutions", "IoT solutions"),
])
def test_segment_display_name(written, shown):
    assert segment_name(written) == shown


def test_one_row_per_segment_however_it_is_written():
    df = frame(row("revenue", 1.2e9, "CNY", "2022Q4", segment="Public Cloud"),
               row("revenue", 1.1e9, "CNY", "2022Q3", segment="public cloud"))
    out = df.kpi.table()
    assert list(out.index) == [("revenue", "public cloud", False, "CNY")]
    assert out.iloc[0].tolist() == ["RMB 1.10bn", "RMB 1.20bn"]


def test_records_are_json_safe(seed_frame):
    records = seed_frame.kpi.records()
    assert len(records) == len(seed_frame) and list(records[0]) == list(seed_frame.columns)
    text = json.dumps(records, allow_nan=False)  # raises on NaN or Infinity
    back = json.loads(text)
    for col in ("comparison", "metric", "segment", "adjusted", "fiscal_year"):  # category, string, boolean, Int64
        assert [r[col] is None for r in back] == seed_frame[col].isna().tolist()
    assert [r["value"] for r in back] == seed_frame["value"].tolist()
    assert {type(r["start"]) for r in records} == {int}
    assert {type(r["adjusted"]) for r in records} <= {bool, type(None)}


def test_records_of_other_frames():
    df = pd.DataFrame({"when": pd.to_datetime(["2023-01-02", None]), "x": [math.inf, 1.5],
                       "c": pd.Categorical(["a", None])})
    assert df.kpi.records() == [{"when": "2023-01-02T00:00:00", "x": None, "c": "a"},
                                {"when": None, "x": 1.5, "c": None}]


def test_table_numbers():
    df = frame(row("revenue", 2.0e9, "CNY"), row("revenue", 1.9e9, "CNY", "2022Q3"))
    out = df.kpi.table(formatted=False)
    assert (out.dtypes == "Float64").all()
    assert out.loc[("revenue", "total", False, "CNY")].tolist() == [1.9e9, 2.0e9]


@pytest.mark.parametrize("rows, cell", [
    # the latest report wins (a restated value)
    ([row("revenue", 1.0e9, "USD", report="2022Q4"), row("revenue", 1.1e9, "USD", report="2023Q4")], "$1.10bn"),
    ([row("revenue", 1.1e9, "USD", report="2023Q4"), row("revenue", 1.0e9, "USD", report="2022Q4")], "$1.10bn"),
    # in one report: exact before approximate, then the surer link, then the first mention
    ([row("revenue", 1.0e9, "USD", qualifier="approximately"), row("revenue", 1.05e9, "USD")], "$1.05bn"),
    ([row("revenue", 1.0e9, "USD", confidence=0.6), row("revenue", 1.05e9, "USD", confidence=0.9)], "$1.05bn"),
    ([row("revenue", 1.0e9, "USD"), row("revenue", 1.05e9, "USD")], "$1.00bn"),
])
def test_table_picks_one_value_per_cell(rows, cell):
    assert frame(*rows).kpi.table().loc[("revenue", "total", False, "USD"), "2022 Q4"] == cell


@pytest.mark.parametrize("left_out", [
    row("revenue", 1e9, "USD", role="guidance"),
    row("revenue", 10, "percent", role="change", comparison="yoy"),
    row(None, 1e9, "USD"),
    row("revenue", 1e9, "USD", period=None),
])
def test_table_leaves_out(left_out):
    out = frame(row("gross_margin", 7.9, "percent"), left_out).kpi.table()
    assert list(out.index.get_level_values("metric")) == ["gross_margin"]


def test_table_metrics_filter():
    df = frame(row("revenue", 1e9, "USD"), row("gross_margin", 7.9, "percent"), row("eps", 0.12, "USD/share"))
    assert list(df.kpi.table(metrics="eps").index.get_level_values("metric")) == ["eps"]
    assert list(df.kpi.table(metrics=["eps", "revenue"]).index.get_level_values("metric")) == ["revenue", "eps"]


def test_table_of_nothing_keeps_its_shape():
    out = SCHEMA.empty().kpi.table()
    assert out.shape == (0, 0) and list(out.index.names) == list(TABLE_INDEX)


@pytest.mark.parametrize("year, period, label", [(2022, "Q4", "2022 Q4"), (2021, "FY", "2021 FY"), (2023, "9M", "2023 9M")])
def test_period_label(year, period, label):
    assert period_label(year, period) == label


# ---------------------------------------------------------------- changes, guidance
def test_changes_rows_and_dtypes(seed_frame):
    out = seed_frame.kpi.changes()
    assert len(out) > 0 and (out["role"] == "change").all() and out["metric"].notna().all()
    assert list(out["role"].cat.categories) == ["change"]
    for col in ("metric", "segment", "unit", "formatted", "value_text", "doc_id"):
        assert out[col].dtype == "string", col
    assert out["fiscal_year"].dtype == "Int64" and out["adjusted"].dtype == "boolean"
    assert isinstance(out["comparison"].dtype, pd.CategoricalDtype)
    assert not any(out[c].dtype == object for c in out.columns)
    idc = out[out["metric"] == "idc_cost"].iloc[0]
    assert idc["formatted"] == "-20.0%" and seed_frame.loc[idc.name, "value_text"] == "20%"


@pytest.mark.parametrize("value, unit, formatted", [
    (-20.0, "percent", "-20.0%"),
    (6.7, "percentage_point", "+6.7 pp"),
    (1.8e8, "CNY", "+RMB 180.0m"),
])
def test_changes_are_signed(value, unit, formatted):
    out = frame(row("revenue", value, unit, role="change", comparison="yoy")).kpi.changes()
    assert out["formatted"].tolist() == [formatted]


def test_guidance_rows(seed_frame):
    out = seed_frame.kpi.guidance()
    assert set(out["role"]) <= {"guidance", "target"} and out["metric"].notna().all()
    revenue = out[out["metric"] == "revenue"]
    assert revenue["formatted"].tolist() == ["RMB 1.85bn", "RMB 2.05bn"]
    assert revenue["qualifier"].tolist() == ["range_low", "range_high"]


@pytest.mark.parametrize("method", ["table", "changes", "guidance", "check"])
def test_missing_columns_are_a_frame_error(method):
    df = pd.DataFrame({"value": [1.0], "unit": ["USD"]})
    with pytest.raises(FrameError, match="needs the column"):
        getattr(df.kpi, method)()


# ---------------------------------------------------------------- plot
def test_plot_returns_axes_with_the_values():
    df = frame(row("revenue", 2.0e9, "CNY"), row("revenue", 1.9e9, "CNY", "2022Q3"),
               row("revenue", 1.2e9, "CNY", segment="public cloud"))
    ax = df.kpi.plot("revenue")
    try:
        lines = {ln.get_label(): list(ln.get_ydata()) for ln in ax.get_lines()}
        assert lines["Total"] == [1.9, 2.0]
        assert lines["Public cloud"][1] == 1.2 and pd.isna(lines["Public cloud"][0])
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2022 Q3", "2022 Q4"]
        assert ax.get_ylabel() == "RMB bn" and ax.get_title() == "Revenue, quarterly"
    finally:
        matplotlib.pyplot.close(ax.figure)


def test_plot_one_segment_into_given_axes():
    df = frame(row("revenue", 2.0e9, "CNY"), row("revenue", 1.2e9, "CNY", segment="public cloud"))
    fig, ax = matplotlib.pyplot.subplots()
    try:
        assert df.kpi.plot("revenue", segment="total", ax=ax) is ax
        assert [ln.get_label() for ln in ax.get_lines()] == ["Total"]
    finally:
        matplotlib.pyplot.close(fig)


def test_plot_percent_axis():
    ax = frame(row("gross_margin", 7.9, "percent"), row("gross_margin", 6.3, "percent", "2022Q3")).kpi.plot(
        "gross_margin")
    try:
        assert list(ax.get_lines()[0].get_ydata()) == [6.3, 7.9] and ax.get_ylabel() == "%"
    finally:
        matplotlib.pyplot.close(ax.figure)


@pytest.mark.parametrize("kwargs", [{}, {"segment": "nowhere"}, {"adjusted": True}])
def test_plot_nothing_is_a_frame_error(kwargs):
    df = frame(row("revenue", 2.0e9, "CNY"))
    metric = "gross_margin" if not kwargs else "revenue"
    with pytest.raises(FrameError, match=metric):
        df.kpi.plot(metric, **kwargs)


def test_plot_without_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r"kpi_extract\[plot\]"):
        frame(row("revenue", 2.0e9, "CNY")).kpi.plot("revenue")


def test_import_does_not_import_matplotlib_or_ipython():
    code = "import sys, kpi_extract; print('matplotlib' in sys.modules, 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_accessor_is_registered_by_import():
    assert isinstance(SCHEMA.empty().kpi, kpi_extract.show.accessor.KpiAccessor)


def test_table_mixes_no_companies():
    text = "Revenue was $5 million in the third quarter of 2021."
    df = kpi_extract.extract_many([{"text": text, "company": "Acme"}, {"text": text, "company": "Globex"}],
                                  progress=False, reporting_period="2021Q3")
    with pytest.raises(FrameError, match="one company"):
        df.kpi.table()
    assert not df[df["company"] == "Acme"].kpi.table().empty
