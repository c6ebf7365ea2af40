"""``df.kpi.plot(metric)``: a metric's actual values over periods, with matplotlib.

matplotlib is an optional extra (``pip install "kpi_extract[plot]"``), imported only here,
when a plot is drawn.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from kpi_extract.errors import FrameError, MissingDependencyError
from kpi_extract.formatting import currency_prefix, display_data, is_money, money_scale
from kpi_extract.analysis.views import TOTAL, table

__all__ = ["plot", "pyplot"]


def pyplot(what: str = "df.kpi.plot()") -> Any:
    """``matplotlib.pyplot``, imported on first use; a :class:`MissingDependencyError`
    naming the ``plot`` extra when matplotlib is not installed."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError(f"{what} needs matplotlib: pip install 'kpi_extract[plot]'") from exc
    return plt


def _scale(unit: str, values: pd.Series) -> tuple[float, str]:
    """Divisor and axis label of one unit's series (``(1e9, "RMB bn")``)."""
    if is_money(unit):
        divisor, suffix, _ = money_scale(float(values.abs().max()))
        symbol = currency_prefix(unit).strip()
        return divisor, f"{symbol} {suffix}".strip()
    spec = display_data()["ratio_units"].get(unit)
    return 1.0, spec["suffix"].strip() if spec else unit


def plot(df: pd.DataFrame, metric: str, *, segment: str | None = None, adjusted: bool | None = None,
         ax: Any = None, **kwargs: Any) -> Any:
    """A line per series of ``metric`` (one per segment, adjusted flag and unit of
    :func:`~kpi_extract.analysis.views.table`), periods in time order on the x axis, and the
    matplotlib ``Axes`` returned.

    ``segment`` (``"total"`` for the company total) and ``adjusted`` keep one kind of
    series; ``ax`` draws into given axes; other keywords go to ``Axes.plot``. Raises
    :class:`~kpi_extract.errors.FrameError` when no actual value of ``metric`` is left
    and :class:`~kpi_extract.errors.MissingDependencyError` when matplotlib is not installed.
    """
    values = table(df, formatted=False, metrics=metric)
    if segment is not None:
        values = values[values.index.get_level_values("segment") == segment]
    if adjusted is not None:
        values = values[values.index.get_level_values("adjusted") == bool(adjusted)]
    values = values.dropna(axis=1, how="all")
    if values.empty:
        raise FrameError(f"no actual value of {metric!r} to plot"
                         + (f" (segment {segment!r})" if segment is not None else "")
                         + (f" (adjusted={adjusted})" if adjusted is not None else ""))
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots()
    x = list(range(len(values.columns)))
    labels = []
    for (_, seg, adj, unit), row in values.iterrows():
        divisor, label = _scale(unit, values.xs(unit, level="unit").stack())
        y = row.to_numpy(dtype="float64", na_value=float("nan")) / divisor
        name = (seg if seg != TOTAL else metric) + (" (adjusted)" if adj else "")
        ax.plot(x, y, marker="o", label=name, **kwargs)
        labels.append(label)
    ax.set_xticks(x, list(values.columns))
    ax.set_xlabel("period")
    ax.set_ylabel(", ".join(dict.fromkeys(labels)))
    ax.set_title(metric)
    if len(values) > 1:
        ax.legend()
    return ax
