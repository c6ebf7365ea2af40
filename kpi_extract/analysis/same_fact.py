"""The ``same_fact`` relation of :func:`kpi_extract.check`: one fact stated twice, in a
sentence and in a table ("revenue of $2.1 billion" and the table's ``2,131`` in millions),
or in two tables of one document (the income statement's operating income and the
reconciliation's, in thousands), must agree within the precision both are stated with.

Requires the ``source`` column (frames from documents read by :func:`kpi_extract.read`;
a frame without it has no table rows, and this relation finds nothing). Two rows state
the same fact when metric, segment, adjusted flag, role, comparison, unit and period are
equal, and their documents are the same one or name the same ``company`` (a call and its
release); never across a basic and a diluted per-share amount (``share_bases`` of
``relations.json``). A sentence's fact is tried against the table rows stating it and a
table's fact against each earlier table of its document; the pairing that fits wins,
else the nearest in value is a contradiction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import pandas as pd

from kpi_extract.schema import is_missing

__all__ = ["Pair", "same_fact_pairs"]


class Pair(NamedTuple):
    """A fact (``anchor``) and the statement of it that ``other`` is, with the verdict."""

    anchor: Any
    other: Any
    ok: bool
    tolerance: float
    where: str  # where other stands: "table-2 of doc-x"


def _column(df: pd.DataFrame, name: str) -> dict[Any, Any]:
    if name not in df.columns:
        return {}
    return {i: (None if is_missing(v) else v) for i, v in zip(df.index, df[name].tolist())}


def _basis(words: Iterable[Any], bases: list[str]) -> str | None:
    text = " ".join(str(w).lower() for w in words if w)
    found = [b for b in bases if b in text]
    return found[0] if len(found) == 1 else None


def same_fact_pairs(facts: list[Any], df: pd.DataFrame, bases: list[str],
                    fits: Callable[[float, float, float], bool]) -> list[Pair]:
    """One :class:`Pair` per sentence fact stated in a table, and per table fact stated in
    an earlier table of its document (``facts`` are the ``check`` facts of ``df``'s rows)."""
    source = _column(df, "source")
    if not source:
        return []
    table, company = _column(df, "table_id"), _column(df, "company")
    words = [_column(df, "metric_text"), _column(df, "row_label")]
    by_key: dict[tuple[Any, ...], list[Any]] = {}
    for f in facts:
        if source.get(f.idx) not in ("text", "table"):
            continue
        key = (f.metric, (f.segment or "").casefold(), f.adjusted, f.role, f.comparison, f.unit, f.year, f.period,
               _basis((w.get(f.idx) for w in words), bases))
        by_key.setdefault(key, []).append(f)
    out = []
    for group in by_key.values():
        tables = [f for f in group if source[f.idx] == "table"]
        for a in group:
            if source[a.idx] == "text":
                options = {"": [b for b in tables if _same_company(a, b, company)]}
            else:
                options = {}
                for b in tables:
                    if b.doc == a.doc and table.get(b.idx) != table.get(a.idx) and b.start < a.start:
                        options.setdefault(str(table.get(b.idx)), []).append(b)
            for cands in options.values():
                if not cands:
                    continue
                tried = sorted(((b, a.half + b.half) for b in cands), key=lambda p: abs(p[0].value - a.value))
                best = next(((b, tol) for b, tol in tried if fits(b.value, a.value, tol)), None)
                b, tol = best or tried[0]
                out.append(Pair(a, b, best is not None, tol, f"{table.get(b.idx)} of {b.doc}"))
    return out


def _same_company(a: Any, b: Any, company: dict[Any, Any]) -> bool:
    if a.doc == b.doc:
        return True
    ca, cb = company.get(a.idx), company.get(b.idx)
    return ca is not None and cb is not None and str(ca).casefold() == str(cb).casefold()
