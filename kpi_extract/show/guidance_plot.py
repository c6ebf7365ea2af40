"""One metric's guidance over periods, drawn with matplotlib (the optional ``plot`` extra).

``import kpi_extract`` does not import matplotlib: :func:`plot_guidance` imports it when
called and raises :class:`~kpi_extract.errors.MissingDependencyError` naming the extra
when it is missing.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kpi_extract.errors import ConfigError, FrameError, InputTypeError
from kpi_extract.analysis.guidance import COMPANY, REQUIRED_COLUMNS, guidance_history
from kpi_extract.analysis.views import period_label
from kpi_extract.fiscal import period_end, quarters_spanned
from kpi_extract.show.axes import (PANEL_NAMES, axes_for, axis_unit, display_name, panel_kinds, period_date, pyplot,
                                   style_axes)
from kpi_extract.schema import HISTORY_SCHEMA

__all__ = ["plot_guidance", "REVISION_COLORS"]

#: bar colour per revision kind (``None``: a call's first guide of the item)
REVISION_COLORS = {None: "tab:gray", "maintained": "tab:blue", "narrowed": "tab:purple",
                   "widened": "tab:orange", "raised": "tab:green", "lowered": "tab:red"}


def _companies(df: pd.DataFrame) -> list[str]:
    return sorted(map(str, df[COMPANY].dropna().unique())) if COMPANY in df.columns else []


def _one_company(data: pd.DataFrame, company: str | None) -> pd.DataFrame:
    """The rows of ``company``; all of ``data`` when ``company`` is None and it names at
    most one company; a :class:`ConfigError` listing the companies otherwise."""
    names = _companies(data)
    if company is None:
        if len(names) > 1:
            raise ConfigError(f"plot_guidance draws one company; the frame holds {len(names)}: pass company= one of "
                              f"{names}")
        return data
    if company not in names:
        raise ConfigError(f"no company {company!r} in the frame: choose among {names}" if names
                          else f"company={company!r}, but the frame names no company")
    return data[(data[COMPANY] == company).fillna(False)]


def _history(data: object, company: str | None) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise InputTypeError(f"plot_guidance takes a DataFrame, not {type(data).__name__}")
    if all(c in data.columns for c in HISTORY_SCHEMA.names):
        return _one_company(data, company)
    if all(c in data.columns for c in REQUIRED_COLUMNS):
        # one company's calls before the history: the others cannot make it ambiguous
        return _one_company(guidance_history(_one_company(data, company) if company is not None else data), None)
    missing = tuple(c for c in HISTORY_SCHEMA.names if c not in data.columns)
    raise FrameError("plot_guidance takes guidance_history() or the frame of extract_many(); the frame lacks "
                     + ", ".join(missing), missing=missing)


def _series(h: pd.DataFrame, metric: str, segment: str | None, unit: str | None, adjusted: bool | None,
            comparison: str | None, periods: Sequence[str] | None) -> pd.DataFrame:
    """The history rows of one series; when several (unit, adjusted, comparison, basis) remain,
    levels come first, then the reported basis, then the series with the most rows."""
    rows = h[(h["metric"] == metric).fillna(False)]
    if "prior" in rows.columns:  # an earlier guide the call restates ("compared with our prior range of") is that call's bar
        rows = rows[~rows["prior"].fillna(False).astype(bool)]
    rows = rows[rows["segment"].isna()] if segment is None else rows[(rows["segment"] == segment).fillna(False)]
    if unit is not None:
        rows = rows[(rows["unit"] == unit).fillna(False)]
    if adjusted is not None:
        rows = rows[(rows["adjusted"] == adjusted).fillna(False)]
    if comparison is not None:
        rows = rows[(rows["comparison"] == comparison).fillna(False)]
    if periods is not None:
        rows = rows[rows["fiscal_period"].astype(object).isin(list(periods))]
    if rows.empty:
        where = metric + (f" ({segment})" if segment else "")
        raise ConfigError(f"no guidance for {where} with these options: choose among "
                          f"{sorted(set(h['metric'].dropna()))}")
    series = (rows.assign(level=rows["comparison"].isna(), reported=rows["basis"].isna())
              .groupby(["level", "reported", "unit", "adjusted", "comparison", "basis"], dropna=False,
                       observed=True).size()
              .reset_index(name="n").sort_values(["level", "reported", "n"], ascending=False))
    best = series.iloc[0]
    keep = ((rows["unit"] == best["unit"]) & (rows["adjusted"] == best["adjusted"]).fillna(False)
            & (rows["comparison"].isna() if pd.isna(best["comparison"]) else rows["comparison"] == best["comparison"])
            & (rows["basis"].isna() if pd.isna(best["basis"]) else rows["basis"] == best["basis"]))
    return rows[keep.fillna(False)]


def _draw_item(ax: Any, x: float, slot: float, guides: pd.DataFrame, divisor: float, used: dict[Any, None]) -> None:
    """The bars (or short lines, for point guides) of one guided period, side by side in
    its slot of ``slot`` days centred on ``x``, and its actual as a dashed line and a diamond."""
    width = slot / len(guides)
    for j, g in enumerate(guides.itertuples(index=False)):
        revision = None if pd.isna(g.revision) else g.revision
        used[revision] = None
        left = x - slot / 2 + j * width
        style = {"color": REVISION_COLORS[revision], "alpha": 1.0 if g.final else 0.5}
        low, high = g.low / divisor, g.high / divisor
        if high > low:
            ax.bar(left + width / 2, high - low, bottom=low, width=width * 0.9,
                   hatch=None if g.final else "//", edgecolor="black", linewidth=0.5, **style)
        else:
            ax.hlines(low, left + width * 0.05, left + width * 0.95, linewidth=3, **style)
        label = (period_label(g.report_fiscal_year, g.report_fiscal_period) if not pd.isna(g.report_fiscal_year)
                 else str(g.doc_id))
        ax.annotate(label, (left + width / 2, high), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=7, rotation=90)
    actual = guides["actual"].dropna()
    if not actual.empty:  # a dashed line across the period's bars, a diamond at its end
        y = actual.iloc[0] / divisor
        ax.hlines(y, x - slot * 0.55, x + slot * 0.55, colors="black", linestyles="dashed", linewidth=1, zorder=3)
        ax.scatter([x + slot * 0.55], [y], marker="D", color="black", zorder=3)


def plot_guidance(data: pd.DataFrame, metric: str, *, segment: str | None = None, ax: Any = None,
                  unit: str | None = None, adjusted: bool | None = None, comparison: str | None = None,
                  periods: Sequence[str] | None = None, company: str | None = None,
                  fiscal_year_end_month: int = 12) -> Any:
    """Draw the guides of ``metric`` per period: one bar (low to high) per call that guided
    it, in call order, coloured by revision kind (:data:`REVISION_COLORS`; a superseded
    guide of the same call is hatched, a point guide is a short line) and the actual as a
    dashed black line ending in a diamond.

    The axes are those of ``df.kpi.plot``: each period at the date it ends, quarterly and
    full-year guides in separate panels with their own scales, money in the unit values are
    written in (``"RMB bn"``), the metric under its display name.

    Parameters
    ----------
    data : :func:`kpi_extract.guidance_history`, or the frame of
        :func:`kpi_extract.extract_many` for the calls (the history is built from it).
    company : the company to draw when ``data`` holds several (its ``company`` column);
        ``None`` when it holds one (or names none).
    metric, segment : the series; ``segment=None`` is the company total.
    unit, adjusted, comparison : pick one series when the metric has several (a level and a
        growth rate, adjusted and GAAP); by default levels first, then the most guided.
    periods : keep only these fiscal periods (``["FY"]``, ``["Q1", "Q2", "Q3", "Q4"]``).
    fiscal_year_end_month : the month fiscal years end in, for the dates periods end.
    ax : a matplotlib Axes to draw on (a sequence of one per panel when quarterly and
        full-year guides are both drawn); a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes or list of Axes
        The Axes, or a list of Axes (one per panel) when several are drawn.

    Raises
    ------
    MissingDependencyError
        Without matplotlib.
    ConfigError
        When nothing matches, when ``ax`` does not match the panels, when ``data`` holds
        several companies and ``company`` is None (the message lists them), or when
        ``company`` is not among them.
    """
    pyplot("plot_guidance")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    rows = _series(_history(data, company), metric, segment, unit, adjusted, comparison, periods)
    items = (rows[["fiscal_year", "fiscal_period"]].drop_duplicates().astype(object)
             .assign(end=lambda d: [period_end(y, p) for y, p in zip(d["fiscal_year"], d["fiscal_period"])])
             .sort_values(["end", "fiscal_period"]).reset_index(drop=True))
    kinds = panel_kinds(items["fiscal_period"])
    counts = [sum(quarters_spanned(p) == k for p in items["fiscal_period"]) for k in kinds]
    axes = axes_for(ax, kinds, "plot_guidance", widths=[1.5 + 1.4 * n for n in counts])
    first = rows.iloc[0]
    what = display_name(metric) + (f" ({segment})" if segment else "") \
        + (" growth" if not pd.isna(first["comparison"]) else "") + (" (adjusted)" if first["adjusted"] else "")
    used: dict[Any, None] = {}
    for kind, axis in zip(kinds, axes):
        here = items[[quarters_spanned(p) == kind for p in items["fiscal_period"]]]
        in_panel = rows[rows["fiscal_period"].astype(object).map(lambda p: quarters_spanned(p) == kind)]
        values = pd.concat([in_panel["low"], in_panel["high"], in_panel["actual"]]).dropna().astype(float)
        divisor, ylabel = axis_unit(str(first["unit"]), values)
        slot = 0.7 * 91.3 * kind
        ticks = []
        for item in here.itertuples(index=False):
            x = period_date(item.fiscal_year, item.fiscal_period, fiscal_year_end_month)
            ticks.append((x, period_label(item.fiscal_year, item.fiscal_period)))
            at = ((rows["fiscal_year"] == item.fiscal_year).fillna(False)
                  & (rows["fiscal_period"].astype(object) == item.fiscal_period))
            _draw_item(axis, x, slot, rows[at].sort_values(["call_rank", "start"]), divisor, used)
        style_axes(axis, ticks, span_days=91.3 * kind, ylabel=ylabel,
                   title=f"{what}, {PANEL_NAMES[kind]}: guides and actuals")
        scaled = values / divisor
        pad = (scaled.max() - scaled.min()) * 0.15 or abs(scaled.max()) * 0.05 or 1.0
        axis.set_ylim(scaled.min() - pad, scaled.max() + pad * 1.5)  # room for the labels above the bars
    handles = [Patch(color=REVISION_COLORS[r], label="first guide" if r is None else r) for r in used]
    handles.append(Line2D([], [], marker="D", color="black", linestyle="none", label="actual"))
    axes[-1].legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return axes[0] if len(axes) == 1 else axes
