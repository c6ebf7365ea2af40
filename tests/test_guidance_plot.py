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


def _ys(ax, kind):
    return sorted(y for c in ax.collections if isinstance(c, kind)
                  for y in ([seg[0][1] for seg in c.get_segments()] if kind is LineCollection
                            else [y for _, y in c.get_offsets().tolist()]))


@pytest.mark.parametrize("data", ["frame", "history"])
def test_bars_markers_and_colours(data):
    source = CALLS if data == "frame" else kpi_extract.guidance_history(CALLS)
    quarterly, full_year = kpi_extract.plot_guidance(source, "revenue")  # two panels: Q2 and FY guides
    try:
        assert quarterly.figure is full_year.figure
        assert [t.get_text() for t in quarterly.get_xticklabels()] == ["2024 Q2"]
        assert [t.get_text() for t in full_year.get_xticklabels()] == ["2024 FY"]
        # two FY ranges (first guide grey, then raised green); the Q2 point guide is a line
        assert len(quarterly.patches) == 0 and _bar_colors(full_year) == [mcolors.to_hex(REVISION_COLORS[None]),
                                                                       mcolors.to_hex(REVISION_COLORS["raised"])]
        assert [(p.get_y(), p.get_height()) for p in full_year.patches] == [(100, 10), (104, 8)]
        assert _ys(quarterly, PathCollection) == [26] and _ys(full_year, PathCollection) == [108]  # actuals
        assert _ys(quarterly, LineCollection) == [25, 26]  # the point guide, then the actual's dashed line
        assert {t.get_text() for t in full_year.get_legend().get_texts()} == {"first guide", "raised", "actual"}
        assert full_year.get_title() == "Revenue, full year: guides and actuals"
        assert quarterly.get_ylabel() == full_year.get_ylabel() == "$"
    finally:
        plt.close(quarterly.figure)


def test_growth_series_is_chosen_with_comparison(ax):
    kpi_extract.plot_guidance(CALLS, "revenue", comparison="yoy", ax=ax)
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [(6, 2)]
    assert ax.get_title() == "Revenue growth, full year: guides and actuals" and ax.get_ylabel() == "%"


def test_periods_filter(ax):
    kpi_extract.plot_guidance(CALLS, "revenue", periods=["FY"], ax=ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024 FY"]


def test_new_figure_when_no_axes():
    out = kpi_extract.plot_guidance(CALLS, "revenue", periods=["FY"])
    assert out.figure is not None
    plt.close(out.figure)


def test_one_axes_for_two_panels_raises_config_error(ax):
    with pytest.raises(ConfigError, match=r"2 panel\(s\) here \(quarterly, full year\)"):
        kpi_extract.plot_guidance(CALLS, "revenue", ax=ax)


def test_two_axes_for_two_panels(ax):
    fig, other = plt.subplots()
    try:
        assert kpi_extract.plot_guidance(CALLS, "revenue", ax=[ax, other]) == [ax, other]
        assert len(other.patches) == 2
    finally:
        plt.close(fig)


# quarterly guides in RMB billions, two calls, a quarter without a guide between them
BIG = SCHEMA.frame([
    row("q1", 0, 1.85e9, q="range_low", period="Q2", unit="CNY"), row("q1", 5, 2.05e9, q="range_high", period="Q2",
                                                                      unit="CNY"),
    row("q3", 0, 2.1e9, q="range_low", period="Q4", unit="CNY", report=(2024, "Q3")),
    row("q3", 5, 2.3e9, q="range_high", period="Q4", unit="CNY", report=(2024, "Q3")),
])


def test_money_is_scaled_like_df_kpi_plot_and_periods_sit_at_their_end_dates(ax):
    kpi_extract.plot_guidance(BIG, "revenue", ax=ax)
    assert ax.get_ylabel() == "RMB bn"
    assert [(round(p.get_y(), 2), round(p.get_height(), 2)) for p in ax.patches] == [(1.85, 0.2), (2.1, 0.2)]
    ax.figure.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == ""  # no "1e9" offset
    q2, q4 = ax.get_xticks()
    assert q4 - q2 == pytest.approx(183, abs=1)  # two quarters, though no Q3 is drawn
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024 Q2", "2024 Q4"]


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
@pytest.mark.parametrize("company, label, bars", [("A", "$", [(100, 10), (104, 8)]),
                                                   ("B", "$ k", [(1.0, 0.1), (1.04, 0.08)])])  # B: 10x A, in $ k
def test_company_picks_one_of_several(ax, data, company, label, bars):
    source = TWO if data == "frame" else kpi_extract.guidance_history(TWO)
    kpi_extract.plot_guidance(source, "revenue", company=company, periods=["FY"], ax=ax)
    assert [(round(p.get_y(), 6), round(p.get_height(), 6)) for p in ax.patches] == bars
    assert ax.get_ylabel() == label


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
    kpi_extract.plot_guidance(CALLS.assign(company="A"), "revenue", periods=["FY"], ax=ax)
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
    ax = CALLS.kpi.guidance_plot("revenue", unit="USD", periods=["FY"])
    try:
        ref = kpi_extract.plot_guidance(CALLS, "revenue", unit="USD", periods=["FY"])
        try:
            assert len(ax.patches) == len(ref.patches) > 0
            assert [p.get_height() for p in ax.patches] == [p.get_height() for p in ref.patches]
        finally:
            plt.close(ref.figure)
    finally:
        plt.close(ax.figure)


def test_a_prior_range_the_call_restates_is_not_drawn(ax):
    """A restated earlier guide ("compared with our prior range of") is history: no bar of its call."""
    h = kpi_extract.guidance_history(CALLS)
    fy = h[(h["fiscal_period"] == "FY") & (h["unit"] == "USD")]
    restated = fy.iloc[[0]].assign(doc_id="q2", call_rank=1, report_fiscal_period="Q2", start=30, final=False,
                                   prior=True, revision=pd.NA)
    with_prior = pd.concat([h, restated], ignore_index=True)
    kpi_extract.plot_guidance(with_prior, "revenue", periods=["FY"], ax=ax)
    assert [(p.get_y(), p.get_height()) for p in ax.patches] == [(100, 10), (104, 8)]
