"""The ``df.kpi`` pandas accessor: notebook views of a frame from ``kpi_extract.extract``.

Registered on ``import kpi_extract``:

>>> import kpi_extract
>>> df = kpi_extract.extract("Revenue was RMB 2,131 million. Gross profit was RMB 168.5 million "
...                          "and gross margin was 7.9%.", reporting_period="2022Q4")
>>> df.kpi.table().loc["gross_margin"].iloc[0, 0]
'7.9%'
>>> df.kpi.check()["status"].tolist()
['consistent']

Every method checks the columns it needs and raises
:class:`~kpi_extract.errors.FrameError` (a ``ValueError``) naming the missing ones.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from kpi_extract.analysis import consistency, views
from kpi_extract.analysis.guidance import track_guidance
from kpi_extract.show.guidance_plot import plot_guidance
from kpi_extract.show.plotting import plot

__all__ = ["KpiAccessor"]


@pd.api.extensions.register_dataframe_accessor("kpi")
class KpiAccessor:
    """``df.kpi``: ``table``, ``changes``, ``guidance``, ``records``, ``guidance_track``,
    ``guidance_plot``, ``plot`` and ``check``."""

    def __init__(self, df: pd.DataFrame):
        self._df = df

    def table(self, *, formatted: bool = True, metrics: Any = None) -> pd.DataFrame:
        """Actual values as metric x period (see :func:`kpi_extract.analysis.views.table`):
        ``"RMB 2.13bn"``, ``"7.9%"`` strings, or numbers with ``formatted=False``."""
        return views.table(self._df, formatted=formatted, metrics=metrics)

    def changes(self) -> pd.DataFrame:
        """The rows of role ``change``, tidy, with a signed ``formatted`` column
        (see :func:`kpi_extract.analysis.views.changes`)."""
        return views.changes(self._df)

    def guidance(self) -> pd.DataFrame:
        """The rows of role ``guidance`` and ``target`` (see :func:`kpi_extract.analysis.views.guidance`)."""
        return views.guidance(self._df)

    def records(self) -> list[dict[str, Any]]:
        """The rows as JSON-safe dicts: ``None`` for every missing value, plain Python
        numbers and strings, so ``json.dumps(df.kpi.records())`` is valid JSON (see
        :func:`kpi_extract.analysis.views.records`)."""
        return views.records(self._df)

    def guidance_track(self, *, by: Any = None, tolerance: float = 0.0, history: bool = False) -> pd.DataFrame:
        """Guidance tracked across the calls of the frame (``extract_many`` over a company's
        calls): one row per guided item with its revisions, actual and outcome, or one row
        per guide per call with ``history=True`` (see :func:`kpi_extract.analysis.guidance.track_guidance`)."""
        return track_guidance(self._df, by=by, tolerance=tolerance, history=history)

    def guidance_plot(self, metric: str, **kwargs: Any) -> Any:
        """One metric's guided ranges per period as bars (coloured by revision) and its
        actuals as markers, with matplotlib; returns the ``Axes`` (a list of them when several
        panels are drawn). Keywords: ``segment``, ``unit``, ``adjusted``, ``comparison``, ``periods``, ``ax`` (see
        :func:`kpi_extract.show.guidance_plot.plot_guidance`)."""
        return plot_guidance(self._df, metric, **kwargs)

    def plot(self, metric: str, **kwargs: Any) -> Any:
        """The actual values of ``metric`` over periods, with matplotlib (the ``plot``
        extra); returns the ``Axes`` (a list of them when quarters and longer periods are both
        drawn). Keywords: ``segment``, ``adjusted``, ``ax``, and ``Axes.plot`` options (see
        :func:`kpi_extract.show.plotting.plot`)."""
        return plot(self._df, metric, **kwargs)

    def check(self, *, contradictions_only: bool = False, min_confidence: float = 0.5) -> pd.DataFrame:
        """Arithmetic relations between the facts of each document — margins against
        profit / revenue, changes against their two levels, segments against the total —
        one row per relation, ``status`` consistent or contradiction (see
        :func:`kpi_extract.analysis.consistency.check`)."""
        return consistency.check(self._df, contradictions_only=contradictions_only, min_confidence=min_confidence)
