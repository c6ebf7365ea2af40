"""The output contract (shared CONTRACT.md) in one place: columns, dtypes, meanings.

>>> from kpi_extract import SCHEMA
>>> SCHEMA.empty().dtypes["value"]
dtype('float64')
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .errors import FrameError

__all__ = ["Column", "Schema", "SCHEMA", "COLUMNS"]

ROLES = ("actual", "change", "guidance", "target")
COMPARISONS = ("yoy", "qoq")
QUALIFIERS = ("exact", "approximately", "more_than", "less_than", "range_low", "range_high")
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "FY")


@dataclass(frozen=True)
class Column:
    """One output column: its name, pandas dtype and meaning."""

    name: str
    dtype: Any
    doc: str


def _cat(values: Iterable[str]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(values))


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
        """One column built straight in its dtype (no object Series in between)."""
        if isinstance(dtype, pd.CategoricalDtype):
            return pd.Categorical(values, dtype=dtype)
        if dtype in ("int64", "float64"):
            return pd.array(values, dtype=dtype.capitalize()).to_numpy(dtype=dtype)
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
                             f"the frame has {', '.join(map(str, df.columns)) or 'no columns'}")
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
])

#: the contract's column names, in order
COLUMNS: tuple[str, ...] = SCHEMA.names
