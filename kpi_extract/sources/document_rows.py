"""The table rows of a whole :class:`~kpi_extract.sources.model.SourceDocument`, with the
document's reporting period, company and fiscal year end (read as
:func:`kpi_extract.read_call` reads them, from the document's prose)."""
from __future__ import annotations

from typing import Any

from kpi_extract.document.call import reading_for
from kpi_extract.document.company import read_company
from kpi_extract.pipeline.metrics.lexicon import MetricLexicon, packaged_lexicon
from kpi_extract.sources.headers import caption_currency, implied_fye_month
from kpi_extract.sources.model import SourceDocument
from kpi_extract.sources.table_rows import column_headers, table_rows

__all__ = ["document_table_rows", "tables_fye_month", "merge_rows"]


def tables_fye_month(doc: SourceDocument) -> int | None:
    """The month the fiscal year ends in, as the document's table headers show it
    ("Nine Months Ended March 31" -> 6); ``None`` when no header says."""
    for t in doc.tables:
        month = implied_fye_month(column_headers(t))
        if month is not None:
            return month
    return None


def document_table_rows(doc: SourceDocument, *, doc_id: str, given: dict[str, Any] | None = None,
                        fye_month: int | None = None, meta: dict[str, Any] | None = None, naming: str = "end",
                        lexicon: MetricLexicon | None = None) -> list[dict[str, Any]]:
    """Every table's rows (:func:`~kpi_extract.sources.table_rows.table_rows`), each with
    ``doc_id``, the reporting period (``meta``'s ``report`` or ``call_date``, the run's
    ``given``, else read from the prose) and the company (``meta``'s, else the prose's). The
    fiscal year end: ``fye_month`` when given, else the tables' headers, else the prose's."""
    if not doc.tables:
        return []
    meta = meta or {}
    prose = doc.prose
    fye = fye_month or tables_fye_month(doc)
    own_date = meta.get("call_date")
    call = reading_for(prose, given=meta.get("report") or (None if own_date is not None else given or {}),
                       call_date=own_date if own_date is not None else meta.get("run_call_date"),
                       fye_month=fye, naming=naming)
    company = meta.get("company") if meta.get("company") is not None else read_company(prose)
    common = {"doc_id": doc_id, **call.report, "company": company}
    currency = caption_currency("", prose)
    out: list[dict[str, Any]] = []
    for t in doc.tables:
        out.extend(table_rows(t, lexicon=lexicon or packaged_lexicon(), fye_month=fye or call.fiscal_year_end_month,
                              naming=naming, default_currency=currency, common=common))
    return out


def merge_rows(text_rows: list[dict[str, Any]], table_rows_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One document's text and table rows in text order (by ``start``; a text row first at a tie)."""
    if not table_rows_:
        return text_rows
    return sorted(text_rows + table_rows_, key=lambda r: r["start"])
