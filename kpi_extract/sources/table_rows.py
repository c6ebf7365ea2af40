"""A table's numeric cells as rows of the output contract (``source`` = ``table``).

Requires a :class:`~kpi_extract.sources.model.Table` whose header rows are marked. Each
cell holding a number below the header gives one row: ``metric`` from the row label
through the metric lexicon (:func:`label_metric`; ``<NA>`` with ``metric_text`` = the label
where none fits), a label-only row opening a section (a metric, "Revenue:", whose rows are
its segments in a segment table; a segment, "Americas", in a table whose caption says
segments), the period from the column header (:mod:`kpi_extract.sources.headers`), scale
and currency from the caption (per-share rows keep their own scale: "in millions, except
per share data"), parentheses as negatives, a dash or "n/m" as no value, "% change"
columns as ``change`` rows. ``start`` / ``end`` point at the cell's text.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kpi_extract.errors import PeriodWarning
from kpi_extract.fiscal import comparison_period
from kpi_extract.pipeline.metrics.lexicon import MetricLexicon
from kpi_extract.sources.headers import (ColumnHeader, caption_currency, caption_scale, column_header,
                                         resolve_period, rules)
from kpi_extract.sources.model import Cell, Table

__all__ = ["table_rows", "label_metric", "cell_number", "column_headers", "TABLE_CONFIDENCE"]

#: ``confidence`` of a row whose label names a lexicon metric (the label is the metric)
TABLE_CONFIDENCE = 0.95
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PUNCT = re.compile(r"[:;*†‡]|\(\d\)|\s+\(\w\)$")


def cell_number(text: str) -> Decimal | None:
    """The number a cell holds, sign applied ("(12)" and "-12" -> -12), ``None`` for a
    dash, "n/m" or anything that is not one number."""
    t = text.strip()
    if not t or t.lower() in rules().missing:
        return None
    found = _NUM.findall(t)
    if len(found) != 1:
        return None
    try:
        n = Decimal(found[0].replace(",", ""))
    except InvalidOperation:
        return None
    negative = ("(" in t and ")" in t) or bool(re.match(r"^[^\d]*[-−–]", t))
    return -n if negative else n


def _norm(label: str) -> str:
    s = _PUNCT.sub(" ", label.lower().replace("’", "'"))
    return " ".join(s.split()).strip(" ,.")


def label_metric(label: str, lexicon: MetricLexicon) -> tuple[str | None, bool, bool]:
    """``(metric id, adjusted, negative)`` of a row label: the whole label, less a
    modifier (adjusted, non-GAAP, GAAP) and a prefix of ``tables.json`` ("Total"), must be a
    lexicon phrase (hyphens may be blanks); ``(None, adjusted, False)`` otherwise."""
    s = _norm(label)
    adjusted = False
    changed = True
    while changed and s:
        changed = False
        for form in sorted(lexicon.modifiers, key=len, reverse=True):
            if s.startswith(form + " "):
                adjusted = adjusted or lexicon.modifiers[form] == "adjusted"
                s, changed = s[len(form) + 1:], True
                break
        for prefix in rules().label_prefixes:
            if s.startswith(prefix + " "):
                s, changed = s[len(prefix) + 1:], True
    for form in (s, s.replace("-", " "), re.sub(r"\s*\(.*?\)", "", s).strip(" ,")):
        hit = lexicon.phrases.get(form)
        if hit is not None:
            return hit[0], adjusted, hit[1]
    return None, adjusted, False


def column_headers(table: Table) -> list[ColumnHeader]:
    """The reading of each column's header (column 0, the labels, included)."""
    heads = [r for r in table.rows if r and r[0].header]
    out = []
    for j in range(table.n_columns):
        parts: list[str] = []
        for r in heads:
            if j < len(r) and r[j].text and (not parts or parts[-1] != r[j].text):
                parts.append(r[j].text)
        out.append(column_header(" ".join(parts)))
    return out


@dataclass
class _Section:
    label: Cell | None = None
    metric: str | None = None
    adjusted: bool = False
    segment: str | None = None


def _change_periods(headers: list[ColumnHeader], periods: list[tuple[Any, Any]],
                    table: Table) -> dict[int, tuple[Any, Any, str | None]]:
    """Each change column's ``(year, period, comparison)``: the later period of the
    columns under the same top header cell, compared with the one before it."""
    top = [r for r in table.rows if r and r[0].header][:1]
    group = [top[0][j].text if top and j < len(top[0]) else "" for j in range(len(headers))]
    out = {}
    for j, h in enumerate(headers):
        if not h.change:
            continue
        mates = [periods[k] for k in range(len(headers)) if k != j and group[k] == group[j]
                 and not headers[k].change and periods[k][0] is not None]
        if not mates:
            out[j] = (None, None, None)
            continue
        later = max(mates)
        comparison = next((c for c in ("yoy", "qoq") for m in mates
                           if comparison_period(later[0], later[1], c) == m), None)
        out[j] = (later[0], later[1], comparison)
    return out


