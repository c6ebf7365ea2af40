"""``extract`` and ``extract_many``: text in, one DataFrame of KPI rows out.

Texts are cut into paragraphs (at line breaks; very long paragraphs at sentence ends)
and piped through spaCy: the tokenizer's cache works per short text, and no text meets
spaCy's ``max_length``. Offsets are shifted back, so ``text[start:end] == value_text``.
"""
from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ConfigError, InputTypeError, PeriodWarning
from .frame import doc_rows
from .periods import detect_reporting_period
from .periods_input import parse_reporting_period
from .pipeline import MAX_CHUNK_CHARS, default_pipeline
from .schema import SCHEMA

__all__ = ["extract", "extract_many", "chunks"]

_SENT_END = re.compile(r"[.!?]\s+")


def _check_text(text: object, what: str = "text") -> str:
    if isinstance(text, str):
        return text
    kind = type(text).__name__
    hint = " (decode bytes first: data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
    raise InputTypeError(f"{what} must be a str, not {kind}{hint}")


def chunks(text: str, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, paragraph)`` pairs covering every non-blank line of ``text``."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if not line.strip():
            continue
        while len(line) > max_chars:
            cut = max((m.end() for m in _SENT_END.finditer(line, 0, max_chars)), default=max_chars)
            yield start, line[:cut]
            start, line = start + cut, line[cut:]
        yield start, line


def _doc_id(text: str) -> str:
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _items(texts: Iterable[Any]) -> Iterator[tuple[str, str]]:
    if isinstance(texts, (str, bytes)):
        raise InputTypeError("extract_many takes an iterable of texts or (doc_id, text) pairs, not one "
                             f"{type(texts).__name__}; use extract() for a single text")
    for i, item in enumerate(texts):
        if isinstance(item, tuple) and len(item) == 2:
            doc_id, text = item
            yield str(doc_id), _check_text(text, f"text of item {i} ({doc_id!r})")
        else:
            text = _check_text(item, f"item {i}")
            yield _doc_id(text), text


def _report(text: str, given: dict[str, Any], fye_month: int) -> dict[str, Any]:
    if given:
        return given
    found = detect_reporting_period(text, fye_month=fye_month)
    return {"report_fiscal_year": found[0], "report_fiscal_period": found[1]} if found else {}


def _rows(nlp: Language, items: Iterable[tuple[str, str]], given: dict[str, Any], batch_size: int,
          fye_month: int) -> Iterator[dict[str, Any]]:
    unknown: list[str] = []

    def pieces() -> Iterator[tuple[str, tuple[str, int, dict[str, Any]]]]:
        for doc_id, text in items:
            report = _report(text, given, fye_month)
            if not report and text.strip():
                unknown.append(doc_id)
            for offset, chunk in chunks(text):
                yield chunk, (doc_id, offset, report)

    def docs() -> Iterator[tuple[Doc, tuple[str, int, dict[str, Any]]]]:
        for chunk, context in pieces():
            doc = nlp.make_doc(chunk)
            doc._.kpi_text = chunk  # saves every component a Doc.text rebuild
            yield doc, context

    guided: dict[str, dict[str, Any]] = {}
    for doc, (doc_id, offset, report) in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        for row in doc_rows(doc, doc_id=doc_id, offset=offset, report=report, fye_month=fye_month):
            yield _carry_guidance_period(row, guided)
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        warnings.warn(f"no reporting period found in {shown}: fiscal_year/fiscal_period are <NA> on rows "
                      "without an explicit period; pass reporting_period='2022Q4' to resolve them",
                      PeriodWarning, stacklevel=3)


#: how far (characters) an outlook's period carries to later guidance without one
GUIDANCE_CARRY_CHARS = 1000


def _carry_guidance_period(row: dict[str, Any], guided: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Carry-over across sentences and paragraphs for outlooks: "For the third quarter, we
    expect revenue of $A. Non-GAAP EPS is expected to be $B." gives $B the third quarter."""
    if row.get("role") != "guidance":
        return row
    last = guided.get(row["doc_id"])
    if row.get("period_text") is not None:
        guided[row["doc_id"]] = row
    elif last is not None and row["start"] - last["end"] <= GUIDANCE_CARRY_CHARS:
        row.update(fiscal_year=last["fiscal_year"], fiscal_period=last["fiscal_period"],
                   period_text=last["period_text"])
        guided[row["doc_id"]] = row
    return row


def _finish(rows: Iterable[dict[str, Any]], linked_only: bool) -> pd.DataFrame:
    df = SCHEMA.frame(rows)
    if linked_only:
        df = df[df["metric"].notna()].reset_index(drop=True)
    return df


def extract(text: str, *, doc_id: str | None = None, reporting_period: str | None = None,
            linked_only: bool = False, fiscal_year_end_month: int = 12,
            nlp: Language | None = None) -> pd.DataFrame:
    """Every financial value of ``text`` as one row of the contract (``kpi_extract.COLUMNS``).

    Parameters
    ----------
    text : the transcript, filing or press release.
    doc_id : fills the ``doc_id`` column; derived from the text's hash when omitted.
    reporting_period : the document's period when known (``"2022Q4"``, ``"FY2022"``); read
        from the text otherwise ("Fourth Quarter and Full Year 2022 Earnings Call"). When
        neither gives one, rows without an explicit period keep ``<NA>`` and a
        :class:`~kpi_extract.errors.PeriodWarning` is issued once.
    linked_only : keep only rows linked to a metric.
    fiscal_year_end_month : month the company's fiscal year ends in (12; 9 for a September
        year end, whose fiscal Q1 is October-December).
    nlp : a pipeline from :func:`make_pipeline`; the cached default otherwise.

    Returns an empty frame with every column for empty or blank text. Raises
    :class:`~kpi_extract.errors.InputTypeError` (a ``TypeError``) when ``text`` is not a str.
    """
    text = _check_text(text)
    report = parse_reporting_period(reporting_period)
    fye = _fye(fiscal_year_end_month)
    ident = doc_id if doc_id is not None else _doc_id(text)
    return _finish(_rows(nlp or default_pipeline(), [(str(ident), text)], report, 64, fye), linked_only)


def extract_many(texts: Iterable[str | tuple[str, str]], *, reporting_period: str | None = None,
                 linked_only: bool = False, fiscal_year_end_month: int = 12, batch_size: int = 64,
                 nlp: Language | None = None) -> pd.DataFrame:
    """:func:`extract` over many texts (strings or ``(doc_id, text)`` pairs), one frame.
    ``reporting_period`` applies to every text; leave it out to read each one's own."""
    report = parse_reporting_period(reporting_period)
    fye = _fye(fiscal_year_end_month)
    return _finish(_rows(nlp or default_pipeline(), _items(texts), report, batch_size, fye), linked_only)


def _fye(month: object) -> int:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ConfigError(f"fiscal_year_end_month must be an int from 1 to 12, not {month!r}")
    return month
