"""The marks :func:`kpi_extract.render` draws: values, metric mentions and periods as
character spans of the text, each with its label.

Values come from the frame of :func:`kpi_extract.extract` (so a value's label is its row
index there, and the value as normalized: ``#3 RMB 2.13bn``); the metric mention a row is
linked to comes from its ``metric_start`` / ``metric_end``; the metric mentions no value is
linked to and the period mentions come from the pipeline's Docs of the paragraphs drawn
(``doc._.kpi_metrics``, ``doc._.kpi_periods``). Marks never overlap: where two would, the
value wins over the metric and the metric over the period.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from kpi_extract.analysis.views import period_label
from kpi_extract.formatting import format_value

__all__ = ["Mark", "marks", "LAYERS", "PHRASE_CHARS"]

#: the longest metric phrase written in full in a label (a longer one ends in "…")
PHRASE_CHARS = 30

#: the three layers drawn, in the order they win when two marks overlap
LAYERS = ("value", "metric", "period")


@dataclass(frozen=True)
class Mark:
    """One highlighted span: character offsets in the whole text, its layer and label."""

    start: int
    end: int
    layer: str
    label: str


def _rows(rows: list[Any]) -> str:
    return ", ".join(f"#{r}" for r in rows)


def _phrase(text: Any) -> str:
    """An open-vocabulary metric phrase as its label writes it: lower case, in quotes, cut
    at :data:`PHRASE_CHARS`."""
    phrase = "" if pd.isna(text) else " ".join(str(text).lower().split())
    return f'"{phrase if len(phrase) <= PHRASE_CHARS else phrase[:PHRASE_CHARS - 1].rstrip() + "…"}"'


def _value_marks(df: pd.DataFrame) -> list[Mark]:
    out = []
    for idx, start, end, value, unit, qualifier in zip(df.index, df["start"], df["end"], df["value"], df["unit"],
                                                       df["qualifier"]):
        shown = format_value(value, None if pd.isna(unit) else unit,
                             qualifier=None if pd.isna(qualifier) else qualifier)
        out.append(Mark(int(start), int(end), "value", f"#{idx} {shown}".strip()))
    return out


def _metric_marks(df: pd.DataFrame, docs: Iterable[tuple[Doc, int]]) -> list[Mark]:
    """One mark per metric mention: ``revenue → #0, #1`` (a mention linking values of several
    metrics names each: ``shares_repurchased → #64; share_repurchase_amount → #65``), the
    phrase in quotes for a link outside the lexicon (``"cash position" → #5``), the bare id
    for a mention no value is linked to."""
    linked: dict[tuple[int, int], dict[str, list[Any]]] = {}
    for idx, metric, text, s, e in zip(df.index, df["metric"], df["metric_text"], df["metric_start"], df["metric_end"]):
        if pd.isna(s) or pd.isna(e):
            continue
        name = str(metric) if not pd.isna(metric) else _phrase(text)
        linked.setdefault((int(s), int(e)), {}).setdefault(name, []).append(idx)
    out = [Mark(s, e, "metric", "; ".join(f"{name} → {_rows(rows)}" for name, rows in groups.items()))
           for (s, e), groups in linked.items()]
    for doc, offset in docs:
        for m in doc._.kpi_metrics or []:
            if (offset + m["start"], offset + m["end"]) not in linked:
                out.append(Mark(offset + m["start"], offset + m["end"], "metric", str(m["metric"])))
    return out


def _period_marks(df: pd.DataFrame, docs: Iterable[tuple[Doc, int]]) -> list[Mark]:
    """One mark per period mention of ``docs``: the period the linked rows resolve it to and
    their rows (``2022 Q4 → #0, #1``; ``period → #3`` where they resolve none or several),
    ``period`` for a mention no value is linked to. A row's ``period_text`` is the mention
    of that text nearest to the value."""
    mentions = [(offset + p["start"], offset + p["end"], p["text"]) for doc, offset in docs
                for p in doc._.kpi_periods or []]
    linked: dict[int, list[tuple[Any, Any]]] = {}
    for idx, start, text, year, period in zip(df.index, df["start"], df["period_text"], df["fiscal_year"],
                                              df["fiscal_period"]):
        if pd.isna(text):
            continue
        same = [i for i, m in enumerate(mentions) if m[2] == text]
        if same:
            i = min(same, key=lambda i: abs(mentions[i][0] - int(start)))
            resolved = None if pd.isna(year) or pd.isna(period) else period_label(year, period)
            linked.setdefault(i, []).append((idx, resolved))
    out = []
    for i, (s, e, _) in enumerate(mentions):
        rows = linked.get(i, [])
        names = {r for _, r in rows}
        name = names.pop() if len(names) == 1 and None not in names else "period"
        out.append(Mark(s, e, "period", f"{name} → {_rows([idx for idx, _ in rows])}" if rows else "period"))
    return out


def marks(df: pd.DataFrame, docs: list[tuple[Doc, int]]) -> list[Mark]:
    """Every mark of the rows of ``df`` and the ``(doc, offset)`` paragraphs of ``docs``, in
    text order, none overlapping another (:data:`LAYERS` decides which one stays). A metric
    mention inside a value ("30 new midsized *customers*") is written in the value's label
    after a ``·`` (``#6 30 · new_customers → #6``)."""
    found = _value_marks(df) + _metric_marks(df, docs) + _period_marks(df, docs)
    kept: list[Mark] = []
    for m in sorted(found, key=lambda m: (LAYERS.index(m.layer), m.start)):
        if m.end <= m.start:
            continue
        inside = [i for i, k in enumerate(kept) if m.start < k.end and m.end > k.start]
        if not inside:
            kept.append(m)
        elif m.layer == "metric" and len(inside) == 1 and kept[inside[0]].layer == "value":
            k = kept[inside[0]]
            kept[inside[0]] = Mark(k.start, k.end, k.layer, f"{k.label} · {m.label}")
    return sorted(kept, key=lambda m: m.start)
