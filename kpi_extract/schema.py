"""The output contract (shared CONTRACT.md) in one place: columns, dtypes, meanings.

>>> from kpi_extract import SCHEMA
>>> SCHEMA.empty().dtypes["value"]
dtype('float64')
"""
from __future__ import annotations

import functools

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import math

import numpy
import pandas as pd

try:
    import pyarrow
except ImportError:  # pragma: no cover - pandas then stores strings as Python objects
    pyarrow = None

from kpi_extract.errors import FrameError
from kpi_extract.fiscal import PERIODS

__all__ = ["is_missing", "Column", "Schema", "SCHEMA", "COLUMNS", "ITEM_KEY", "TRACK_SCHEMA", "HISTORY_SCHEMA", "FINDINGS"]


def is_missing(x: Any) -> bool:
    """Whether a cell is missing: ``None``, ``pd.NA`` or a float NaN (the frame's three NA forms)."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))

#: the arrow type pandas stores the "string" dtype in (None: not in arrow): Schema._array
_ARROW_STRING = (pyarrow.array(pd.array(["x"], dtype="string")).type
                 if pyarrow is not None and pd.StringDtype().storage == "pyarrow" else None)

ROLES = ("actual", "change", "guidance", "target")
COMPARISONS = ("yoy", "qoq")
QUALIFIERS = ("exact", "approximately", "more_than", "less_than", "range_low", "range_high")
# the fiscal period names (PERIODS) are the calendar's: kpi_extract.fiscal
#: how a guide changed from the one the call before gave (:func:`kpi_extract.track_guidance`)
REVISIONS = ("maintained", "narrowed", "widened", "raised", "lowered")
#: where a value was said (:mod:`kpi_extract.document.speakers`)
SECTIONS = ("prepared", "qa")
#: who said it
SPEAKER_ROLES = ("company", "analyst", "operator")
#: where a value stands: a sentence or a table cell (:mod:`kpi_extract.sources`)
SOURCES = ("text", "table")
#: where the actual came in against the latest guide given before it
OUTCOMES = ("above", "within", "below", "pending")


@dataclass(frozen=True)
class Column:
    """One output column: its name, pandas dtype and meaning."""

    name: str
    dtype: Any
    doc: str


def _cat(values: Iterable[str]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(values))


@functools.lru_cache(maxsize=64)
def _category_codes(dtype: pd.CategoricalDtype) -> dict[Any, int]:
    """Each category of ``dtype`` -> its code (``pd.Categorical.from_codes`` is about 15
    times faster than ``pd.Categorical`` on a frame's column, which infers and validates)."""
    return {c: i for i, c in enumerate(dtype.categories)}


class Schema:
    """Builds empty frames and coerces row records to the contract's dtypes."""

    def __init__(self, columns: Iterable[Column]):
        self.columns: tuple[Column, ...] = tuple(columns)
        self.names: tuple[str, ...] = tuple(c.name for c in self.columns)
        self.dtypes: dict[str, Any] = {c.name: c.dtype for c in self.columns}

    def empty(self) -> pd.DataFrame:
        """A frame with every column, no rows, the right dtypes."""
        return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in self.columns})

    def frame(self, records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
        """Rows (dicts; missing keys are ``<NA>``) as a frame with exactly these columns."""
        records = list(records)
        if not records:
            return self.empty()
        return pd.DataFrame({c.name: self._array([r.get(c.name) for r in records], c.dtype) for c in self.columns})

    @staticmethod
    def _array(values: list[Any], dtype: Any) -> Any:
        """One column built straight in its dtype (no object Series in between): nullable
        integers from a numpy value array and mask, strings through pyarrow when pandas
        stores them there (each about three times faster than ``pd.array``, which infers)."""
        if isinstance(dtype, pd.CategoricalDtype):
            codes = _category_codes(dtype)
            try:  # codes by look-up, a value outside the categories missing (as pd.Categorical does)
                return pd.Categorical.from_codes(
                    numpy.fromiter((codes.get(v, -1) for v in values), dtype="int16", count=len(values)), dtype=dtype)
            except TypeError:  # an unhashable cell: let pandas say what it makes of it
                return pd.Categorical(values, dtype=dtype)
        if dtype in ("int64", "float64"):
            return pd.array(values, dtype=dtype.capitalize()).to_numpy(dtype=dtype)
        if dtype == "Int64":
            mask = numpy.fromiter((is_missing(x) for x in values), dtype=bool, count=len(values))
            data = numpy.fromiter((0 if m else x for x, m in zip(values, mask)), dtype="int64", count=len(values))
            return pd.arrays.IntegerArray(data, mask)
        if dtype == "string" and _ARROW_STRING is not None:
            return pd.arrays.ArrowStringArray(pyarrow.array(values, type=_ARROW_STRING))
        return pd.array(values, dtype=dtype)

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with the contract's columns first, in order, with the contract's dtypes."""
        extra = [c for c in df.columns if c not in self.dtypes]
        out = pd.DataFrame({n: self._coerce(df[n], self.dtypes[n]) if n in df
                            else pd.Series([None] * len(df), index=df.index).pipe(self._coerce, self.dtypes[n])
                            for n in self.names})
        for c in extra:
            out[c] = df[c]
        return out

    @staticmethod
    def _coerce(s: pd.Series, dtype: Any) -> pd.Series:
        if dtype == "boolean":
            return s.astype("object").where(s.notna(), None).astype("boolean")
        return s.astype(dtype)

    def require(self, df: object, names: Iterable[str], *, what: str) -> pd.DataFrame:
        """``df`` itself when it is a DataFrame holding every column of ``names``; a
        :class:`~kpi_extract.errors.FrameError` naming ``what`` needs them otherwise."""
        if not isinstance(df, pd.DataFrame):
            raise FrameError(f"{what} needs a pandas DataFrame, not {type(df).__name__}")
        missing = [n for n in names if n not in df.columns]
        if missing:
            raise FrameError(f"{what} needs the column(s) {', '.join(missing)} of kpi_extract.extract(); "
                             f"the frame has {', '.join(map(str, df.columns)) or 'no columns'}", missing=tuple(missing))
        return df

    def to_markdown(self) -> str:
        """The column reference as a Markdown table (for the docs)."""
        lines = ["| column | dtype | meaning |", "|---|---|---|"]
        for c in self.columns:
            dt = "category" if isinstance(c.dtype, pd.CategoricalDtype) else str(c.dtype)
            lines.append(f"| {c.name} | {dt} | {c.doc} |")
        return "\n".join(lines)


SCHEMA = Schema([
    Column("doc_id", "string", "the document's id (given by the caller, else derived from the text)"),
    Column("start", "int64", "character offset where the value mention starts"),
    Column("end", "int64", "character offset where it ends: text[start:end] == value_text"),
    Column("value_text", "string", "the mention as written (`RMB 1,057.6 million`, `negative 11.5%`)"),
    Column("value", "float64", "the normalized number in `unit`, scale words and sign applied"),
    Column("unit", "string", "ISO 4217 code, `percent`, `percentage_point`, `multiple`, `count`, `USD/share`..."),
    Column("metric", "string", "canonical metric id, `<NA>` when not linked"),
    Column("metric_text", "string", "the words the value was linked through"),
    Column("metric_start", "Int64", "character offset of metric_text"),
    Column("metric_end", "Int64", "end offset of metric_text"),
    Column("segment", "string", "business segment, product line or region; `<NA>` for the company total"),
    Column("adjusted", "boolean", "the metric is adjusted / non-GAAP"),
    Column("role", _cat(ROLES), "actual, change, guidance or target"),
    Column("comparison", _cat(COMPARISONS), "for changes: yoy or qoq"),
    Column("qualifier", _cat(QUALIFIERS), "exact, approximately, more_than, less_than, range_low, range_high"),
    Column("fiscal_year", "Int64", "the fiscal year the value belongs to"),
    Column("fiscal_period", _cat(PERIODS), "Q1-Q4, H1, H2, 9M or FY"),
    Column("period_text", "string", "the words the period was resolved from"),
    Column("sentence", "string", "the sentence the value stands in"),
    Column("confidence", "float64", "0-1, how sure the metric link is"),
    Column("report_fiscal_year", "Int64", "fiscal year of the document's reporting period"),
    Column("report_fiscal_period", _cat(PERIODS), "fiscal period of the document's reporting period"),
    Column("company", "string", "the company the document is about (given by the caller, else read from the text's "
                                "opening: \"Welcome to the Acme Fourth Quarter 2022 Earnings Call\"); `<NA>` when "
                                "neither names it; keys multi-call views (guidance tracking)"),
    Column("section", _cat(SECTIONS), "where the value was said, when the text shows it: `prepared` (remarks), `qa` "
                                      "(question-and-answer); `<NA>` when the text has no such structure"),
    Column("speaker_role", _cat(SPEAKER_ROLES), "`company` (management, IR), `analyst` (a question), `operator`; "
                                                "`<NA>` when unknown. An analyst's number is not a company fact: it "
                                                "keeps its row, with `speaker_role` = `analyst`"),
    Column("parent_metric", "string", "canonical id of the larger KPI the linked metric is part of, where the text "
                                      "says so (\"operating expenses of $5.1 billion, of which research and development "
                                      "was $1.2 billion\": `operating_expenses` on the $1.2 billion); `<NA>` otherwise"),
    Column("parent_metric_text", "string", "the words naming that larger KPI (filled also when no lexicon metric fits)"),
    Column("parent_metric_start", "Int64", "character offset of parent_metric_text"),
    Column("parent_metric_end", "Int64", "end offset of parent_metric_text"),
    *[  # ---- where in a document the value stands (kpi_extract.read: HTML and PDF tables)
        Column("source", _cat(SOURCES), "`text` (a sentence) or `table` (a table cell of an HTML or PDF document "
                                        "read by `kpi_extract.read`)"),
        Column("table_id", "string", "for table rows, the table (`table-1`, `table-2` ... in document order)"),
        Column("row_label", "string", "for table rows, the label of the cell's row (`Total revenue`, `Diluted`)"),
        Column("column_label", "string", "for table rows, the cell's column header (`Three Months Ended March 31, "
                                         "2023`), the words its period is read from"),
    ],
])

#: the contract's column names, in order
COLUMNS: tuple[str, ...] = SCHEMA.names

# ------------------------------------------------------------------ guidance tracking
#: the columns that name one guided item (a level or a change of one metric for one period)
ITEM_KEY: tuple[str, ...] = ("metric", "segment", "adjusted", "unit", "comparison", "fiscal_year", "fiscal_period")

_ITEM_COLUMNS = [Column(n, SCHEMA.dtypes[n], doc) for n, doc in (
    ("metric", "canonical metric id of the guided item"),
    ("segment", "its segment, `<NA>` for the company total"),
    ("adjusted", "adjusted / non-GAAP"),
    ("unit", "unit of the guided values (`USD`, `percent`, `USD/share`...)"),
    ("comparison", "`yoy` / `qoq` for a guided change (\"growth of 6% to 8%\"), `<NA>` for a level"),
    ("fiscal_year", "fiscal year the guide is for"),
    ("fiscal_period", "fiscal period the guide is for (`Q1`-`Q4`, `H1`, `H2`, `9M`, `FY`)"),
)]

#: the tracker's item columns: the frame's, and the basis a guide is said on (not a frame column)
_TRACK_ITEM_COLUMNS = [*_ITEM_COLUMNS[:3], Column(
    "basis", "string", "`organic`, `core` or `constant_currency` when the guide (and its actual) is said on that "
                       "basis, `<NA>` as reported (kpi_extract.analysis.guidance_basis)"), *_ITEM_COLUMNS[3:]]

#: :func:`kpi_extract.track_guidance`: one row per guided item (``by`` columns first)
TRACK_SCHEMA = Schema([
    *_TRACK_ITEM_COLUMNS,
    Column("first_doc_id", "string", "the first call that guided the item"),
    Column("first_low", "float64", "low end of that first guide (low = high for a point guide)"),
    Column("first_high", "float64", "high end of that first guide"),
    Column("latest_doc_id", "string", "the last call that guided the item"),
    Column("latest_low", "float64", "low end of the latest guide"),
    Column("latest_high", "float64", "high end of the latest guide"),
    Column("n_revisions", "Int64", "calls that guided the item again after the first (0: guided once)"),
    Column("last_revision", _cat(REVISIONS), "the latest guide against the one before it; `<NA>` when guided once"),
    Column("actual", "float64", "the reported level (or change) for the item's period; NaN when none yet"),
    Column("actual_doc_id", "string", "the call the actual comes from"),
    Column("actual_start", "Int64", "character offset of the actual's value in that call (its row's `start`)"),
    Column("outcome", _cat(OUTCOMES), "actual against the latest guide given up to its call; `pending` without actual"),
    Column("surprise_pct", "float64", "(actual - guide midpoint) / abs(midpoint) x 100"),
    Column("conflict", "boolean", "the latest call gave the item other values as guides too (`guidance_history`)"),
])

#: :func:`kpi_extract.guidance_history`: one row per guide per call (``by`` columns first)
HISTORY_SCHEMA = Schema([
    *_TRACK_ITEM_COLUMNS,
    Column("doc_id", "string", "the call that gave the guide"),
    Column("report_fiscal_year", "Int64", "that call's reporting fiscal year"),
    Column("report_fiscal_period", _cat(PERIODS), "that call's reporting fiscal period"),
    Column("call_rank", "int64", "0, 1, 2... the call's place among the calls, ordered by reporting period"),
    Column("start", "int64", "character offset of the guide's first value in the call"),
    Column("low", "float64", "low end of the guide (low = high for a point guide)"),
    Column("high", "float64", "high end of the guide"),
    Column("final", "boolean", "the guide the call is kept for: its best-evidenced mention of the item"),
    Column("revision", _cat(REVISIONS), "this guide against the previous final one (an earlier call's, or a prior "
                                        "outlook restated in this call); `<NA>` for the first"),
    Column("prior", "boolean", "a prior outlook restated in this call (\"up from our prior range of\")"),
    Column("conflict", "boolean", "the call gave the item other values as guides too"),
    Column("evidence", "float64", "the mention's guidance evidence score (weights: data/guidance.json)"),
    Column("rule", "string", "what scored (`range+company_cue+stated_period`), or `back_reference` / "
                             "`comparison_base` for a prior outlook"),
    Column("sentence", "string", "the sentence of the mention"),
    Column("actual", "float64", "the item's actual (as in the tracker), repeated on each of its rows"),
    Column("actual_doc_id", "string", "the call the actual comes from"),
])

#: :func:`kpi_extract.check`: one row per relation tested
CHECK_KINDS = ("margin", "change", "segment_sum", "same_fact")
CHECK_STATUSES = ("consistent", "contradiction")
FINDINGS = Schema([
    Column("kind", _cat(CHECK_KINDS), "margin, change, segment_sum or same_fact (one fact stated in a sentence "
                                      "and a table, or in two tables)"),
    Column("status", _cat(CHECK_STATUSES), "consistent or contradiction"),
    Column("doc_id", "string", "the document the facts come from"),
    Column("metric", "string", "the metric checked: the ratio, the changed metric, the summed metric"),
    Column("segment", "string", "its segment; `<NA>` for the company total (and for segment sums)"),
    Column("adjusted", "boolean", "its adjusted flag"),
    Column("fiscal_year", "Int64", "the period checked"),
    Column("fiscal_period", _cat(PERIODS), "the period checked"),
    Column("comparison", _cat(("yoy", "qoq")), "for changes: yoy or qoq"),
    Column("unit", "string", "unit of expected and found"),
    Column("expected", "float64", "what the other facts give: profit / revenue, the change the levels imply, "
                                  "the total"),
    Column("found", "float64", "what the text states: the margin, the change, the sum of the segments"),
    Column("tolerance", "float64", "the largest difference the stated precision explains"),
    Column("rel_error", "float64", "(found - expected) / |expected|"),
    Column("rows", "object", "index labels of the rows involved (the anchor first)"),
    Column("message", "string", "the relation in words"),
])
