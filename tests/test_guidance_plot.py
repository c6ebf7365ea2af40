"""``kpi_extract.plot_guidance``: guided ranges as bars, revisions as colours, actuals as markers.

Drawn with the Agg backend on small frames built from row dicts (no transcript needed)."""
from __future__ import annotations

import subprocess
import sys

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection

import kpi_extract
from kpi_extract import SCHEMA, ConfigError, FrameError
from kpi_extract.errors import MissingDependencyError
from kpi_extract.show.guidance_plot import REVISION_COLORS

matplotlib.use("Agg")


def row(doc, start, value, *, role="guidance", q="exact", year=2024, period="FY", unit="USD", metric="revenue",
        comparison=None, report=(2024, "Q1")):
    return {"doc_id": doc, "start": start, "end": start + 3, "value_text": "x", "value": value, "unit": unit,
            "metric": metric, "adjusted": False, "role": role, "comparison": comparison, "qualifier": q,
            "fiscal_year": year, "fiscal_period": period, "sentence": "", "confidence": 1.0,
            "report_fiscal_year": report[0], "report_fiscal_period": report[1]}


Q1, Q2, Q4 = (2024, "Q1"), (2024, "Q2"), (2024, "Q4")
CALLS = SCHEMA.frame([
    row("q1", 0, 100, q="range_low"), row("q1", 5, 110, q="range_high"),             # FY: first guide
    row("q1", 20, 25, q="approximately", period="Q2"),                               # Q2: a point guide
    row("q1", 40, 6, q="range_low", unit="percent", comparison="yoy"),               # FY growth (not drawn
    row("q1", 45, 8, q="range_high", unit="percent", comparison="yoy"),              #  with the levels)
    row("q2", 0, 26, role="actual", period="Q2", report=Q2),
    row("q2", 10, 104, q="range_low", report=Q2), row("q2", 15, 112, q="range_high", report=Q2),  # raised
    row("q4", 0, 108, role="actual", report=Q4),
])


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def _bar_colors(ax) -> list[str]:
    return [mcolors.to_hex(p.get_facecolor(), keep_alpha=False) for p in ax.patches]


@pytest.mark.parametrize("data", ["frame", "history"])
def test_bars_markers_and_colours(ax, data):
    source = CALLS if data == "frame" else kpi_extract.guidance_history(CALLS)
    out = kpi_extract.plot_guidance(source, "revenue", ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Q2 2024", "FY 2024"]
    # two FY ranges (first guide grey, then raised green); the Q2 point guide is a line
    assert _bar_colors(ax) == [mcolors.to_hex(REVISION_COLORS[None]), mcolors.to_hex(REVISION_COLORS["raised"])]
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [(100, 10), (104, 8)]
    markers = [c.get_offsets().tolist() for c in ax.collections if isinstance(c, PathCollection)]  # scatter
    actual_ys = sorted(y for offsets in markers for _, y in offsets)
    assert actual_ys == [26, 108]
    line_ys = sorted(seg[0][1] for c in ax.collections if isinstance(c, LineCollection) for seg in c.get_segments())
    assert line_ys == [25, 26, 108]  # the point guide, then the actuals' dashed lines
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"first guide", "raised", "actual"}


def test_growth_series_is_chosen_with_comparison(ax):
    kpi_extract.plot_guidance(CALLS, "revenue", comparison="yoy", ax=ax)
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [(6, 2)]


def test_periods_filter(ax):
    kpi_extract.plot_guidance(CALLS, "revenue", periods=["FY"], ax=ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["FY 2024"]


def test_new_figure_when_no_axes():
    out = kpi_extract.plot_guidance(CALLS, "revenue")
    assert out.figure is not None
    plt.close(out.figure)


@pytest.mark.parametrize("kw", [{"metric": "eps"}, {"metric": "revenue", "segment": "cloud"},
                                {"metric": "revenue", "unit": "EUR"}])
def test_nothing_to_draw_raises_config_error(kw):
    with pytest.raises(ConfigError):
        kpi_extract.plot_guidance(CALLS, **kw)


# the same calls for two companies, B's guides 10x A's: a mixed plot would show both scales
TWO = pd.concat([CALLS.assign(company="A"), CALLS.assign(doc_id="b" + CALLS["doc_id"], value=CALLS["value"] * 10,
                                                         company="B")], ignore_index=True)
TWO["company"] = TWO["company"].astype("string")


@pytest.mark.parametrize("data", ["frame", "history"])
@pytest.mark.parametrize("company, scale", [("A", 1), ("B", 10)])
def test_company_picks_one_of_several(ax, data, company, scale):
    source = TWO if data == "frame" else kpi_extract.guidance_history(TWO)
    kpi_extract.plot_guidance(source, "revenue", company=company, ax=ax)
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [(100 * scale, 10 * scale), (104 * scale, 8 * scale)]


@pytest.mark.parametrize("data", ["frame", "history"])
def test_several_companies_without_company_raise_listing_them(data):
    source = TWO if data == "frame" else kpi_extract.guidance_history(TWO)
    with pytest.raises(ConfigError, match=r"holds 2: pass company= one of \['A', 'B'\]"):
        kpi_extract.plot_guidance(source, "revenue")


@pytest.mark.parametrize("data, message", [(TWO, r"no company 'C' in the frame: choose among \['A', 'B'\]"),
                                           (CALLS, "names no company")])
def test_an_unknown_company_raises(data, message):
    with pytest.raises(ConfigError, match=message):
        kpi_extract.plot_guidance(data, "revenue", company="C")


def test_one_named_company_needs_no_company(ax):
    kpi_extract.plot_guidance(CALLS.assign(company="A"), "revenue", ax=ax)
    assert len(ax.patches) == 2


def test_other_frames_raise_frame_error():
    with pytest.raises(FrameError):
        kpi_extract.plot_guidance(pd.DataFrame({"metric": ["revenue"]}), "revenue")


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r"kpi_extract\[plot\]") as info:
        kpi_extract.plot_guidance(CALLS, "revenue")
    assert isinstance(info.value, ImportError)


def test_import_kpi_extract_does_not_import_matplotlib():
    code = "import sys, kpi_extract; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_accessor_guidance_plot_draws_the_same_as_plot_guidance():
    ax = CALLS.kpi.guidance_plot("revenue", unit="USD")
    try:
        ref = kpi_extract.plot_guidance(CALLS, "revenue", unit="USD")
        try:
            assert len(ax.patches) == len(ref.patches) > 0
            assert [p.get_height() for p in ax.patches] == [p.get_height() for p in ref.patches]
        finally:
            plt.close(ref.figure)
    finally:
        plt.close(ax.figure)
