"""What both plots share (``df.kpi.plot`` and ``plot_guidance``): matplotlib imported on
first use, display names, the unit an axis is drawn in, a time-true period axis and panels.

* Names: :func:`display_name` writes a metric id as people read it (``"gross_margin"`` ->
  ``"Gross margin"``, ``"rd_expenses"`` -> ``"R&D expenses"``), by the data of
  ``data/display_names.json`` (acronyms per word, whole names).
* Units: :func:`axis_unit` divides money by the scale of its largest value and names the
  axis as :func:`~kpi_extract.formatting.format_value` writes values (``"RMB bn"``, ``"%"``,
  ``"pp"``); tick labels are plain numbers, never ``1e9`` offsets.
* Time: a period sits at the date it ends (:func:`period_date`), so 2021 Q2 -> 2022 Q3 is
  five quarters wide, not one step; ticks are labelled ``"2022 Q4"`` (the columns of
  ``df.kpi.table()``).
* Panels: quarters, halves, nine months and full years are never drawn on one axis
  (:func:`panel_kinds`): one panel each, with its own scale.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.errors import ConfigError, MissingDependencyError
from kpi_extract.fiscal import period_end, quarters_spanned
from kpi_extract.formatting import currency_prefix, display_data, is_money, money_scale

__all__ = ["pyplot", "display_name", "axis_unit", "period_date", "panel_kinds", "PANEL_NAMES", "axes_for",
           "style_axes"]

#: the panel of each period length (quarters spanned), in drawing order
PANEL_NAMES = {1: "quarterly", 2: "half-year", 3: "nine months", 4: "full year"}


def pyplot(what: str = "df.kpi.plot()") -> Any:
    """``matplotlib.pyplot``, imported on first use; a :class:`MissingDependencyError`
    naming the ``plot`` extra when matplotlib is not installed."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError(f"{what} needs matplotlib: pip install 'kpi_extract[plot]'") from exc
    return plt


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    return lexicon.packaged("display_names.json")


def display_name(metric: str) -> str:
    """The name a metric id is shown under: a whole name of ``display_names.json``, else
    its words with acronyms written out and the first letter capitalized."""
    data = _names()
    if metric in data["names"]:
        return data["names"][metric]
    words = [data["words"].get(w, w) for w in str(metric).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def axis_unit(unit: str, values: Iterable[float]) -> tuple[float, str]:
    """``(divisor, axis label)`` of one unit's values: ``(1e9, "RMB bn")`` for CNY
    billions, ``(1.0, "%")`` for percent, ``(1.0, "$/share")`` per share."""
    if is_money(unit):
        finite = [abs(float(v)) for v in values if v == v]
        divisor, suffix, _ = money_scale(max(finite, default=0.0))
        return divisor, f"{currency_prefix(unit).strip()} {suffix}".strip()
    if "/" in unit and is_money(unit.split("/", 1)[0]):
        code, per = unit.split("/", 1)
        return 1.0, f"{currency_prefix(code).strip()}/{per}"
    if unit == "count":
        finite = [abs(float(v)) for v in values if v == v]
        divisor, suffix, _ = money_scale(max(finite, default=0.0), "count_scales")
        return divisor, suffix or "count"
    spec = display_data()["ratio_units"].get(unit)
    return 1.0, spec["suffix"].strip() if spec else unit


def period_date(year: int, period: str, fye_month: int = 12, naming: str = "end") -> float:
    """The day fiscal period ``(year, period)`` ends, as a matplotlib date number (days
    since 1970): the last day of the month its last quarter ends in, for a fiscal year
    ending in month ``fye_month`` and named by the year it ends in (``naming="end"``) or
    starts in (``"start"``; see :mod:`kpi_extract.fiscal`)."""
    quarter = period_end(int(year), str(period)) - int(year) * 4  # 1..4
    end_year = int(year) + (1 if naming == "start" and fye_month != 12 else 0)
    month = fye_month - 3 * (4 - quarter)
    if month <= 0:
        month, end_year = month + 12, end_year - 1
    first_of_next = dt.date(end_year + month // 12, month % 12 + 1, 1)
    return float((first_of_next - dt.timedelta(days=1) - dt.date(1970, 1, 1)).days)


def panel_kinds(periods: Iterable[str]) -> list[int]:
    """The panels ``periods`` need: their lengths in quarters (:data:`PANEL_NAMES`), in order."""
    return sorted({quarters_spanned(str(p)) for p in periods})


def axes_for(ax: Any, kinds: Sequence[int], what: str, *, widths: Sequence[float] | None = None) -> list[Any]:
    """One Axes per panel: ``ax`` itself (one Axes, or a sequence of one per panel), else a
    new figure with the panels side by side (``widths``: their relative widths)."""
    if ax is None:
        plt = pyplot(what)
        widths = list(widths) if widths else [1.0] * len(kinds)
        fig, axes = plt.subplots(1, len(kinds), squeeze=False, gridspec_kw={"width_ratios": widths},
                                 figsize=(max(5.0, 1.0 + sum(widths)), 4), layout="constrained")
        return list(axes[0])
    given = list(ax) if isinstance(ax, (list, tuple)) else [ax]
    if len(given) != len(kinds):
        names = ", ".join(PANEL_NAMES[k] for k in kinds)
        raise ConfigError(f"{what} draws {len(kinds)} panel(s) here ({names}): pass {len(kinds)} Axes as ax=, "
                          "or keep one kind of period with periods= (['Q1', 'Q2', 'Q3', 'Q4'], ['FY'])")
    return given


def style_axes(ax: Any, ticks: Sequence[tuple[float, str]], *, span_days: float, ylabel: str, title: str) -> None:
    """The axis style of both plots: period ticks at their end dates (labels rotated when
    many), half a period of margin, plain y tick labels in ``ylabel`` units, a light grid."""
    positions = [x for x, _ in ticks]
    ax.set_xticks(positions, [label for _, label in ticks], rotation=45 if len(ticks) > 6 else 0,
                  ha="right" if len(ticks) > 6 else "center")
    if positions:
        ax.set_xlim(min(positions) - span_days * 0.6, max(positions) + span_days * 0.6)
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
