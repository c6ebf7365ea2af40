"""Reading views of an extracted frame, for notebooks: the ``df.kpi`` methods' work.

:func:`table` pivots the actual values to metric x period (columns in the order of
:func:`kpi_extract.fiscal.period_key`, rows in :func:`row_order`); :func:`changes` and
:func:`guidance` keep the rows of one role, tidy and typed, with a ``formatted`` column;
:func:`records` gives any frame as JSON-safe dicts.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from kpi_extract import lexicon
from kpi_extract.fiscal import period_key
from kpi_extract.formatting import format_value
from kpi_extract.errors import FrameError
from kpi_extract.schema import SCHEMA, is_missing

__all__ = ["table", "changes", "guidance", "records", "period_label", "not_analyst", "segment_name", "row_order",
           "TOTAL", "TABLE_INDEX"]

#: the ``segment`` level of :func:`table`'s index for the company total (``segment`` <NA>)
TOTAL = "total"
#: index levels of :func:`table`
TABLE_INDEX = ("metric", "segment", "adjusted", "unit")

_TABLE_COLUMNS = ("metric", "segment", "adjusted", "unit", "role", "qualifier", "fiscal_year", "fiscal_period",
                  "value", "confidence")
_ROW_COLUMNS = ("doc_id", "metric", "segment", "adjusted", "role", "comparison", "qualifier", "fiscal_year",
                "fiscal_period", "value", "unit", "value_text", "confidence")


def not_analyst(df: pd.DataFrame) -> pd.Series:
    """True for each row not said by an analyst (``speaker_role``): an analyst's number is
    no company fact. All true for a frame without the column (one saved before it)."""
    if "speaker_role" not in df.columns:
        return pd.Series(True, index=df.index)
    return ~df["speaker_role"].isin(["analyst"])


def segment_name(segment: str) -> str:
    """The display name of a segment as :func:`table` shows it: spaces collapsed, and each
    word lower-cased unless it has a capital after its first letter (``AWS``, ``IoT``
    stay), so that "Enterprise Cloud Services" and "public cloud services" read alike and
    "Public Cloud" and "public cloud" are one row."""
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in str(segment).split())


@lru_cache(maxsize=1)
def _metric_rank() -> dict[str, int]:
    return {m["id"]: i for i, m in enumerate(lexicon.packaged("metrics.json")["metrics"])}


def row_order(key: tuple[str, str, bool, str]) -> tuple[Any, ...]:
    """Sort key of a :func:`table` row ``(metric, segment, adjusted, unit)``: the metrics in
    the packaged lexicon's order (``data/metrics.json``: revenue, gross profit, margins ...;
    others after, by name), then the company total before the segments (by name), then
    unadjusted before adjusted, then the unit. It depends on no mention order, so every
    call's table lists a metric's rows together and in the same order."""
    metric, segment, adjusted, unit = key
    rank = _metric_rank()
    return (rank.get(metric, len(rank)), metric, segment != TOTAL, segment, bool(adjusted), unit)


def _plain(value: Any) -> Any:
    """A cell as a JSON-safe Python value."""
    if is_missing(value) or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts that ``json.dumps`` writes as valid JSON: ``None`` for
    every missing value (``pd.NA``, NaN of a category or float column, ``NaT``; also an
    infinite float), Python ``int`` / ``float`` / ``bool`` / ``str`` for the rest, dates as
    ISO strings. Unlike ``df.to_dict("records")``, which keeps NaN (written ``NaN``, no
    JSON) and numpy scalars."""
    cols = [str(c) for c in df.columns]
    return [dict(zip(cols, map(_plain, row))) for row in df.itertuples(index=False, name=None)]


def period_label(year: int, period: str) -> str:
    """``"2022 Q4"``: the column label of a period."""
    return f"{int(year)} {period}"


def _report_rank(df: pd.DataFrame) -> list[int]:
    """Larger for later reports (``report_fiscal_year`` / ``_period``); -1 where unknown."""
    if "report_fiscal_year" not in df.columns or "report_fiscal_period" not in df.columns:
        return [-1] * len(df)
    out = []
    for y, p in zip(df["report_fiscal_year"].tolist(), df["report_fiscal_period"].tolist()):
        year, end, length = period_key(y, p) if not (pd.isna(y) or pd.isna(p)) else (-1, 0, 0)
        out.append(year * 100 + end * 10 + length if year >= 0 else -1)
    return out


