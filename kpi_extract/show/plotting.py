"""``df.kpi.plot(metric)``: a metric's actual values over time, with matplotlib.

matplotlib is an optional extra (``pip install "kpi_extract[plot]"``), imported only here,
when a plot is drawn. The axis style (time-true period axis, units, panels, names) is
shared with :func:`~kpi_extract.show.guidance_plot.plot_guidance` (:mod:`kpi_extract.show.axes`).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kpi_extract.analysis.views import TOTAL, table
from kpi_extract.errors import FrameError
from kpi_extract.fiscal import quarters_spanned
from kpi_extract.show.axes import (PANEL_NAMES, axes_for, axis_unit, display_name, panel_kinds, period_date, pyplot,
                                   style_axes)

__all__ = ["plot", "pyplot", "series_label"]

#: one quarter, in days: the margin and spacing unit of the time axis
QUARTER_DAYS = 91.3


def _word(word: str) -> str:
    """A word of a segment name in sentence case: lower case unless it is an acronym or
    mixes cases inside (``"AWS"``, ``"IoT"`` stay)."""
    return word if word[1:] != word[1:].lower() else word.lower()


def series_label(segment: str, adjusted: bool) -> str:
    """The legend entry of one series: ``"Total"`` for the company total, else the segment
    in sentence case (``"Enterprise Cloud Services"`` and ``"public cloud services"`` both
    read ``"Enterprise cloud services"``, ``"Public cloud services"``); ``" (adjusted)"``
    for adjusted values."""
    if segment == TOTAL:
        name = "Total"
    else:
        name = " ".join(_word(w) for w in segment.split())
        name = name[:1].upper() + name[1:]
    return name + (" (adjusted)" if adjusted else "")


def _periods(columns: Sequence[str]) -> list[tuple[str, int, str]]:
    """``(column, year, period)`` of the table's period columns (``"2022 Q4"``)."""
    out = []
    for col in columns:
        year, period = str(col).split(" ", 1)
        out.append((col, int(year), period))
    return out


def plot(df: pd.DataFrame, metric: str, *, segment: str | None = None, adjusted: bool | None = None,
         periods: Sequence[str] | None = None, fiscal_year_end_month: int = 12, ax: Any = None,
         **kwargs: Any) -> Any:
    """Draw the actual values of ``metric`` (those of :func:`~kpi_extract.analysis.views.table`)
    over time: one line per segment, adjusted flag and unit, each period at the date it ends.

    Quarters and longer periods (half years, nine months, full years) are never joined in
    one line: each length gets its own panel with its own scale. Lines are named by segment
    (``"Total"`` for the company total), adjusted values are dashed and say
    ``(adjusted)``, the title is the metric's display name, the y axis names the unit as
    values are written (``"RMB bn"``, ``"%"``).

    Parameters
    ----------
    segment : keep one segment (``"total"`` for the company total).
    adjusted : keep adjusted (True) or unadjusted (False) values.
    periods : keep these fiscal period names (``["Q1", "Q2", "Q3", "Q4"]``, ``["FY"]``).
    fiscal_year_end_month : the month fiscal years end in, for the dates periods end.
    ax : a matplotlib Axes to draw on (a sequence of one per panel when several are drawn).
    kwargs : passed to ``Axes.plot``.

    Returns
    -------
    matplotlib.axes.Axes or list of Axes
        The Axes, or a list of Axes (one per panel) when several are drawn.

    Raises
    ------
    FrameError
        When no actual value of ``metric`` is left.
    ConfigError
        When ``ax`` does not match the panels.
    MissingDependencyError
        When matplotlib is not installed.
    """
    values = table(df, formatted=False, metrics=metric)
    if segment is not None:
        values = values[values.index.get_level_values("segment") == segment]
    if adjusted is not None:
        values = values[values.index.get_level_values("adjusted") == bool(adjusted)]
    if periods is not None:
        values = values[[c for c in values.columns if str(c).split(" ", 1)[1] in set(periods)]]
    values = values.dropna(axis=1, how="all").dropna(axis=0, how="all")
    if values.empty:
        raise FrameError(f"no actual value of {metric!r} to plot"
                         + (f" (segment {segment!r})" if segment is not None else "")
                         + (f" (adjusted={adjusted})" if adjusted is not None else "")
                         + (f" (periods {list(periods)})" if periods is not None else ""))
    pyplot()
    cols = _periods(list(values.columns))
    kinds = panel_kinds(p for _, _, p in cols)
    counts = [sum(quarters_spanned(p) == k for _, _, p in cols) for k in kinds]
    axes = axes_for(ax, kinds, "df.kpi.plot()", widths=[1.5 + 0.9 * n for n in counts])
    series = list(dict.fromkeys((seg, adj) for _, seg, adj, _ in values.index))
    colors = {key: f"C{i}" for i, key in enumerate(series)}  # one colour per series in every panel
    name = display_name(metric)
    for kind, axis in zip(kinds, axes):
        here = [(c, y, p) for c, y, p in cols if quarters_spanned(p) == kind]
        x = [period_date(y, p, fiscal_year_end_month) for _, y, p in here]
        panel = values[[c for c, _, _ in here]].dropna(axis=0, how="all")
        labels = []
        for (_, seg, adj, unit), row in panel.iterrows():
            divisor, label = axis_unit(unit, panel.xs(unit, level="unit").to_numpy(dtype="float64",
                                                                                    na_value=float("nan")).ravel())
            y = row.to_numpy(dtype="float64", na_value=float("nan")) / divisor
            style = {"marker": "o", "color": colors[(seg, adj)], "linestyle": "--" if adj else "-", **kwargs}
            axis.plot(x, y, label=series_label(seg, adj), **style)
            labels.append(label)
        style_axes(axis, list(zip(x, [c for c, _, _ in here])), span_days=QUARTER_DAYS * kind,
                   ylabel=", ".join(dict.fromkeys(labels)), title=f"{name}, {PANEL_NAMES[kind]}")
        if len(panel) > 1 or any(adj for _, _, adj, _ in panel.index):
            axis.legend(fontsize=8)
    return axes[0] if len(axes) == 1 else axes