def table_rows(table: Table, *, lexicon: MetricLexicon, fye_month: int, naming: str = "end",
               default_currency: str | None = None, common: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows of ``table``'s numeric cells (each with ``common``'s cells too); a
    :class:`~kpi_extract.errors.PeriodWarning` when a column holding values has no period."""
    r = rules()
    headers = column_headers(table)
    header_labels = " ".join(row[0].text for row in table.rows if row and row[0].header)
    caption = f"{table.caption} {header_labels}"
    scale = caption_scale(caption)
    cells_text = " ".join(c.text for row in table.rows for c in row)
    currency = caption_currency(caption, cells_text) or default_currency or r.default_currency
    except_shares = bool(re.search(r"except\s+(?:for\s+)?shares?\b|except\s+share\b", caption, re.I))
    segment_table = bool(r.segment_re.search(caption))
    periods = [resolve_period(h, fye_month, naming) for h in headers]
    changes = _change_periods(headers, periods, table)
    section, out, unknown = _Section(), [], set()
    for row in table.rows:
        if not row or row[0].header:
            continue
        label = row[0]
        values = [(j, c, cell_number(c.text)) for j, c in enumerate(row) if j > 0 and c.text]
        if not any(n is not None for _, _, n in values):
            if label.text and not values:  # a section row
                metric, adjusted, _ = label_metric(label.text, lexicon)
                is_segment = metric is None and (segment_table or bool(r.segment_re.search(label.text)))
                section = _Section(label, metric, adjusted, label.text.strip(" :") if is_segment else None)
            continue
        metric, adjusted, negative = label_metric(label.text, lexicon)
        norm = _norm(label.text)
        segment, metric_cell = section.segment, label
        if metric is None and section.metric is not None:
            metric, adjusted, metric_cell = section.metric, adjusted or section.adjusted, section.label
            if norm not in r.share_bases and segment_table and not norm.startswith(r.label_prefixes):
                segment = label.text.strip(" :")
        elif metric is not None and section.metric is not None and metric != section.metric:
            adjusted = adjusted or section.adjusted
        info = lexicon.metrics.get(metric) if metric else None
        words = f"{label.text} {section.label.text if section.label else ''}"
        per_share = bool(r.per_share.search(words)) or (info is not None and info.kinds == {"per_share"})
        count = not per_share and (bool(r.counts.search(words)) or (info is not None and info.kinds == {"count"}))
        ratio = info is not None and info.is_ratio and not (info.kinds & {"money", "count", "per_share"})
        for j, cell, number in values:
            if number is None:
                continue
            h = headers[j] if j < len(headers) else column_header("")
            if h.change:
                year, period, comparison = changes.get(j, (None, None, None))
                role = "change"
            else:
                (year, period), comparison, role = periods[j] if j < len(periods) else (None, None), None, "actual"
            if year is None:
                unknown.add(h.label or f"column {j + 1}")
            if "%" in cell.text or ratio or (h.change and h.percent):
                unit, factor = "percent", Decimal(1)
            elif per_share:
                unit, factor = f"{currency}/share", Decimal(1)
            elif count:
                unit, factor = "count", Decimal(1) if except_shares else Decimal(str(scale))
            else:
                unit, factor = currency, Decimal(str(scale))
            value = float(number * factor)
            if negative and value > 0 and role == "actual":
                value = -value  # a row named after a loss ("Net loss") holds its amounts unsigned
            out.append({
                **(common or {}),
                "start": cell.start, "end": cell.end, "value_text": cell.text, "value": value, "unit": unit,
                "metric": metric, "metric_text": metric_cell.text or None,
                "metric_start": metric_cell.start if metric_cell.text else None,
                "metric_end": metric_cell.end if metric_cell.text else None,
                "segment": segment, "adjusted": adjusted, "role": role, "comparison": comparison,
                "qualifier": "exact", "fiscal_year": year, "fiscal_period": period,
                "period_text": h.label or None, "sentence": " | ".join(c.text for c in row if c.text),
                "confidence": TABLE_CONFIDENCE if metric else 0.0, "source": "table", "table_id": table.table_id,
                "row_label": label.text or None, "column_label": h.label or None,
            })
    if unknown:
        warnings.warn(PeriodWarning(
            f"{table.table_id}: no period in the header of column(s) {', '.join(sorted(unknown))}; "
            "their rows keep a <NA> period (never a guessed one)"), stacklevel=2)
    return out