def table(df: pd.DataFrame, *, formatted: bool = True, metrics: Any = None) -> pd.DataFrame:
    """Actual values as metric x period: index ``TABLE_INDEX`` (``segment`` is ``"total"``
    for the company total), one column per period (``"2022 Q4"``) in time order.

    Rows are in :func:`row_order` (metric, then segment, then adjusted), each segment under
    one display name (:func:`segment_name`). A cell holds the value of the latest report
    (``report_fiscal_*``) that states it; within one report an ``exact`` mention before an approximate one, then the most
    confident link, then the first mention. ``formatted`` gives strings (``"RMB 2.13bn"``,
    ``"~RMB 784.0m"`` for an approximate value; ``string`` dtype), else the numbers
    (``Float64``). ``metrics`` (a metric id or a list) keeps those metrics. Rows without a
    metric or a resolved period are left out, and so are an analyst's numbers
    (:func:`not_analyst`); empty cells are ``<NA>``. A frame of several companies raises
    :class:`~kpi_extract.errors.FrameError`: one table mixes no companies (filter one first).
    """
    SCHEMA.require(df, _TABLE_COLUMNS, what="df.kpi.table()")
    companies = sorted(set(df["company"].dropna().astype(str))) if "company" in df.columns else []
    if len(companies) > 1:
        shown = ", ".join(map(repr, companies[:5])) + (" ..." if len(companies) > 5 else "")
        raise FrameError(f"df.kpi.table() shows one company; the frame holds {len(companies)}: {shown}. "
                         "Filter one first: df[df['company'] == 'Acme'].kpi.table()")
    keep = (df["role"] == "actual") & df["metric"].notna() & df["fiscal_year"].notna() \
        & df["fiscal_period"].notna() & df["value"].notna() & not_analyst(df)
    if metrics is not None:
        keep &= df["metric"].isin([metrics] if isinstance(metrics, str) else list(metrics))
    rows = df.loc[keep.fillna(False).astype(bool)]
    work = pd.DataFrame({
        "metric": rows["metric"].astype(str),
        "segment": rows["segment"].astype("string").fillna(TOTAL).astype(str).map(segment_name),
        "adjusted": rows["adjusted"].astype("boolean").fillna(False).astype(bool),
        "unit": rows["unit"].astype(str),
        "label": [period_label(y, p) for y, p in zip(rows["fiscal_year"], rows["fiscal_period"])],
        "order": [period_key(y, p) for y, p in zip(rows["fiscal_year"], rows["fiscal_period"])],
        "value": rows["value"].astype(float),
        "qualifier": rows["qualifier"].astype(str),
        "report": [-r for r in _report_rank(rows)],
        "inexact": (rows["qualifier"] != "exact").astype(int),
        "confidence": -rows["confidence"].astype(float).fillna(0.0),
        "position": range(len(rows)),
    })
    index = list(TABLE_INDEX)
    best = work.sort_values(["report", "inexact", "confidence", "position"], kind="stable") \
        .drop_duplicates(index + ["label"], keep="first")
    periods = [lab for lab, _ in sorted(dict(zip(work["label"], work["order"])).items(), key=lambda kv: kv[1])]
    keys = sorted(set(map(tuple, work[index].itertuples(index=False))), key=row_order)
    cells = best.set_index(index + ["label"])
    if formatted:
        text = [format_value(v, u, qualifier=q) for v, u, q in zip(cells["value"], cells.index.get_level_values("unit"),
                                                                  cells["qualifier"])]
        data = pd.Series(text, index=cells.index, dtype="string")
    else:
        data = cells["value"].astype("Float64")
    dtype = "string" if formatted else "Float64"
    if not keys:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=index), columns=pd.Index([], name="period"),
                            dtype=dtype)
    out = data.unstack("label").reindex(index=pd.MultiIndex.from_tuples(keys, names=index), columns=periods)
    out.columns.name = "period"
    return out.astype(dtype)


def _rows(df: pd.DataFrame, roles: tuple[str, ...], *, what: str, signed: bool) -> pd.DataFrame:
    SCHEMA.require(df, _ROW_COLUMNS, what=what)
    keep = (df["role"].isin(roles) & df["metric"].notna()).fillna(False).astype(bool)
    extra = [c for c in ("sentence",) if c in df.columns]
    out = df.loc[keep, list(_ROW_COLUMNS) + extra].copy()
    out.insert(out.columns.get_loc("unit") + 1, "formatted", pd.array(
        [format_value(v, u, signed=signed, qualifier=q) for v, u, q in zip(out["value"], out["unit"], out["qualifier"])],
        dtype="string"))
    if isinstance(out["role"].dtype, pd.CategoricalDtype):
        out["role"] = out["role"].cat.set_categories(list(roles))
    return out


def changes(df: pd.DataFrame) -> pd.DataFrame:
    """The linked rows of role ``change``, tidy: ``doc_id``, ``metric``, ``segment``,
    ``adjusted``, ``role``, ``comparison``, ``qualifier``, ``fiscal_year``, ``fiscal_period``,
    ``value``, ``unit``, ``formatted`` (signed: ``"-20.0%"``, ``"+6.7 pp"``), ``value_text``,
    ``confidence`` and ``sentence`` when present; the contract's dtypes and the input's index."""
    return _rows(df, ("change",), what="df.kpi.changes()", signed=True)


def guidance(df: pd.DataFrame) -> pd.DataFrame:
    """The linked rows of role ``guidance`` or ``target`` (outlooks and longer-term goals),
    with the columns of :func:`changes` (``formatted`` unsigned, ``qualifier`` says which
    end of a range a row is)."""
    return _rows(df, ("guidance", "target"), what="df.kpi.guidance()", signed=False)
