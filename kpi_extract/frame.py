"""From processed docs to rows of the output contract (see :mod:`kpi_extract.schema`)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc

__all__ = ["doc_rows"]

_DEFAULTS = {"role": "actual", "qualifier": "exact", "adjusted": False, "confidence": 0.0}


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(0, len(doc.text))]


def doc_rows(doc: Doc, *, doc_id: str, offset: int = 0, report: dict[str, Any] | None = None
             ) -> Iterator[dict[str, Any]]:
    """One row dict per value of ``doc`` (``doc._.kpi_values``), offsets shifted by ``offset``.

    Columns the pipeline does not fill stay absent (``<NA>`` in the frame)."""
    values = doc._.kpi_values or []
    if not values:
        return
    text = doc.text
    bounds = _sentence_bounds(doc)
    starts = [b[0] for b in bounds]
    for v in values:
        i = max(0, bisect_right(starts, v["start"]) - 1)
        s0, s1 = bounds[i]
        row = dict(_DEFAULTS)
        row.update(report or {})
        row.update(
            doc_id=doc_id, start=v["start"] + offset, end=v["end"] + offset,
            value_text=text[v["start"]:v["end"]], value=v["value"], unit=v["unit"],
            qualifier=v["qualifier"], sentence=text[s0:s1].strip(),
        )
        for key in ("metric", "metric_text", "metric_start", "metric_end", "segment", "adjusted", "role",
                    "comparison", "fiscal_year", "fiscal_period", "period_text", "confidence"):
            if key in v:
                row[key] = v[key]
        for key in ("metric_start", "metric_end"):
            if row.get(key) is not None:
                row[key] += offset
        yield row
